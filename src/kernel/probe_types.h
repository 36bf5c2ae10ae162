// The bpftrace probe types and their spellings (aliases included), independent of any machine.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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
// Canonical long name: "tracepoint", "kfunc", ...
std::string_view probe_type_name(ProbeType type);

}  // namespace gpttrace
