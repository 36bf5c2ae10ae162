// Names of TraceSpec enums round-trip, and describe_spec prints what -v shows.
#include <gtest/gtest.h>

#include "plan/event_traits.h"
#include "plan/trace_spec.h"

namespace gpttrace {
namespace {

TEST(TraceSpecNames, RoundTrip) {
  for (const EventTraits& t : all_event_traits()) {
    auto name = event_kind_name(t.kind);
    EXPECT_NE(name, "?");
    EXPECT_EQ(event_kind_from_name(name), t.kind);
  }
  EXPECT_EQ(event_kind_name(EventKind::FileOpen), "file.open");
  EXPECT_EQ(event_kind_name(EventKind::RunqueueLatency), "sched.runqlat");
  EXPECT_EQ(event_kind_name(EventKind::BashCommand), "user.bash");
  for (int k = 0; k <= static_cast<int>(Key::Probe); ++k)
    EXPECT_EQ(key_from_name(key_name(static_cast<Key>(k))), static_cast<Key>(k));
  EXPECT_EQ(key_name(Key::KernelStack), "kstack");
  EXPECT_EQ(key_name(Key::ExitCode), "exit_code");
  for (int a = 0; a <= static_cast<int>(Aggregation::Rate); ++a)
    EXPECT_EQ(aggregation_from_name(aggregation_name(static_cast<Aggregation>(a))), static_cast<Aggregation>(a));
  EXPECT_EQ(aggregation_name(Aggregation::Histogram), "hist");
  for (int m = 0; m <= static_cast<int>(Measure::Duration); ++m)
    EXPECT_EQ(measure_from_name(measure_name(static_cast<Measure>(m))), static_cast<Measure>(m));
  EXPECT_FALSE(event_kind_from_name("nope"));
}

TEST(DescribeSpec, Count) {
  TraceSpec s;
  s.event = EventKind::FileOpen;
  s.aggregation = Aggregation::Count;
  s.keys = {Key::Comm};
  s.filters.comm = "nginx";
  s.duration_seconds = 5;
  EXPECT_EQ(describe_spec(s), "event: file.open\ncompute: count of events\nby: comm\nfilter: comm == \"nginx\"\nduration: 5 s\n");
}

TEST(DescribeSpec, EverythingElse) {
  TraceSpec s;
  s.event = EventKind::Syscall;
  s.syscalls = {"read", "write"};
  s.measure = Measure::Latency;
  s.aggregation = Aggregation::Histogram;
  s.keys = {Key::Comm, Key::Syscall};
  s.filters.pid = 42;
  s.filters.threshold = Threshold{Measure::Latency, Comparison::Greater, 50'000'000};
  s.filters.only_failures = true;
  s.top_n = 5;
  EXPECT_EQ(describe_spec(s),
            "event: syscall\nsyscalls: read, write\ncompute: histogram of latency\nby: comm, syscall\n"
            "filter: pid == 42\nfilter: latency > 50 ms\nfilter: failed (return value < 0)\ntop: 5\n");
  TraceSpec u;
  u.event = EventKind::UserFunction;
  u.binary = "libc";
  u.function = "malloc";
  u.measure = Measure::Bytes;
  u.aggregation = Aggregation::Sum;
  u.filters.threshold = Threshold{Measure::Bytes, Comparison::GreaterEqual, 1 << 20};
  u.frequency_hz = 99;
  EXPECT_EQ(describe_spec(u), "event: user.function\nbinary: libc\nfunction: malloc\ncompute: sum of bytes\n"
                              "filter: bytes >= 1 MiB\nfrequency: 99 Hz\n");
}

}  // namespace
}  // namespace gpttrace

#include "plan/understand.h"

namespace gpttrace {
namespace {

// The example requests that refusals suggest must themselves be understood, as their own event.
TEST(EventTraitsExamples, AreUnderstoodAsTheirEvent) {
  for (const EventTraits& t : all_event_traits())
    for (std::string_view example : {t.example_en, t.example_zh}) {
      if (t.kind == EventKind::Tracepoint) continue;  // needs the live catalog: unit_codegen's CatalogRequests
      Understanding u = understand_request(example);
      ASSERT_TRUE(u.spec) << example << ": " << u.message;
      EXPECT_EQ(event_kind_name(u.spec->event), event_kind_name(t.kind)) << example;
    }
}

}  // namespace
}  // namespace gpttrace
