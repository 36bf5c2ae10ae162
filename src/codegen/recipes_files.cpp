// Recipes for file and memory system calls: open, delete, rename, chmod, chown, stat, read, write, mmap, brk.
// Each family traces the syscall variants its event model lists; the assembler keeps those with the fields used.
#include "codegen/recipe.h"

namespace gpttrace::codegen {

namespace {

// A user-space path argument of a syscall, read at entry.
Expr path_arg(const std::string& field) { return Expr{"args->" + field, Site::Begin, true, "", "%s"}; }

Expr ret_value() { return Expr{"args->ret", Site::End}; }

// A file syscall family: the path is the File key and a List column; the return value is the result.
Result<Recipe> file_family(const RecipeContext& ctx, Recipe recipe, const std::string& path_field) {
  if (auto ok = use_syscalls(ctx, recipe, family_syscalls(ctx)); !ok) return tl::unexpected(ok.error());
  recipe.keys[Key::File] = path_arg(path_field);
  recipe.details.insert(recipe.details.begin(), Detail{"PATH", path_arg(path_field)});
  recipe.ret = ret_value();
  return recipe;
}

// read/write families: the bytes are the return value when it is positive.
Result<Recipe> io_family(const RecipeContext& ctx, Recipe recipe) {
  if (auto ok = use_syscalls(ctx, recipe, family_syscalls(ctx)); !ok) return tl::unexpected(ok.error());
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
      r.list_paired = true;  // show the file descriptor or the error, as opensnoop does
      return file_family(ctx, r, "filename");
    case EventKind::FileDelete:
      return file_family(ctx, r, "pathname");
    case EventKind::FileRename:
      r.details.push_back(Detail{"NEW", path_arg("newname")});
      return file_family(ctx, r, "oldname");
    case EventKind::FileChmod:
      r.details.push_back(Detail{"MODE", Expr{"args->mode", Site::Begin, false, "", "%o"}});
      return file_family(ctx, r, "filename");
    case EventKind::FileChown:
      r.details.push_back(Detail{"UID", Expr{"args->user", Site::Begin}});
      r.details.push_back(Detail{"GID", Expr{"args->group", Site::Begin}});
      return file_family(ctx, r, "filename");
    case EventKind::FileStat:
      return file_family(ctx, r, "filename");
    case EventKind::Read:
      return io_family(ctx, r);
    case EventKind::Write:
      return io_family(ctx, r);
    case EventKind::Mmap: {
      if (auto ok = use_syscalls(ctx, r, family_syscalls(ctx)); !ok) return tl::unexpected(ok.error());
      Expr len{"args->len", Site::Begin};
      r.measures[Measure::Bytes] = len;
      r.ret = ret_value();
      r.details = {Detail{"LEN", len}, Detail{"PROT", Expr{"args->prot", Site::Begin, false, "", "%lx"}},
                   Detail{"FLAGS", Expr{"args->flags", Site::Begin, false, "", "%lx"}}};
      return r;
    }
    case EventKind::Brk:
      if (auto ok = use_syscalls(ctx, r, family_syscalls(ctx)); !ok) return tl::unexpected(ok.error());
      r.details = {Detail{"BRK", Expr{"args->brk", Site::Begin, false, "", "0x%lx"}}};
      return r;
    default:
      return fail("not a file or memory event");
  }
}

}  // namespace gpttrace::codegen
