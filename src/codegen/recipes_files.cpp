// Recipes for file and memory system calls: open, delete, rename, chmod, chown, stat, read, write, mmap, brk.
// Each family lists every syscall variant; the assembler keeps the variants that have the fields used.
#include "codegen/recipe.h"

namespace gpttrace::codegen {

namespace {

// A user-space path argument of a syscall, read at entry.
Expr path_arg(const std::string& field) { return Expr{"args->" + field, Site::Begin, true, "", "%s"}; }

Expr ret_value() { return Expr{"args->ret", Site::End}; }

// A file syscall family: the path is the File key and a List column; the return value is the result.
Result<Recipe> file_family(const RecipeContext& ctx, Recipe recipe, const std::vector<std::string>& variants,
                           const std::string& path_field) {
  if (auto ok = use_syscalls(ctx, recipe, variants); !ok) return tl::unexpected(ok.error());
  recipe.keys[Key::File] = path_arg(path_field);
  recipe.details.insert(recipe.details.begin(), Detail{"PATH", path_arg(path_field)});
  recipe.ret = ret_value();
  return recipe;
}

// read/write families: the bytes are the return value when it is positive.
Result<Recipe> io_family(const RecipeContext& ctx, Recipe recipe, const std::vector<std::string>& variants) {
  if (auto ok = use_syscalls(ctx, recipe, variants); !ok) return tl::unexpected(ok.error());
  Expr bytes{"args->ret", Site::End, false, "args->ret > 0"};
  recipe.measures[Measure::Bytes] = bytes;
  recipe.ret = ret_value();
  recipe.details.push_back(Detail{"RET", ret_value()});
  return recipe;
}

}  // namespace

Result<Recipe> file_recipe(const RecipeContext& ctx) {
  Recipe r;
  switch (ctx.spec.event) {
    case EventKind::FileOpen:
      r.noun = "opens", r.what_en = "file opens", r.what_zh = "文件打开";
      r.list_paired = true;  // show the file descriptor or the error, as opensnoop does
      return file_family(ctx, r, {"openat", "open", "openat2"}, "filename");
    case EventKind::FileDelete:
      r.noun = "deletes", r.what_en = "file deletions", r.what_zh = "文件删除";
      return file_family(ctx, r, {"unlinkat", "unlink", "rmdir"}, "pathname");
    case EventKind::FileRename:
      r.noun = "renames", r.what_en = "file renames", r.what_zh = "文件重命名";
      r.details.push_back(Detail{"NEW", path_arg("newname")});
      return file_family(ctx, r, {"renameat2", "renameat", "rename"}, "oldname");
    case EventKind::FileChmod:
      r.noun = "chmods", r.what_en = "file mode changes (chmod)", r.what_zh = "文件权限修改（chmod）";
      r.details.push_back(Detail{"MODE", Expr{"args->mode", Site::Begin, false, "", "%o"}});
      return file_family(ctx, r, {"fchmodat", "fchmodat2", "chmod", "fchmod"}, "filename");
    case EventKind::FileChown:
      r.noun = "chowns", r.what_en = "file owner changes (chown)", r.what_zh = "文件所有者修改（chown）";
      r.details.push_back(Detail{"UID", Expr{"args->user", Site::Begin}});
      r.details.push_back(Detail{"GID", Expr{"args->group", Site::Begin}});
      return file_family(ctx, r, {"fchownat", "chown", "lchown", "fchown"}, "filename");
    case EventKind::FileStat:
      r.noun = "stats", r.what_en = "file stat calls", r.what_zh = "文件 stat 调用";
      return file_family(ctx, r,
                         {"newfstatat", "statx", "newstat", "newlstat", "newfstat", "access", "faccessat",
                          "faccessat2"},
                         "filename");
    case EventKind::Read:
      r.noun = "reads", r.what_en = "reads", r.what_zh = "读操作";
      return io_family(ctx, r, {"read", "pread64", "readv", "preadv", "preadv2"});
    case EventKind::Write:
      r.noun = "writes", r.what_en = "writes", r.what_zh = "写操作";
      return io_family(ctx, r, {"write", "pwrite64", "writev", "pwritev", "pwritev2"});
    case EventKind::Mmap: {
      r.noun = "mmaps", r.what_en = "mmap calls", r.what_zh = "mmap 调用";
      if (auto ok = use_syscalls(ctx, r, {"mmap"}); !ok) return tl::unexpected(ok.error());
      Expr len{"args->len", Site::Begin};
      r.measures[Measure::Bytes] = len;
      r.ret = ret_value();
      r.details = {Detail{"LEN", len}, Detail{"PROT", Expr{"args->prot", Site::Begin, false, "", "%lx"}},
                   Detail{"FLAGS", Expr{"args->flags", Site::Begin, false, "", "%lx"}}};
      return r;
    }
    case EventKind::Brk:
      r.noun = "brks", r.what_en = "brk calls", r.what_zh = "brk 调用";
      if (auto ok = use_syscalls(ctx, r, {"brk"}); !ok) return tl::unexpected(ok.error());
      r.details = {Detail{"BRK", Expr{"args->brk", Site::Begin, false, "", "0x%lx"}}};
      return r;
    default:
      return fail("not a file or memory event");
  }
}

}  // namespace gpttrace::codegen
