// Recipes for scheduler, CPU, memory-fault and block I/O events.
#include <algorithm>

#include <fmt/format.h>

#include "codegen/recipe.h"

namespace gpttrace::codegen {

namespace {

bool available(const KernelCatalog& catalog, ProbeType type) { return catalog.support(type).available; }

bool has_field(const KernelCatalog& catalog, std::string_view cat, std::string_view name, std::string_view field) {
  auto tp = catalog.tracepoint(cat, name);
  return tp && std::any_of(tp->fields.begin(), tp->fields.end(), [&](const auto& f) { return f.name == field; });
}

Result<Recipe> context_switch_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (ctx.catalog.tracepoint("sched", "sched_switch")) {
    // Runs as the task being switched out: comm/pid are the previous task.
    r.end = {"tracepoint:sched:sched_switch"};
    r.details = {Detail{"NEXT_COMM", Expr{"args->next_comm", Site::Any, false, "", "%s"}},
                 Detail{"NEXT_PID", Expr{"args->next_pid", Site::Any}}};
    return r;
  }
  if (!available(ctx.catalog, ProbeType::Software))
    return fail("this kernel has neither sched:sched_switch nor software events for context switches");
  r.end = {"software:context-switches:1"};
  r.notes.push_back("no sched:sched_switch tracepoint: using the software event context-switches");
  return r;
}

Result<Recipe> runqueue_recipe(const RecipeContext& ctx) {
  Recipe r;
  r.begin = present_tracepoints(ctx.catalog, "sched", {"sched_wakeup", "sched_wakeup_new"});
  if (r.begin.empty() || !ctx.catalog.tracepoint("sched", "sched_switch"))
    return fail("this kernel lacks sched:sched_wakeup or sched:sched_switch, needed for run queue latency");
  r.end = {"tracepoint:sched:sched_switch"};
  r.begin_key = "args->pid";
  r.end_key = "args->next_pid";
  r.always_paired = true;
  // The waiting task is the one switched in: keys and filters describe it, not the task switched out.
  Expr comm{"args->next_comm", Site::End, false, "", "%s"};
  Expr pid{"args->next_pid", Site::End};
  r.keys = {{Key::Comm, comm}, {Key::Pid, pid}, {Key::Tid, pid}, {Key::Cpu, Expr{"cpu", Site::End}}};
  r.no_keys = {Key::Uid, Key::UserStack, Key::KernelStack};
  r.cgroup = false;
  // @_start is the assembler's begin-time map. A preempted task goes straight back on the run queue (prev_state 0, or TASK_REPORT_MAX when preempted).
  r.blocks = {"tracepoint:sched:sched_switch\n/args->prev_pid != 0 && (args->prev_state & 0xff) == 0/ "
              "{ @_start[args->prev_pid] = nsecs; }"};
  r.extra_probes = {"tracepoint:sched:sched_switch"};
  return r;
}

// Off-CPU time: from a thread's switch-out (where the task switching out is current, so comm, pid, stacks
// and cgroup describe it) to its switch-in (as next_pid), at the same tracepoint.
Result<Recipe> offcpu_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (!ctx.catalog.tracepoint("sched", "sched_switch"))
    return fail("this kernel lacks sched:sched_switch, needed for off-CPU time");
  r.begin = {"tracepoint:sched:sched_switch"};
  r.end = {"tracepoint:sched:sched_switch"};
  r.begin_key = "tid";
  r.end_key = "args->next_pid";
  r.builtin_site = Site::Begin;
  r.always_paired = true;
  r.begin_cond = "tid != 0";  // the idle task is not a thread that waits
  return r;
}

Result<Recipe> profile_recipe(const RecipeContext& ctx) {
  Recipe r;
  int hz = ctx.spec.frequency_hz.value_or(99);
  if (hz <= 0 || hz > 10000) return fail(fmt::format("sampling rate {} Hz is out of range (1 to 10000)", hz));
  r.what_en = fmt::format("on-CPU samples at {} Hz", hz),
  r.what_zh = fmt::format("以 {} Hz 采样的 CPU 样本", hz);
  if (!available(ctx.catalog, ProbeType::Profile))
    return fail("profile probes can't attach here: " + ctx.catalog.support(ProbeType::Profile).reason);
  r.end = {fmt::format("profile:hz:{}", hz)};
  r.details = {Detail{"CPU", Expr{"cpu", Site::Any}}};
  return r;
}

Result<Recipe> page_fault_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (available(ctx.catalog, ProbeType::Software)) {
    r.end = {"software:page-faults:1"};
    return r;
  }
  if (!ctx.catalog.tracepoint("exceptions", "page_fault_user"))
    return fail("this kernel has neither software events nor exceptions:page_fault_user for page faults");
  r.end = {"tracepoint:exceptions:page_fault_user"};
  r.details = {Detail{"ADDR", Expr{"args->address", Site::Any, false, "", "0x%lx"}}};
  r.notes.push_back("software events are not available: counting user page faults with exceptions:page_fault_user");
  return r;
}

Result<Recipe> block_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (!ctx.catalog.tracepoint("block", "block_rq_issue"))
    return fail("this kernel has no block:block_rq_issue tracepoint");
  r.begin = {"tracepoint:block:block_rq_issue"};
  if (ctx.catalog.tracepoint("block", "block_rq_complete")) r.end = {"tracepoint:block:block_rq_complete"};
  // A request is the same from issue to completion on its device and sector; completion runs in
  // interrupt context, so the process is the one that issued it.
  r.begin_key = r.end_key = "args->dev, args->sector";
  r.builtin_site = Site::Begin;
  Expr bytes = has_field(ctx.catalog, "block", "block_rq_issue", "bytes")
                   ? Expr{"args->bytes", Site::Begin}
                   : Expr{"args->nr_sector * 512", Site::Begin};
  r.measures[Measure::Bytes] = bytes;
  r.keys[Key::Disk] = Expr{"args->dev", Site::Any};
  r.details = {Detail{"DEV", Expr{"args->dev", Site::Begin}},
               Detail{"RWBS", Expr{"args->rwbs", Site::Begin, false, "", "%s"}},
               Detail{"SECTOR", Expr{"args->sector", Site::Begin}}, Detail{"BYTES", bytes}};
  return r;
}

}  // namespace

Result<Recipe> sched_recipe(const RecipeContext& ctx) {
  switch (ctx.spec.event) {
    case EventKind::ContextSwitch: return context_switch_recipe(ctx);
    case EventKind::RunqueueLatency: return runqueue_recipe(ctx);
    case EventKind::OffCpu: return offcpu_recipe(ctx);
    case EventKind::CpuProfile: return profile_recipe(ctx);
    case EventKind::PageFault: return page_fault_recipe(ctx);
    case EventKind::BlockIo: return block_recipe(ctx);
    default: return fail("not a scheduler, CPU or block event");
  }
}

}  // namespace gpttrace::codegen
