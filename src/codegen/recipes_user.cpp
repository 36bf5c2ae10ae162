// Recipes for system calls in general, user-space functions (uprobes: malloc, getaddrinfo, readline, any
// FUNCTION in BINARY) and kernel functions (kfunc, kprobe, or the closest tracepoints, said so in a note).
#include <algorithm>

#include <fmt/format.h>

#include "check/checks.h"
#include "codegen/recipe.h"

namespace gpttrace::codegen {

namespace {

bool available(const KernelCatalog& catalog, ProbeType type) { return catalog.support(type).available; }

Result<Recipe> syscall_recipe(const RecipeContext& ctx) {
  Recipe r;
  r.ret = Expr{"args->ret", Site::End};
  if (!ctx.spec.syscalls.empty()) {
    // Named syscalls have their own tracepoints; the probe name says which one fired.
    if (auto ok = use_syscalls(ctx, r, {}); !ok) return tl::unexpected(ok.error());
    r.what_en = fmt::format("{} calls", fmt::join(r.requested, "/"));
    r.what_zh = fmt::format("{} 调用", fmt::join(r.requested, "/"));
    r.keys[Key::Syscall] = Expr{"probe", Site::Any, false, "", "%s"};
    r.details = {Detail{"SYSCALL", r.keys[Key::Syscall]}};
    return r;
  }
  if (!ctx.catalog.tracepoint("raw_syscalls", "sys_enter"))
    return fail("this kernel has no raw_syscalls:sys_enter tracepoint");
  r.begin = {"tracepoint:raw_syscalls:sys_enter"};
  if (ctx.catalog.tracepoint("raw_syscalls", "sys_exit")) r.end = {"tracepoint:raw_syscalls:sys_exit"};
  // raw_syscalls give the syscall number only (the number shown is this architecture's).
  r.keys[Key::Syscall] = Expr{"args->id", Site::Any};
  r.details = {Detail{"SYSCALL_ID", r.keys[Key::Syscall]}};
  return r;
}

Result<std::string> uprobe_target(const RecipeContext& ctx, const std::string& binary,
                                  const std::string& function) {
  if (!available(ctx.catalog, ProbeType::Uprobe))
    return fail("uprobes can't attach here: " + ctx.catalog.support(ProbeType::Uprobe).reason);
  auto path = ctx.catalog.resolve_binary(binary);
  if (!path) return tl::unexpected(path.error());
  if (function.find_first_of("*?") != std::string::npos) return *path;
  auto symbols = ctx.catalog.user_symbols(*path);
  if (!symbols) return tl::unexpected(symbols.error());
  if (!std::binary_search(symbols->begin(), symbols->end(), function) &&
      std::find(symbols->begin(), symbols->end(), function) == symbols->end())
    return fail(fmt::format("{} has no function '{}'", *path, function),
                fmt::format("list its functions with `gpttrace probes 'uprobe:{}:*'`", *path));
  return *path;
}

// A user function: uprobe at entry, uretprobe at return (for latency and the return value).
Result<Recipe> user_function(const RecipeContext& ctx, Recipe r, const std::string& binary,
                             const std::string& function) {
  auto path = uprobe_target(ctx, binary, function);
  if (!path) return tl::unexpected(path.error());
  r.begin = {fmt::format("uprobe:{}:{}", *path, function)};
  if (available(ctx.catalog, ProbeType::Uretprobe)) r.end = {fmt::format("uretprobe:{}:{}", *path, function)};
  r.keys[Key::Function] = Expr{"func", Site::Any, false, "", "%s"};
  return r;
}

Result<Recipe> kernel_function(const RecipeContext& ctx) {
  const std::string& fn = ctx.spec.function;
  if (fn.empty()) return fail("no kernel function was named");
  Recipe r;
  r.what_en = fmt::format("calls of kernel function {}", fn),
  r.what_zh = fmt::format("内核函数 {} 的调用", fn);
  r.keys[Key::Function] = Expr{"func", Site::Any, false, "", "%s"};
  bool latency = ctx.measure == Measure::Latency || (ctx.spec.filters.threshold &&
                                                     ctx.spec.filters.threshold->measure == Measure::Latency);
  bool in_btf = ctx.catalog.kernel_function(fn).has_value();
  if (in_btf && available(ctx.catalog, ProbeType::Kfunc) &&
      (!latency || available(ctx.catalog, ProbeType::Kretfunc))) {
    r.begin = {"kfunc:" + fn};  // respelled fentry: on bpftrace 0.20+
    r.end = {"kretfunc:" + fn};
    return r;
  }
  bool known = in_btf || ctx.catalog.kernel_function_names().empty();
  if (known && available(ctx.catalog, ProbeType::Kprobe) &&
      (!latency || available(ctx.catalog, ProbeType::Kretprobe))) {
    r.begin = {"kprobe:" + fn};
    r.end = {"kretprobe:" + fn};
    return r;
  }
  // Neither can attach: observe what the function does through tracepoints.
  std::vector<std::string> alternatives = tracepoint_alternatives(ctx.catalog, fn);
  std::string why = !in_btf && !ctx.catalog.kernel_function_names().empty()
                        ? fmt::format("{} is not a kernel function in this kernel's BTF", fn)
                        : "this kernel has no kprobes or kfunc";
  std::vector<std::string> enters;
  for (const std::string& tp : alternatives)
    if (tp.find(":sys_exit_") == std::string::npos) enters.push_back("tracepoint:" + tp);
  if (enters.empty())
    return fail(fmt::format("{}, and no tracepoint observes {}", why, fn),
                "count a related syscall or tracepoint instead (`gpttrace probes 'tracepoint:*'`)");
  r.keys[Key::Function] = Expr{"probe", Site::Any, false, "", "%s"};
  if (latency) {
    // Latency needs an entry/exit pair: the first syscall alternative that has both.
    auto pair = std::find_if(enters.begin(), enters.end(), [&](const std::string& p) {
      if (p.find(":sys_enter_") == std::string::npos) return false;
      std::string exit = p.substr(p.find("sys_enter_") + 10);
      return ctx.catalog.tracepoint("syscalls", "sys_exit_" + exit).has_value();
    });
    if (pair == enters.end())
      return fail(fmt::format("{}, and no syscall pair observes {}: its latency can't be measured", why, fn));
    std::string name = pair->substr(pair->find("sys_enter_") + 10);
    r.begin = {*pair};
    r.end = {"tracepoint:syscalls:sys_exit_" + name};
    r.notes.push_back(fmt::format("{}; timing syscalls:sys_enter_{} to sys_exit_{} instead of {}", why, name, name, fn));
    return r;
  }
  r.end = enters;
  std::vector<std::string> names;
  for (const std::string& e : enters) names.push_back(e.substr(std::string_view("tracepoint:").size()));
  r.notes.push_back(fmt::format("{}; counting {} instead of {}", why, fmt::join(names, ", "), fn));
  return r;
}

}  // namespace

Result<Recipe> user_recipe(const RecipeContext& ctx) {
  const TraceSpec& spec = ctx.spec;
  Recipe r;
  switch (spec.event) {
    case EventKind::Syscall:
      return syscall_recipe(ctx);
    case EventKind::Malloc: {
      auto out = user_function(ctx, r, spec.binary.empty() ? "libc" : spec.binary, "malloc");
      if (!out) return out;
      Expr size{"arg0", Site::Begin};
      out->measures[Measure::Bytes] = size;
      out->details = {Detail{"SIZE", size}};
      return out;
    }
    case EventKind::DnsLookup: {
      auto out = user_function(ctx, r, spec.binary.empty() ? "libc" : spec.binary, "getaddrinfo");
      if (!out) return out;
      Expr host{"arg0", Site::Begin, true, "", "%s"};
      out->keys[Key::Address] = host;
      out->details = {Detail{"HOST", host}};
      out->ret = Expr{"(int32)retval", Site::End};  // 0 or an EAI_* error code (negative)
      out->failure = Expr{"retval != 0", Site::End};
      out->list_paired = true;
      return out;
    }
    case EventKind::UserFunction: {
      if (spec.binary.empty() || spec.function.empty())
        return fail("a user function needs both a binary and a function name", "e.g. malloc in libc");
      r.what_en = fmt::format("calls of {} in {}", spec.function, spec.binary),
      r.what_zh = fmt::format("{} 中 {} 的调用", spec.binary, spec.function);
      return user_function(ctx, r, spec.binary, spec.function);
    }
    case EventKind::KernelFunction:
      return kernel_function(ctx);
    case EventKind::BashCommand: {
      auto path = uprobe_target(ctx, spec.binary.empty() ? "bash" : spec.binary, "readline");
      if (!path) return tl::unexpected(path.error());
      if (!available(ctx.catalog, ProbeType::Uretprobe))
        return fail("uretprobes can't attach here: " + ctx.catalog.support(ProbeType::Uretprobe).reason);
      // readline returns the line typed, once the user presses Enter.
      r.end = {fmt::format("uretprobe:{}:readline", *path)};
      r.details = {Detail{"COMMAND", Expr{"retval", Site::Any, true, "", "%s"}}};
      return r;
    }
    default:
      return fail("not a user-space or kernel function event");
  }
}

}  // namespace gpttrace::codegen
