// Condensed results: bounded rows, totals, percentiles, counts, and quoted strings.
#include <gtest/gtest.h>

#include "llm/condense.h"

namespace gpttrace {
namespace {

TEST(Condense, TopRowsTotalsAndPercentiles) {
  Results r;
  r.attached_probes = 2;
  MapResult map{"@opens", {}, false};
  for (int i = 0; i < 30; ++i) map.entries.push_back({{"proc" + std::to_string(i)}, int64_t{i}});
  r.maps.push_back(map);
  Histogram h;
  h.buckets = {{0, 1, 50}, {2, 3, 40}, {4, 7, 9}, {8, 15, 1}};
  r.hists.push_back({"@bytes", {h}});
  std::string text = condense_results(r, CondenseOptions{5, 3, 4000});
  EXPECT_NE(text.find("map \"@opens\" keys=30 total=435"), std::string::npos) << text;
  EXPECT_NE(text.find("[\"proc29\"] = 29"), std::string::npos);
  EXPECT_EQ(text.find("\"proc3\""), std::string::npos);  // not in the top 5
  EXPECT_NE(text.find("... 25 more keys"), std::string::npos);
  EXPECT_NE(text.find("samples=100 p50=[0, 1] p90=[2, 3] p99=[4, 7]"), std::string::npos) << text;
  EXPECT_EQ(text.rfind(kDataBegin, 0), 0u);
  EXPECT_NE(text.find(std::string(kDataEnd) + "\n"), std::string::npos);
}

TEST(Condense, EventsAreCountedQuotedAndCapped) {
  Results r;
  for (int i = 0; i < 1000; ++i) r.events.push_back("open \"/tmp/f" + std::to_string(i) + "\"");
  std::string text = condense_results(r, CondenseOptions{10, 3, 300});
  EXPECT_NE(text.find("events=1000"), std::string::npos);
  EXPECT_NE(text.find(R"(event "open \"/tmp/f0\"")"), std::string::npos) << text;
  EXPECT_LT(text.size(), 400u);
}

TEST(Condense, RequestLanguage) {
  EXPECT_EQ(request_language("统计缺页"), "Chinese");
  EXPECT_EQ(request_language("count page faults"), "the language of the request");
}

}  // namespace
}  // namespace gpttrace
