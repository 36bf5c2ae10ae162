// Summaries with a meaning: the request's language, units, listing headers and per-second rates.
#include <gtest/gtest.h>

#include "fixture.h"
#include "results/render.h"

namespace gpttrace {
namespace {

std::string joined(const std::vector<std::string>& sentences) {
  std::string out;
  for (const auto& s : sentences) out += s + "\n";
  return out;
}

TEST(SummaryMeaning, ChineseRequestsGetChineseSummaries) {
  Results r = testing::parse_lines({R"({"type": "map", "data": {"@bytes": {"cat": 300, "dd": 100}}})"});
  const auto meaning = meaning_from_program("t:syscalls:sys_exit_read { @bytes[comm] = sum(args->ret); }", "zh");
  const std::string s = joined(summarize(r, &meaning));
  EXPECT_NE(s.find("cat 在 @bytes (字节数) 中占比最大：300 / 400（75%，共 2 个键）。"), std::string::npos) << s;
}

TEST(SummaryMeaning, ListingHeaderIsNotAnEvent) {
  Results r;
  r.events = {"TIME COMM PID", "10:00:00 cat 1", "10:00:01 cat 1"};
  r.framing_lines = 1;
  EXPECT_NE(joined(summarize(r)).find("2 event lines were printed."), std::string::npos) << joined(summarize(r));
}

TEST(SummaryMeaning, ListingsReportTheirRateWhenTheTracedTimeIsKnown) {
  Results r;
  r.events = {"TIME COMM PID", "10:00:00 cat 1", "10:00:01 cat 1", "10:00:01 cat 1", "10:00:02 cat 1"};
  r.framing_lines = 1;
  r.traced_seconds = 2.0;
  EXPECT_NE(joined(summarize(r)).find("4 event lines were printed in 2.0 s (2.0 per second)."), std::string::npos)
      << joined(summarize(r));
}

TEST(SummaryMeaning, PerSecondTablesReportARate) {
  Results r;
  r.events = {"10:00:01", "10:00:02"};
  r.framing_lines = 2;
  MapResult first{"@syscalls", {{{"a"}, 30}, {{"b"}, 10}}};
  MapResult second{"@syscalls", {{{"a"}, 50}, {{"b"}, 10}}};
  r.snapshots = {{"10:00:01", first}, {"10:00:02", second}};
  const std::string s = joined(summarize(r));
  EXPECT_NE(s.find("@syscalls: 100 over 2 seconds, 50/s on average; busiest second 10:00:02 with 60; a made 80% (40/s)."),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("printed"), std::string::npos) << s;  // time lines are not events
}

TEST(SummaryMeaning, LiveTablesKeepTheirRowOrder) {
  std::vector<std::vector<std::string>> order;
  MapResult first{"@s", {{{"a"}, 5}, {{"b"}, 9}}};
  keep_row_order(first, order);
  EXPECT_EQ(first.entries[0].key[0], "b");
  MapResult second{"@s", {{{"c"}, 100}, {{"a"}, 50}, {{"b"}, 1}}};
  keep_row_order(second, order);
  std::vector<std::string> keys;
  for (const auto& e : second.entries) keys.push_back(e.key[0]);
  EXPECT_EQ(keys, (std::vector<std::string>{"b", "a", "c"}));
}

TEST(SummaryMeaning, TablesTitledWithUnitsAndHowToSeeTheRest) {
  Results r = testing::parse_lines({R"({"type": "map", "data": {"@usecs": {"a": 3, "b": 2, "c": 1}}})"});
  const auto meaning = meaning_from_program("t:x { @usecs[comm] = sum($lat / 1000); }");
  RenderOptions options;
  options.meaning = &meaning;
  options.top_n = 2;
  const std::string text = render_text(r, options);
  EXPECT_NE(text.find("  process  total time (us)"), std::string::npos) << text;
  EXPECT_NE(text.find("… and 1 more (total 6; --top 3 shows all)"), std::string::npos) << text;
}

TEST(SummaryMeaning, ScalarsSayWhatTheyAre) {
  Results r = testing::parse_lines({R"({"type": "map", "data": {"@bytes": 4096}})", R"({"type": "stats", "data": {"@lat": 56}})"});
  const auto meaning = meaning_from_program("t:x { @bytes = sum(args->bytes); @lat = avg((nsecs - @s) / 1000); }");
  RenderOptions options;
  options.meaning = &meaning;
  const std::string text = render_text(r, options);
  EXPECT_NE(text.find("@bytes: 4,096 (bytes)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("@lat: 56 (average latency, us)\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace gpttrace
