// Probe type spellings as bpftrace's parser accepts them: long names and the short aliases.
#include "kernel/probe_types.h"

#include <array>

namespace gpttrace {

namespace {

struct Spelling {
  std::string_view name;
  ProbeType type;
};

// Case matters: "U" is usdt and "u" uprobe; BEGIN and END are upper case only (bpftrace 0.17).
constexpr std::array<Spelling, 34> kSpellings{{
    {"BEGIN", ProbeType::Begin},
    {"END", ProbeType::End},
    {"tracepoint", ProbeType::Tracepoint},
    {"t", ProbeType::Tracepoint},
    {"rawtracepoint", ProbeType::RawTracepoint},
    {"rt", ProbeType::RawTracepoint},
    {"kprobe", ProbeType::Kprobe},
    {"k", ProbeType::Kprobe},
    {"kretprobe", ProbeType::Kretprobe},
    {"kr", ProbeType::Kretprobe},
    {"kfunc", ProbeType::Kfunc},
    {"f", ProbeType::Kfunc},
    {"fentry", ProbeType::Kfunc},
    {"kretfunc", ProbeType::Kretfunc},
    {"fr", ProbeType::Kretfunc},
    {"fexit", ProbeType::Kretfunc},
    {"uprobe", ProbeType::Uprobe},
    {"u", ProbeType::Uprobe},
    {"uretprobe", ProbeType::Uretprobe},
    {"ur", ProbeType::Uretprobe},
    {"usdt", ProbeType::Usdt},
    {"U", ProbeType::Usdt},
    {"profile", ProbeType::Profile},
    {"p", ProbeType::Profile},
    {"interval", ProbeType::Interval},
    {"i", ProbeType::Interval},
    {"software", ProbeType::Software},
    {"s", ProbeType::Software},
    {"hardware", ProbeType::Hardware},
    {"h", ProbeType::Hardware},
    {"watchpoint", ProbeType::Watchpoint},
    {"w", ProbeType::Watchpoint},
    {"iter", ProbeType::Iter},
    {"it", ProbeType::Iter},
}};

}  // namespace

std::optional<ProbeType> probe_type_from_name(std::string_view name) {
  for (const Spelling& s : kSpellings)
    if (s.name == name) return s.type;
  return std::nullopt;
}

std::string_view probe_type_name(ProbeType type) {
  // The first spelling listed for a type is its canonical long name.
  for (const Spelling& s : kSpellings)
    if (s.type == type) return s.name;
  return "unknown";
}

const std::vector<ProbeType>& all_probe_types() {
  static const std::vector<ProbeType> types = {
      ProbeType::Tracepoint, ProbeType::RawTracepoint, ProbeType::Kprobe,   ProbeType::Kretprobe,
      ProbeType::Kfunc,      ProbeType::Kretfunc,      ProbeType::Uprobe,   ProbeType::Uretprobe,
      ProbeType::Usdt,       ProbeType::Profile,       ProbeType::Interval, ProbeType::Software,
      ProbeType::Hardware,   ProbeType::Watchpoint,    ProbeType::Iter};
  return types;
}

}  // namespace gpttrace
