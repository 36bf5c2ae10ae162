// Tests that the event traits table is complete and self-consistent.
#include <gtest/gtest.h>

#include <set>

#include "plan/event_traits.h"

namespace gpttrace {
namespace {

TEST(EventTraits, EveryEventKindHasExactlyOneRow) {
  std::set<EventKind> seen;
  for (const EventTraits& t : all_event_traits()) EXPECT_TRUE(seen.insert(t.kind).second) << static_cast<int>(t.kind);
  // EventKind is dense from Syscall to BashCommand.
  for (int k = static_cast<int>(EventKind::Syscall); k <= static_cast<int>(EventKind::OffCpu); ++k) {
    EXPECT_TRUE(seen.count(static_cast<EventKind>(k))) << "no traits for event kind " << k;
    EXPECT_EQ(event_traits(static_cast<EventKind>(k)).kind, static_cast<EventKind>(k));
  }
}

TEST(EventTraits, DefaultsAreSupportedByTheirOwnEvent) {
  for (const EventTraits& t : all_event_traits()) {
    for (Key key : t.default_keys) EXPECT_TRUE(supports_key(t, key)) << static_cast<int>(t.kind);
    EXPECT_FALSE(t.measures.empty());
    EXPECT_FALSE(t.example_en.empty());
    EXPECT_FALSE(t.example_zh.empty());
  }
}

TEST(EventTraits, AnswersWhatEventsSupport) {
  EXPECT_TRUE(supports_key(event_traits(EventKind::PageFault), Key::Comm));
  EXPECT_FALSE(supports_key(event_traits(EventKind::PageFault), Key::Port));
  EXPECT_TRUE(supports_measure(event_traits(EventKind::Read), Measure::Bytes));
  EXPECT_FALSE(supports_measure(event_traits(EventKind::PageFault), Measure::Latency));
  EXPECT_TRUE(supports_filter(event_traits(EventKind::FileOpen), FilterKind::Failures));
  EXPECT_FALSE(supports_filter(event_traits(EventKind::ContextSwitch), FilterKind::Port));
  EXPECT_EQ(event_traits(EventKind::FileOpen).default_aggregation, Aggregation::List);
}

}  // namespace
}  // namespace gpttrace
