// Which probe types can attach, decided from facts detected on a machine (or made up in a fixture).
#pragma once

#include <map>
#include <string>

#include "kernel/catalog.h"

namespace gpttrace {

// What the probe-type rules look at. RealCatalog detects each fact; FixtureCatalog sets them.
struct MachineFacts {
  std::string tracefs;          // tracefs mount point with an events/ directory; empty when none
  bool kprobe_events = false;   // <tracefs>/kprobe_events exists (CONFIG_KPROBE_EVENTS)
  bool uprobes = false;         // <tracefs>/uprobe_events or the uprobe PMU exists
  bool perf_events = false;     // /proc/sys/kernel/perf_event_paranoid exists (CONFIG_PERF_EVENTS)
  bool cpu_pmu = false;         // a CPU PMU with events: /sys/bus/event_source/devices/{cpu,cpu_core}/events
  bool breakpoint_pmu = false;  // /sys/bus/event_source/devices/breakpoint (hardware watchpoints)
  bool btf = false;             // kernel BTF readable
  BpftraceInfo bpftrace;
  std::map<std::string, std::string> bpftrace_features;  // parse_bpftrace_info of `bpftrace --info`
};

// The rules, one per type. `bpftrace --info` is trusted for kfunc and iter only: it says "kprobe: yes"
// on kernels without kprobe_events, where attaching then fails.
ProbeSupport decide_support(ProbeType type, const MachineFacts& facts);

}  // namespace gpttrace
