// summarize sentences computed from fixtures, and render_json's shape and round trip.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.h"
#include "results/render.h"

namespace gpttrace {
namespace {

using json = nlohmann::json;
using testing::parse_fixture;

TEST(Summarize, BiggestKeyedMapShare) {
  EXPECT_EQ(summarize(parse_fixture("count_by_comm")),
            std::vector<std::string>{"ls has the largest share of @opens: 204 of 845 (24%, 12 keys). Next: "
                                     "cat 186 (22%), git 120 (14%)."});
}

TEST(Summarize, LargeTotalsUseHumanCounts) {
  EXPECT_EQ(summarize(parse_fixture("print_mid")),
            (std::vector<std::string>{"basename has the largest share of @c: 8,160 of 11.3 K (72%, 6 keys). "
                                      "Next: sort 2,816 (25%), cat 155 (1.4%).",
                                      "@n = 3."}));
}

TEST(Summarize, HistogramPercentiles) {
  EXPECT_EQ(summarize(parse_fixture("hist")),
            std::vector<std::string>{
                "@bytes: 132 samples; p50 in [2B, 4B), p90 in [4KiB, 8KiB), p99 in [128KiB, 256KiB)."});
  EXPECT_EQ(
      summarize(parse_fixture("lhist")),
      std::vector<std::string>{"@l: 5 samples; p50 in [40, 50), p90 in [100, inf), p99 in [100, inf)."});
}

TEST(Summarize, SingleSampleHistogram) {
  Results r;
  r.hists.push_back({"@h", {{{}, {{4, 7, 1}}}}});
  EXPECT_EQ(summarize(r),
            std::vector<std::string>{"@h: 1 sample; p50 in [4, 8), p90 in [4, 8), p99 in [4, 8)."});
}

TEST(Summarize, KeyedHistogramNamesTheBusiestKey) {
  EXPECT_EQ(summarize(parse_fixture("keyed_hist")),
            std::vector<std::string>{
                "@bytes: 1,635 samples over 9 keys; bash has the most (948, 58%): p50 in [1B], "
                "p90 in [1B], p99 in [1B]."});
}

TEST(Summarize, Stats) {
  EXPECT_EQ(
      summarize(parse_fixture("stats")),
      (std::vector<std::string>{
          "@s: 1,702 values, average 8,246, total 14 M.",
          "@sk: 9 keys; sort has the largest total, 11.2 M (80% of all), from 91 values averaging 123 K."}));
}

TEST(Summarize, EventsLostEventsAndHelperErrors) {
  EXPECT_EQ(
      summarize(parse_fixture("lost_events")),
      (std::vector<std::string>{"3 event lines were printed.",
                                "Warning: 3,959 events were lost (bpftrace's output buffer overflowed), so "
                                "printed output is incomplete; in-kernel map totals are not affected."}));
  EXPECT_EQ(summarize(parse_fixture("helper_error")),
            (std::vector<std::string>{
                "@x = 0.", "1 event line was printed.",
                "Warning: 2 BPF helper errors (probe_read returned -14 at 1:14; probe_read_str "
                "returned -14 at 1:42); values those helpers read are 0 or empty."}));
}

TEST(Summarize, RepeatedHelperErrorsAreGrouped) {
  Results r;
  for (int i = 0; i < 1000; ++i) r.helper_errors.push_back({"probe_read", -14, 3, 9});
  r.events.push_back("x");
  EXPECT_EQ(
      summarize(r).back(),
      "Warning: 1,000 BPF helper errors (probe_read returned -14 at 3:9 (1,000 times)); values those helpers "
      "read are 0 or empty.");
}

TEST(Summarize, AveragesTextValuesAndNothing) {
  EXPECT_EQ(summarize(parse_fixture("keyed_avg")),
            (std::vector<std::string>{"@a: averages for 2 keys; highest x (15).",
                                      "@mm: 1 key, total 3; largest k (3)."}));
  EXPECT_EQ(summarize(parse_fixture("string_map")), std::vector<std::string>{"@: 11 keys with text values."});
  Results nothing;
  nothing.attached_probes = 2;
  nothing.unparsed_lines = 1;
  EXPECT_EQ(summarize(nothing), (std::vector<std::string>{"No data was collected (2 probes attached).",
                                                          "Note: 1 line of output was not understood."}));
}

TEST(Summarize, IsDeterministic) {
  const Results r = parse_fixture("multi_key");
  EXPECT_EQ(summarize(r), summarize(r));
  EXPECT_EQ(summarize(r).at(0),
            "ls, 3558 has the largest share of @: 34 of 202 (17%, 13 keys). Next: ls, 3560 34 (17%), ls, "
            "3562 34 (17%).");
}

// Rebuilds Results from render_json's document: everything the parser produced must survive.
Results from_json(const json& doc) {
  Results r;
  r.events = doc.at("events").get<std::vector<std::string>>();
  const auto averages = doc.at("average_maps").get<std::vector<std::string>>();
  for (const auto& [name, entries] : doc.at("maps").items()) {
    MapResult m{name, {}};
    m.averages = std::find(averages.begin(), averages.end(), name) != averages.end();
    for (const auto& e : entries) {
      const auto& v = e.at("value");
      m.entries.push_back({e.at("key").get<std::vector<std::string>>(),
                           v.is_string() ? MapValue(v.get<std::string>()) : MapValue(v.get<int64_t>())});
    }
    r.maps.push_back(std::move(m));
  }
  for (const auto& [name, list] : doc.at("hists").items()) {
    HistResult h{name, {}};
    for (const auto& one : list) {
      Histogram hist{one.at("key").get<std::vector<std::string>>(), {}};
      for (const auto& b : one.at("buckets")) {
        HistBucket bucket;
        if (b.contains("min")) bucket.min = b["min"].get<int64_t>();
        if (b.contains("max")) bucket.max = b["max"].get<int64_t>();
        bucket.count = b.at("count").get<uint64_t>();
        hist.buckets.push_back(bucket);
      }
      h.hists.push_back(std::move(hist));
    }
    r.hists.push_back(std::move(h));
  }
  for (const auto& [name, list] : doc.at("stats").items()) {
    StatsResult s{name, {}};
    for (const auto& one : list)
      s.stats.push_back({one.at("key").get<std::vector<std::string>>(), one.at("count").get<int64_t>(),
                         one.at("average").get<int64_t>(), one.at("total").get<int64_t>()});
    r.stats.push_back(std::move(s));
  }
  for (const auto& e : doc.at("helper_errors"))
    r.helper_errors.push_back({e.at("helper").get<std::string>(), e.at("retcode").get<int64_t>(),
                               e.at("line").get<int>(), e.at("col").get<int>()});
  r.attached_probes = doc.at("attached_probes").get<int>();
  r.lost_events = doc.at("lost_events").get<uint64_t>();
  r.unparsed_lines = doc.at("unparsed_lines").get<uint64_t>();
  return r;
}

// Maps come back ordered by name (JSON objects are unordered), so compare by rendered text and summary.
void expect_same(const Results& a, const Results& b) {
  EXPECT_EQ(render_text(a), render_text(b));
  EXPECT_EQ(summarize(a), summarize(b));
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.attached_probes, b.attached_probes);
  EXPECT_EQ(a.lost_events, b.lost_events);
  EXPECT_EQ(a.unparsed_lines, b.unparsed_lines);
  EXPECT_EQ(a.helper_errors.size(), b.helper_errors.size());
}

class JsonRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(JsonRoundTrip, PreservesResults) {
  const Results original = parse_fixture(GetParam());
  const json doc = json::parse(render_json(original), nullptr, false);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.at("summary").get<std::vector<std::string>>(), summarize(original));
  expect_same(original, from_json(doc));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, JsonRoundTrip,
                         ::testing::Values("count_by_comm", "multi_key", "aggs", "hist", "keyed_hist",
                                           "lhist", "stats", "keyed_avg", "printf", "string_map",
                                           "helper_error", "lost_events", "values"));

TEST(RenderJson, ShapeOfAScalarAndAKeyedMap) {
  Results r;
  r.maps.push_back({"@total", {{{}, int64_t{622}}}});
  r.maps.push_back({"@opens", {{{"cat", "18498"}, int64_t{31}}}});
  r.attached_probes = 1;
  const json doc = json::parse(render_json(r));
  EXPECT_EQ(doc["maps"]["@total"], json::parse(R"([{"key": [], "value": 622}])"));
  EXPECT_EQ(doc["maps"]["@opens"], json::parse(R"([{"key": ["cat", "18498"], "value": 31}])"));
  EXPECT_EQ(doc["attached_probes"], 1);
  EXPECT_EQ(doc["events"], json::array());
}

TEST(RenderJson, PerSecondEntriesKeepTheRawKeyBesideTheName) {
  Results r;
  MapResult m{"@errors", {{{"ENOENT"}, int64_t{3}}}};
  m.entries[0].raw_key = {"2"};
  r.snapshots.push_back({"12:00:01", m});
  const json doc = json::parse(render_json(r));
  EXPECT_EQ(doc["per_second"]["@errors"][0]["entries"][0],
            json::parse(R"({"key": ["ENOENT"], "value": 3, "raw_key": ["2"]})"));
}

TEST(RenderJson, LhistBoundsLeftOutWhereBpftraceLeftThemOut) {
  const json doc = json::parse(render_json(parse_fixture("lhist")));
  const json& buckets = doc["hists"]["@l"][0]["buckets"];
  EXPECT_EQ(buckets.front(), json::parse(R"({"max": -1, "count": 1})"));
  EXPECT_EQ(buckets.back(), json::parse(R"({"min": 100, "count": 1})"));
}

TEST(RenderJson, ExtraObjectIsMergedWithoutOverridingResults) {
  const json doc =
      json::parse(render_json(parse_fixture("scalar"), R"({"program": "BEGIN {}", "events": 5})"));
  EXPECT_EQ(doc["program"], "BEGIN {}");
  EXPECT_TRUE(doc["events"].is_array());
  // Not an object, or not JSON: ignored, and the output is still valid.
  EXPECT_TRUE(json::parse(render_json(Results{}, "[1]"), nullptr, false).is_object());
  EXPECT_TRUE(json::parse(render_json(Results{}, "{oops"), nullptr, false).is_object());
}

TEST(RenderJson, InvalidUtf8InKernelStringsStillGivesValidJson) {
  Results r;
  r.events.push_back("bad \xff byte");
  r.maps.push_back({"@", {{{"\xc3"}, int64_t{1}}}});
  const json doc = json::parse(render_json(r), nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["events"][0], "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace gpttrace
