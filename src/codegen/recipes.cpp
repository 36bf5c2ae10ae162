// Recipe dispatch and the helpers the per-family recipe builders share.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "codegen/recipe.h"

namespace gpttrace::codegen {

std::vector<std::string> present_tracepoints(const KernelCatalog& catalog, std::string_view category,
                                             const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& name : names)
    if (catalog.tracepoint(category, name)) out.push_back(fmt::format("tracepoint:{}:{}", category, name));
  return out;
}

// System calls that glibc's function of the same name is implemented with on current kernels, so that
// "nanosleep calls" also sees the clock_nanosleep that nanosleep(3) really makes.
const std::vector<std::string>& libc_implementations(const std::string& name) {
  static const std::map<std::string, std::vector<std::string>> table = {
      {"nanosleep", {"clock_nanosleep"}}, {"open", {"openat"}},         {"creat", {"openat"}},
      {"stat", {"newfstatat", "statx"}},  {"lstat", {"newfstatat", "statx"}}, {"fstat", {"newfstatat", "newfstat"}}, {"access", {"faccessat", "faccessat2"}},
      {"fork", {"clone", "clone3"}},      {"vfork", {"clone", "clone3"}}, {"unlink", {"unlinkat"}},
      {"rmdir", {"unlinkat"}},            {"rename", {"renameat2"}},     {"chmod", {"fchmodat"}},
      {"chown", {"fchownat"}},            {"mkdir", {"mkdirat"}},        {"dup2", {"dup3"}},
      {"pipe", {"pipe2"}},                {"poll", {"ppoll"}},           {"select", {"pselect6"}},
      {"epoll_wait", {"epoll_pwait"}},    {"wait", {"wait4"}},           {"waitpid", {"wait4"}}};
  static const std::vector<std::string> none;
  auto it = table.find(name);
  return it == table.end() ? none : it->second;
}

Result<void> use_syscalls(const RecipeContext& ctx, Recipe& recipe, std::vector<std::string> variants) {
  if (!ctx.spec.syscalls.empty()) {
    // The request named syscalls: trace those of this family (or exactly those for plain syscalls), plus
    // the syscalls glibc implements them with.
    std::vector<std::string> named;
    auto add = [&](const std::string& name) {
      if (std::find(named.begin(), named.end(), name) != named.end()) return;
      if (variants.empty() || std::find(variants.begin(), variants.end(), name) != variants.end())
        named.push_back(name);
    };
    for (const std::string& name : ctx.spec.syscalls) {
      add(name);
      for (const std::string& real : libc_implementations(name)) {
        if (!ctx.catalog.tracepoint("syscalls", "sys_enter_" + real)) continue;
        size_t before = named.size();
        add(real);
        if (named.size() > before)
          recipe.notes.push_back(fmt::format("also tracing {}: glibc's {}() is implemented with it", real, name));
      }
    }
    if (named.empty())
      return fail(fmt::format("{} is not one of the system calls for {} ({})", fmt::join(ctx.spec.syscalls, ", "),
                              recipe.what_en, fmt::join(variants, ", ")));
    variants = named;
    recipe.requested = named;
  }
  std::vector<std::string> missing;
  for (const std::string& name : variants) {
    bool enter = ctx.catalog.tracepoint("syscalls", "sys_enter_" + name).has_value();
    bool exit = ctx.catalog.tracepoint("syscalls", "sys_exit_" + name).has_value();
    if (enter) recipe.begin.push_back("tracepoint:syscalls:sys_enter_" + name);
    if (enter && exit) recipe.end.push_back("tracepoint:syscalls:sys_exit_" + name);
    if (!enter) missing.push_back(name);
  }
  if (recipe.begin.empty())
    return fail(fmt::format("this kernel has no syscalls:sys_enter_{} tracepoint", fmt::join(variants, "/sys_enter_")),
                "check `gpttrace probes 'syscalls:*'` for the system calls this kernel can trace");
  if (!recipe.requested.empty() && !missing.empty())
    recipe.notes.push_back(fmt::format("this kernel has no tracepoint for {}: not traced", fmt::join(missing, ", ")));
  recipe.paired_syscalls = true;
  return {};
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

Result<Recipe> make_recipe(const RecipeContext& ctx) {
  switch (ctx.spec.event) {
    case EventKind::FileOpen:
    case EventKind::FileDelete:
    case EventKind::FileRename:
    case EventKind::FileChmod:
    case EventKind::FileChown:
    case EventKind::FileStat:
    case EventKind::Read:
    case EventKind::Write:
    case EventKind::Mmap:
    case EventKind::Brk:
      return file_recipe(ctx);
    case EventKind::ProcessExec:
    case EventKind::ProcessExit:
    case EventKind::ProcessFork:
    case EventKind::ThreadCreate:
    case EventKind::SignalSend:
    case EventKind::OomKill:
    case EventKind::Sleep:
      return process_recipe(ctx);
    case EventKind::ContextSwitch:
    case EventKind::RunqueueLatency:
    case EventKind::CpuProfile:
    case EventKind::PageFault:
    case EventKind::BlockIo:
    case EventKind::OffCpu:
      return sched_recipe(ctx);
    case EventKind::TcpConnect:
    case EventKind::TcpAccept:
    case EventKind::TcpState:
    case EventKind::TcpRetransmit:
    case EventKind::UdpSend:
      return net_recipe(ctx);
    case EventKind::Syscall:
    case EventKind::Malloc:
    case EventKind::DnsLookup:
    case EventKind::UserFunction:
    case EventKind::KernelFunction:
    case EventKind::BashCommand:
      return user_recipe(ctx);
    case EventKind::Tracepoint:
      return catalog_recipe(ctx);
  }
  return fail("unknown event kind");
}

}  // namespace gpttrace::codegen
