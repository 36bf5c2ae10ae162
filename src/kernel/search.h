// Ranked probe search over a catalog: "tcp", "sys_enter_open*", "what can I trace about tcp?".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/catalog.h"

namespace gpttrace {

struct ProbeMatch {
  std::string probe;     // full bpftrace spelling: "tracepoint:tcp:tcp_retransmit_skb", "kprobe:tcp_connect"
  ProbeType type = ProbeType::Tracepoint;
  bool attachable = true;  // false when the probe type cannot attach here (e.g. kprobes without kprobe_events)
  double score = 0;        // higher is better
};

// Probes matching `query`: a glob (contains * or ?) matches full names; otherwise words are extracted
// (stop words like "what can I trace about" dropped) and ranked by exact name, prefix, substring, and
// category match; attachable probes rank above unattachable ones. Includes tracepoints, kernel functions
// (as kfunc or kprobe per support), software and hardware events.
std::vector<ProbeMatch> search_probes(const KernelCatalog& catalog, std::string_view query,
                                      size_t limit = 50);

// The bpftrace spellings of the software events (page-faults, context-switches, cpu-clock, ...).
const std::vector<std::string>& software_event_names();
// The bpftrace spellings of the hardware events (cpu-cycles, instructions, cache-misses, ...).
const std::vector<std::string>& hardware_event_names();

// Shell-style glob: '*' matches any run of characters (':' included), '?' one character.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace gpttrace
