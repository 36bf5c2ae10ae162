// Probe-type support rules: each unavailable type gets a one-line reason and, when one exists, the probe
// type that does the same job here.
#include "kernel/support_rules.h"

#include <fmt/format.h>

namespace gpttrace {

namespace {

constexpr const char* kMountHint = "tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)";

ProbeSupport yes() {
  return {true, {}, {}};
}
ProbeSupport no(std::string reason, std::string alternative = {}) {
  return {false, std::move(reason), std::move(alternative)};
}

bool feature_yes(const MachineFacts& facts, const std::string& key) {
  auto it = facts.bpftrace_features.find(key);
  return it != facts.bpftrace_features.end() && it->second == "yes";
}

bool any_iter(const MachineFacts& facts) {
  for (const auto& [key, value] : facts.bpftrace_features)
    if (key.starts_with("iter:") && value == "yes") return true;
  return false;
}

bool kfunc_works(const MachineFacts& facts) {
  return facts.btf && facts.bpftrace.found && feature_yes(facts, "kfunc");
}

ProbeSupport kprobe_support(const MachineFacts& facts, bool ret) {
  if (!facts.tracefs.empty() && facts.kprobe_events) return yes();
  std::string alternative = kfunc_works(facts) ? (ret ? "kretfunc" : "kfunc") : "tracepoint";
  if (facts.tracefs.empty()) return no(kMountHint, alternative);
  return no(fmt::format("CONFIG_KPROBES is off: no kprobe_events in {}", facts.tracefs), alternative);
}

ProbeSupport kfunc_support(const MachineFacts& facts, bool ret) {
  if (kfunc_works(facts)) return yes();
  bool kprobes = !facts.tracefs.empty() && facts.kprobe_events;
  std::string alternative = kprobes ? (ret ? "kretprobe" : "kprobe") : "tracepoint";
  if (!facts.btf) return no("no kernel BTF (/sys/kernel/btf/vmlinux), which kfunc needs", alternative);
  if (!facts.bpftrace.found) return no("bpftrace is not installed, so kfunc support is unknown", alternative);
  return no("bpftrace --info says 'kfunc: no': this kernel cannot attach fentry programs", alternative);
}

}  // namespace

ProbeSupport decide_support(ProbeType type, const MachineFacts& facts) {
  switch (type) {
    case ProbeType::Begin:
    case ProbeType::End:
      return yes();
    case ProbeType::Tracepoint:
      return facts.tracefs.empty() ? no(kMountHint) : yes();
    case ProbeType::RawTracepoint:
      if (facts.bpftrace.found && facts.bpftrace.rawtracepoint) return yes();
      if (!facts.bpftrace.found) return no("bpftrace is not installed", "tracepoint");
      return no(fmt::format("bpftrace {} does not support rawtracepoint probes (0.19+ does)",
                            facts.bpftrace.version),
                "tracepoint");
    case ProbeType::Kprobe:
      return kprobe_support(facts, false);
    case ProbeType::Kretprobe:
      return kprobe_support(facts, true);
    case ProbeType::Kfunc:
      return kfunc_support(facts, false);
    case ProbeType::Kretfunc:
      return kfunc_support(facts, true);
    case ProbeType::Uprobe:
    case ProbeType::Uretprobe:
    case ProbeType::Usdt:
      if (facts.uprobes) return yes();
      return no("CONFIG_UPROBES is off: no uprobe_events in tracefs and no uprobe PMU", "tracepoint");
    case ProbeType::Profile:
    case ProbeType::Interval:
    case ProbeType::Software:
      if (facts.perf_events) return yes();
      return no("CONFIG_PERF_EVENTS is off: no /proc/sys/kernel/perf_event_paranoid",
                type == ProbeType::Software ? "tracepoint" : "");
    case ProbeType::Hardware:
      if (!facts.perf_events) return no("CONFIG_PERF_EVENTS is off: no /proc/sys/kernel/perf_event_paranoid");
      if (facts.cpu_pmu) return yes();
      return no(
          "no CPU PMU (/sys/bus/event_source/devices/cpu): hardware counters are not exposed here, "
          "as in most VMs",
          "software");
    case ProbeType::Watchpoint:
      if (facts.perf_events && facts.breakpoint_pmu) return yes();
      return no("no breakpoint PMU (/sys/bus/event_source/devices/breakpoint) for watchpoints", "uprobe");
    case ProbeType::Iter:
      if (facts.bpftrace.found && any_iter(facts)) return yes();
      if (!facts.bpftrace.found) return no("bpftrace is not installed, so iter support is unknown");
      return no("bpftrace --info reports no iter:* support on this kernel");
  }
  return no("unknown probe type");
}

}  // namespace gpttrace
