// Recipes for process life-cycle events: exec, exit, fork, new threads, signals, OOM kills and sleeps.
#include <algorithm>

#include <fmt/format.h>

#include "codegen/recipe.h"

namespace gpttrace::codegen {

namespace {

constexpr std::string_view kCloneThread = "0x10000";  // CLONE_THREAD

bool has_field(const KernelCatalog& catalog, std::string_view cat, std::string_view name, std::string_view field) {
  auto tp = catalog.tracepoint(cat, name);
  return tp && std::any_of(tp->fields.begin(), tp->fields.end(), [&](const auto& f) { return f.name == field; });
}

// A string field of a tracepoint: __data_loc fields need str(); char[N] arrays are strings already.
std::string string_field(const KernelCatalog& catalog, std::string_view cat, std::string_view name,
                         std::string_view field) {
  auto tp = catalog.tracepoint(cat, name);
  if (tp)
    for (const auto& f : tp->fields)
      if (f.name == field && f.data_loc) return fmt::format("str(args->{})", field);
  return fmt::format("args->{}", field);
}

bool wants_result(const TraceSpec& spec) {
  return spec.filters.only_failures || std::count(spec.keys.begin(), spec.keys.end(), Key::Error) > 0;
}

Result<Recipe> exec_recipe(const RecipeContext& ctx) {
  Recipe r;
  const bool list = ctx.spec.aggregation == Aggregation::List;
  if (!wants_result(ctx.spec) && !list && ctx.catalog.tracepoint("sched", "sched_process_exec")) {
    // Successful execs, seen with the new program's name.
    r.end = {"tracepoint:sched:sched_process_exec"};
    r.keys[Key::File] = Expr{string_field(ctx.catalog, "sched", "sched_process_exec", "filename"), Site::Any,
                             false, "", "%s"};
    return r;
  }
  if (auto ok = use_syscalls(ctx, r, family_syscalls(ctx)); !ok) return tl::unexpected(ok.error());
  Expr path{"args->filename", Site::Begin, true, "", "%s"};
  r.keys[Key::File] = path;
  r.ret = Expr{"args->ret", Site::End};
  if (ctx.catalog.kernel().btf) r.details.push_back(Detail{"PPID", Expr{"curtask->real_parent->tgid", Site::Any}});
  if (wants_result(ctx.spec))
    r.details.push_back(Detail{"PATH", path});
  else
    r.list_tail = "join(args->argv);";  // the whole command line; ends the printf line
  return r;
}

Result<Recipe> exit_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (ctx.catalog.kernel().btf && ctx.catalog.tracepoint("sched", "sched_process_exit")) {
    // The tracepoint has no exit code; the task's exit_code (BTF) holds status << 8 | signal.
    r.end = {"tracepoint:sched:sched_process_exit"};
    if (has_field(ctx.catalog, "sched", "sched_process_exit", "group_dead")) r.end_cond = "args->group_dead";
    Expr code{"curtask->exit_code >> 8", Site::Any};
    r.keys[Key::ExitCode] = code;
    r.failure = Expr{"curtask->exit_code != 0", Site::Any};
    r.details = {Detail{"CODE", code}, Detail{"SIGNAL", Expr{"curtask->exit_code & 0x7f", Site::Any}}};
    return r;
  }
  if (!ctx.catalog.tracepoint("syscalls", "sys_enter_exit_group"))
    return fail("this kernel has neither sched:sched_process_exit with BTF nor syscalls:sys_enter_exit_group");
  r.end = {"tracepoint:syscalls:sys_enter_exit_group"};
  Expr code{"args->error_code", Site::Any};
  r.keys[Key::ExitCode] = code;
  r.failure = Expr{"args->error_code != 0", Site::Any};
  r.details = {Detail{"CODE", code}};
  r.notes.push_back("no kernel BTF for the exit code at sched_process_exit: using exit_group(), which misses "
                    "processes killed by a signal");
  return r;
}

Result<Recipe> fork_recipe(const RecipeContext& ctx, bool threads) {
  Recipe r;
  if (has_field(ctx.catalog, "task", "task_newtask", "clone_flags")) {
    // Runs in the parent; clone_flags tells a thread from a process (clone3 included).
    r.end = {"tracepoint:task:task_newtask"};
    r.end_cond = fmt::format("(args->clone_flags & {}) {} 0", kCloneThread, threads ? "!=" : "==");
    r.details = {Detail{threads ? "TID" : "CHILD_PID", Expr{"args->pid", Site::Any}}};
    return r;
  }
  if (threads) {
    if (!ctx.catalog.tracepoint("syscalls", "sys_enter_clone"))
      return fail("this kernel has neither task:task_newtask nor syscalls:sys_enter_clone");
    r.end = {"tracepoint:syscalls:sys_enter_clone"};
    r.end_cond = fmt::format("args->clone_flags & {}", kCloneThread);
    r.notes.push_back("no task:task_newtask tracepoint: counting clone(CLONE_THREAD); threads made with clone3() "
                      "(glibc 2.34+ pthread_create) are not seen");
    return r;
  }
  if (!ctx.catalog.tracepoint("sched", "sched_process_fork"))
    return fail("this kernel has neither task:task_newtask nor sched:sched_process_fork");
  r.end = {"tracepoint:sched:sched_process_fork"};
  r.details = {
      Detail{"CHILD_COMM", Expr{string_field(ctx.catalog, "sched", "sched_process_fork", "child_comm"), Site::Any,
                                false, "", "%s"}},
      Detail{"CHILD_PID", Expr{"args->child_pid", Site::Any}}};
  r.notes.push_back("no task:task_newtask tracepoint: sched_process_fork also reports new threads");
  return r;
}

Result<Recipe> signal_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (!ctx.spec.filters.only_failures && ctx.catalog.tracepoint("signal", "signal_generate")) {
    r.end = {"tracepoint:signal:signal_generate"};
    r.keys[Key::Signal] = Expr{"args->sig", Site::Any};
    r.target_pid = Expr{"args->pid", Site::Any};
    r.details = {Detail{"SIG", Expr{"args->sig", Site::Any}},
                 Detail{"TARGET_PID", Expr{"args->pid", Site::Any}},
                 Detail{"TARGET_COMM", Expr{string_field(ctx.catalog, "signal", "signal_generate", "comm"), Site::Any,
                                            false, "", "%s"}},
                 Detail{"RESULT", Expr{"args->result", Site::Any}}};
    return r;
  }
  // Failed sends are only visible as the return value of kill(2) and friends.
  if (auto ok = use_syscalls(ctx, r, family_syscalls(ctx)); !ok) return tl::unexpected(ok.error());
  r.keys[Key::Signal] = Expr{"args->sig", Site::Begin};
  r.target_pid = Expr{"args->pid", Site::Begin};
  r.ret = Expr{"args->ret", Site::End};
  r.details = {Detail{"SIG", Expr{"args->sig", Site::Begin}}, Detail{"TARGET_PID", Expr{"args->pid", Site::Begin}}};
  return r;
}

Result<Recipe> oom_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (!ctx.catalog.tracepoint("oom", "mark_victim")) return fail("this kernel has no oom:mark_victim tracepoint");
  r.end = {"tracepoint:oom:mark_victim"};
  // The victim, not the task that ran out of memory, is what the keys and filters describe.
  r.keys[Key::Comm] = Expr{string_field(ctx.catalog, "oom", "mark_victim", "comm"), Site::Any, false, "", "%s"};
  r.keys[Key::Pid] = Expr{"args->pid", Site::Any};
  r.no_keys = {Key::Tid};
  if (has_field(ctx.catalog, "oom", "mark_victim", "uid"))
    r.keys[Key::Uid] = Expr{"args->uid", Site::Any};
  else
    r.no_keys.push_back(Key::Uid);
  r.cgroup = false;
  if (has_field(ctx.catalog, "oom", "mark_victim", "anon_rss"))
    r.details = {Detail{"TOTAL_VM(kB)", Expr{"args->total_vm", Site::Any}},
                 Detail{"ANON_RSS(kB)", Expr{"args->anon_rss", Site::Any}}};
  return r;
}

Result<Recipe> sleep_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (auto ok = use_syscalls(ctx, r, family_syscalls(ctx)); !ok) return tl::unexpected(ok.error());
  // The requested time is a user-space timespec; bpftrace 0.17 needs the struct declared to read it.
  r.preamble = "struct gt_timespec { unsigned long tv_sec; unsigned long tv_nsec; };";
  std::string setup = "$ts = (struct gt_timespec *)args->rqtp; $req_ns = $ts->tv_sec * 1000000000 + $ts->tv_nsec;";
  r.measures[Measure::Duration] = Expr{"$req_ns", Site::Begin, false, "", "%d", setup};
  r.details = {Detail{"REQ(ms)", Expr{"$req_ns / 1000000", Site::Begin, false, "", "%d", setup}}};
  r.ret = Expr{"args->ret", Site::End};
  return r;
}

}  // namespace

Result<Recipe> process_recipe(const RecipeContext& ctx) {
  switch (ctx.spec.event) {
    case EventKind::ProcessExec: return exec_recipe(ctx);
    case EventKind::ProcessExit: return exit_recipe(ctx);
    case EventKind::ProcessFork: return fork_recipe(ctx, false);
    case EventKind::ThreadCreate: return fork_recipe(ctx, true);
    case EventKind::SignalSend: return signal_recipe(ctx);
    case EventKind::OomKill: return oom_recipe(ctx);
    case EventKind::Sleep: return sleep_recipe(ctx);
    default: return fail("not a process event");
  }
}

}  // namespace gpttrace::codegen
