// The bpftrace probe types and their spellings (aliases included), independent of any machine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpttrace {

enum class ProbeType {
  Begin,
  End,
  Tracepoint,
  RawTracepoint,
  Kprobe,
  Kretprobe,
  Kfunc,     // also spelled fentry
  Kretfunc,  // also spelled fexit
  Uprobe,
  Uretprobe,
  Usdt,
  Profile,
  Interval,
  Software,
  Hardware,
  Watchpoint,
  Iter,
};

// "tracepoint", "t", "kprobe", "k", "fentry", ... -> type. nullopt for unknown spellings.
std::optional<ProbeType> probe_type_from_name(std::string_view name);
// Every attachable probe type (BEGIN and END excluded), in the order listings show them.
const std::vector<ProbeType>& all_probe_types();

// Canonical long name: "tracepoint", "kfunc", ...
std::string_view probe_type_name(ProbeType type);

}  // namespace gpttrace
