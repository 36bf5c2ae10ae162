// Probe type spellings: every alias bpftrace accepts maps to its type, and canonical names round-trip.
#include "kernel/probe_types.h"

#include <gtest/gtest.h>

namespace gpttrace {
namespace {

TEST(ProbeTypes, AliasesMapToTheirTypes) {
  const std::pair<const char*, ProbeType> cases[] = {
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
      {"BEGIN", ProbeType::Begin},
      {"END", ProbeType::End},
  };
  for (const auto& [name, type] : cases) {
    auto parsed = probe_type_from_name(name);
    ASSERT_TRUE(parsed.has_value()) << name;
    EXPECT_EQ(*parsed, type) << name;
  }
}

TEST(ProbeTypes, UnknownAndWrongCaseSpellingsAreRejected) {
  for (const char* name : {"", "begin", "end", "Tracepoint", "kprob", "tp", "fentr", "USDT", "x"})
    EXPECT_FALSE(probe_type_from_name(name).has_value()) << name;
}

TEST(ProbeTypes, CanonicalNamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(ProbeType::Iter); ++i) {
    auto type = static_cast<ProbeType>(i);
    std::string_view name = probe_type_name(type);
    auto back = probe_type_from_name(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, type);
    EXPECT_GT(name.size(), 2u) << "canonical names are the long spellings";
  }
  EXPECT_EQ(probe_type_name(ProbeType::Kfunc), "kfunc");  // the 0.17 spelling, not fentry
  EXPECT_EQ(probe_type_name(ProbeType::Begin), "BEGIN");
}

}  // namespace
}  // namespace gpttrace
