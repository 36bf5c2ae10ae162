// ResultsParser against real bpftrace 0.17 output (tests/fixtures/results) and newer-version shapes.
#include <gtest/gtest.h>

#include <algorithm>

#include "fixture.h"
#include "results/results.h"

namespace gpttrace {
namespace {

using testing::find_map;
using testing::fixture_lines;
using testing::parse_fixture;

// Entries of a map as (key joined by '|', value) pairs sorted by key, for order-free comparison.
std::vector<std::pair<std::string, MapValue>> entries_of(const MapResult& map) {
  std::vector<std::pair<std::string, MapValue>> out;
  for (const auto& e : map.entries) {
    std::string key;
    for (size_t i = 0; i < e.key.size(); ++i) key += (i ? "|" : "") + e.key[i];
    out.emplace_back(key, e.value);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

MapValue num(int64_t v) {
  return v;
}
MapValue str(const char* s) {
  return std::string(s);
}

TEST(ResultsParser, CountByComm) {
  const Results r = parse_fixture("count_by_comm");
  EXPECT_EQ(r.attached_probes, 2);
  EXPECT_EQ(r.unparsed_lines, 0u);
  ASSERT_EQ(r.maps.size(), 1u);
  EXPECT_EQ(r.maps[0].name, "@opens");
  EXPECT_FALSE(r.maps[0].averages);
  const std::vector<std::pair<std::string, MapValue>> expected = {
      {"bash", num(24)},  {"bpftrace", num(39)}, {"cat", num(186)}, {"git", num(120)},
      {"grep", num(35)},  {"head", num(66)},     {"ls", num(204)},  {"memfd:sealed-91", num(4)},
      {"mkdir", num(67)}, {"mv", num(35)},       {"rm", num(32)},   {"wc", num(33)}};
  EXPECT_EQ(entries_of(r.maps[0]), expected);
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(r.hists.empty());
}

TEST(ResultsParser, MultiPartKeysAreSplit) {
  const Results r = parse_fixture("multi_key");
  ASSERT_EQ(r.maps.size(), 1u);
  EXPECT_EQ(r.maps[0].name, "@");
  ASSERT_EQ(r.maps[0].entries.size(), 13u);
  for (const auto& e : r.maps[0].entries) EXPECT_EQ(e.key.size(), 2u);
  const auto entries = entries_of(r.maps[0]);
  EXPECT_EQ(entries.front(), (std::pair<std::string, MapValue>{"bash|3557", num(1)}));
  EXPECT_EQ(entries.back(), (std::pair<std::string, MapValue>{"ls|3562", num(34)}));
}

TEST(ResultsParser, ScalarMap) {
  const Results r = parse_fixture("scalar");
  ASSERT_EQ(r.maps.size(), 1u);
  EXPECT_EQ(r.maps[0].name, "@total");
  ASSERT_EQ(r.maps[0].entries.size(), 1u);
  EXPECT_TRUE(r.maps[0].entries[0].key.empty());
  EXPECT_EQ(r.maps[0].entries[0].value, num(1035));
}

TEST(ResultsParser, Hist) {
  const Results r = parse_fixture("hist");
  ASSERT_EQ(r.hists.size(), 1u);
  EXPECT_EQ(r.hists[0].name, "@bytes");
  ASSERT_EQ(r.hists[0].hists.size(), 1u);
  const Histogram& h = r.hists[0].hists[0];
  EXPECT_TRUE(h.key.empty());
  ASSERT_EQ(h.buckets.size(), 17u);
  EXPECT_EQ(h.buckets[0].min, 2);
  EXPECT_EQ(h.buckets[0].max, 3);
  EXPECT_EQ(h.buckets[0].count, 100u);
  EXPECT_EQ(h.buckets[16].min, 131072);
  EXPECT_EQ(h.buckets[16].max, 262143);
  EXPECT_EQ(h.buckets[16].count, 2u);
  uint64_t total = 0;
  for (const auto& b : h.buckets) total += b.count;
  EXPECT_EQ(total, 132u);
}

TEST(ResultsParser, KeyedHist) {
  const Results r = parse_fixture("keyed_hist");
  ASSERT_EQ(r.hists.size(), 1u);
  const auto& hists = r.hists[0].hists;
  ASSERT_EQ(hists.size(), 9u);
  auto cat = std::find_if(hists.begin(), hists.end(),
                          [](const Histogram& h) { return h.key == std::vector<std::string>{"cat"}; });
  ASSERT_NE(cat, hists.end());
  ASSERT_EQ(cat->buckets.size(), 9u);
  EXPECT_EQ(cat->buckets[0].min, 512);
  EXPECT_EQ(cat->buckets[8].min, 131072);
  EXPECT_EQ(cat->buckets[8].count, 479u);
}

TEST(ResultsParser, KeyedHistWithTwoPartKeys) {
  const Results r = parse_fixture("keyed_multi_hist");
  ASSERT_EQ(r.hists.size(), 1u);
  ASSERT_EQ(r.hists[0].hists.size(), 2u);
  EXPECT_EQ(r.hists[0].hists[0].key, (std::vector<std::string>{"a", "1"}));
  // bpftrace joins key parts with ',' unescaped: "b,c" and 2 cannot be told from "b", "c", 2.
  EXPECT_EQ(r.hists[0].hists[1].key, (std::vector<std::string>{"b", "c", "2"}));
}

TEST(ResultsParser, LhistOutOfRangeBuckets) {
  const Results r = parse_fixture("lhist");
  ASSERT_EQ(r.hists.size(), 1u);
  const auto& b = r.hists[0].hists[0].buckets;
  ASSERT_EQ(b.size(), 12u);
  EXPECT_FALSE(b[0].min.has_value());
  EXPECT_EQ(b[0].max, -1);
  EXPECT_EQ(b[0].count, 1u);
  EXPECT_EQ(b[5].min, 40);
  EXPECT_EQ(b[5].max, 49);
  EXPECT_EQ(b[5].count, 2u);
  EXPECT_EQ(b[11].min, 100);
  EXPECT_FALSE(b[11].max.has_value());
  EXPECT_EQ(b[11].count, 1u);
}

TEST(ResultsParser, HistNegativeBucket) {
  const Results r = parse_fixture("hist_negative");
  const auto& b = r.hists.at(0).hists.at(0).buckets;
  ASSERT_EQ(b.size(), 15u);
  EXPECT_FALSE(b[0].min.has_value());
  EXPECT_EQ(b[0].max, -1);
  EXPECT_EQ(b[1].min, 0);
  EXPECT_EQ(b[1].max, 0);
  EXPECT_EQ(b[14].min, 4096);
  EXPECT_EQ(b[14].max, 8191);
}

TEST(ResultsParser, Stats) {
  const Results r = parse_fixture("stats");
  ASSERT_EQ(r.stats.size(), 2u);
  EXPECT_EQ(r.stats[0].name, "@s");
  ASSERT_EQ(r.stats[0].stats.size(), 1u);
  EXPECT_TRUE(r.stats[0].stats[0].key.empty());
  EXPECT_EQ(r.stats[0].stats[0].count, 1702);
  EXPECT_EQ(r.stats[0].stats[0].average, 8246);
  EXPECT_EQ(r.stats[0].stats[0].total, 14034813);
  EXPECT_EQ(r.stats[1].name, "@sk");
  ASSERT_EQ(r.stats[1].stats.size(), 9u);
  auto sort = std::find_if(r.stats[1].stats.begin(), r.stats[1].stats.end(),
                           [](const Stats& s) { return s.key == std::vector<std::string>{"sort"}; });
  ASSERT_NE(sort, r.stats[1].stats.end());
  EXPECT_EQ(sort->count, 91);
  EXPECT_EQ(sort->average, 122934);
  EXPECT_EQ(sort->total, 11187008);
}

TEST(ResultsParser, AvgPrintedAsStatsBecomesAverageMap) {
  const Results r = parse_fixture("keyed_avg");
  EXPECT_TRUE(r.stats.empty());
  const MapResult* a = find_map(r, "@a");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->averages);
  EXPECT_EQ(entries_of(*a), (std::vector<std::pair<std::string, MapValue>>{{"x", num(15)}, {"y", num(4)}}));
  const MapResult* mm = find_map(r, "@mm");
  ASSERT_NE(mm, nullptr);
  EXPECT_FALSE(mm->averages);
  EXPECT_EQ(r.unparsed_lines, 0u);
}

TEST(ResultsParser, AggregatesAndExtremeNumbers) {
  const Results r = parse_fixture("aggs");
  EXPECT_EQ(r.maps.size(), 7u);
  EXPECT_TRUE(r.stats.empty());
  EXPECT_TRUE(find_map(r, "@avg")->averages);
  EXPECT_EQ(find_map(r, "@avg")->entries.at(0).value, num(15));
  EXPECT_EQ(find_map(r, "@sum")->entries.at(0).value, num(-15));
  EXPECT_EQ(find_map(r, "@min")->entries.at(0).value, num(-3));
  EXPECT_EQ(find_map(r, "@big")->entries.at(0).value, num(9223372036854775807));
  // Above INT64_MAX the exact digits are kept as text rather than wrapped or clamped.
  EXPECT_EQ(find_map(r, "@u")->entries.at(0).value, str("18446744073709551615"));
  EXPECT_EQ(entries_of(*find_map(r, "@neg")),
            (std::vector<std::pair<std::string, MapValue>>{{"k", num(-42)}}));
}

TEST(ResultsParser, PrintfSplitsLinesAndJoinsPartials) {
  ResultsParser parser;
  std::vector<std::string> streamed;
  const auto lines = fixture_lines("printf");
  EXPECT_EQ(parser.feed(lines[0], &streamed), LineKind::Attached);
  for (size_t i = 1; i < lines.size(); ++i) parser.feed(lines[i], &streamed);
  const std::vector<std::string> expected = {
      "hello 42",         "two", "lines", "partial line done", "tab\there \"quoted\" back\\slash",
      "no newline at end"};
  // The unterminated last printf is ended by the blank lines bpftrace prints at exit.
  EXPECT_EQ(parser.results().events, expected);
  EXPECT_EQ(streamed, expected);
  EXPECT_EQ(parser.results().unparsed_lines, 0u);
}

TEST(ResultsParser, PartialLineWaitsForItsEnd) {
  ResultsParser parser;
  std::vector<std::string> streamed;
  EXPECT_EQ(parser.feed(R"({"type": "printf", "data": "a\nb"})", &streamed), LineKind::Event);
  EXPECT_EQ(streamed, std::vector<std::string>{"a"});
  EXPECT_EQ(parser.feed(R"({"type": "printf", "data": "c\n\nd"})", &streamed), LineKind::Event);
  EXPECT_EQ(streamed, (std::vector<std::string>{"a", "bc", ""}));
  parser.finish(&streamed);
  EXPECT_EQ(streamed, (std::vector<std::string>{"a", "bc", "", "d"}));
  EXPECT_EQ(parser.results().events, streamed);
  parser.finish(&streamed);  // nothing pending: no empty event
  EXPECT_EQ(parser.results().events.size(), 4u);
}

TEST(ResultsParser, TimeOutput) {
  const Results r = parse_fixture("time");
  EXPECT_EQ(r.events, (std::vector<std::string>{"18:31:00", "2026 year"}));
}

TEST(ResultsParser, StringValuedMap) {
  const Results r = parse_fixture("string_map");
  ASSERT_EQ(r.maps.size(), 1u);
  ASSERT_EQ(r.maps[0].entries.size(), 11u);
  const auto entries = entries_of(r.maps[0]);
  EXPECT_EQ(entries[0], (std::pair<std::string, MapValue>{"6983", str("cat")}));
  EXPECT_EQ(entries[1], (std::pair<std::string, MapValue>{"6984", str("head")}));
}

TEST(ResultsParser, LaterDumpsReplaceEarlierOnes) {
  ResultsParser parser;
  const auto lines = fixture_lines("print_mid");
  parser.feed(lines[1]);
  ASSERT_EQ(parser.results().maps.size(), 1u);
  EXPECT_EQ(parser.results().maps[0].entries.size(), 5u);
  for (size_t i = 2; i < lines.size(); ++i) parser.feed(lines[i]);
  const Results& r = parser.results();
  ASSERT_EQ(r.maps.size(), 2u);
  EXPECT_EQ(r.maps[0].name, "@c");  // keeps its first position
  EXPECT_EQ(entries_of(r.maps[0]), (std::vector<std::pair<std::string, MapValue>>{{"basename", num(8160)},
                                                                                  {"bash", num(6)},
                                                                                  {"bpftrace", num(1)},
                                                                                  {"cat", num(155)},
                                                                                  {"sleep", num(150)},
                                                                                  {"sort", num(2816)}}));
  EXPECT_EQ(r.maps[1].name, "@n");
}

TEST(ResultsParser, ClearedMapsKeepTheirLastPrintedState) {
  // bpftrace prints nothing for a cleared map at exit, so the print() dump is the last state seen.
  const Results r = parse_fixture("clear");
  ASSERT_EQ(r.maps.size(), 2u);
  EXPECT_EQ(entries_of(*find_map(r, "@a")),
            (std::vector<std::pair<std::string, MapValue>>{{"x", num(1)}, {"y", num(2)}}));
  EXPECT_EQ(find_map(r, "@b"), nullptr);
  EXPECT_EQ(find_map(r, "@c")->entries.at(0).value, num(1));
}

TEST(ResultsParser, ZeroValuesAreKept) {
  const Results r = parse_fixture("zero");
  ASSERT_EQ(r.maps.size(), 3u);
  EXPECT_EQ(find_map(r, "@z")->entries.at(0).value, num(0));
  EXPECT_EQ(find_map(r, "@s")->entries.at(0).value, num(0));
  EXPECT_EQ(entries_of(*find_map(r, "@zk")),
            (std::vector<std::pair<std::string, MapValue>>{{"a", num(0)}, {"b", num(3)}}));
}

TEST(ResultsParser, EmptyMapIsNotPrinted) {
  const Results r = parse_fixture("empty");
  ASSERT_EQ(r.maps.size(), 1u);
  EXPECT_EQ(r.maps[0].name, "@keep");
}

TEST(ResultsParser, ValueCatAndTupleOutput) {
  const Results r = parse_fixture("values");
  EXPECT_EQ(r.events, (std::vector<std::string>{"5", "str", "vm"}));
  EXPECT_EQ(find_map(r, "@t")->entries.at(0).value, str("(1, a)"));
  EXPECT_EQ(entries_of(*find_map(r, "@m")),
            (std::vector<std::pair<std::string, MapValue>>{{"1", str("(2, b)")}}));
  EXPECT_EQ(r.unparsed_lines, 0u);
}

TEST(ResultsParser, HelperErrors) {
  const Results r = parse_fixture("helper_error");
  ASSERT_EQ(r.helper_errors.size(), 2u);
  EXPECT_EQ(r.helper_errors[0].helper, "probe_read");
  EXPECT_EQ(r.helper_errors[0].retcode, -14);
  EXPECT_EQ(r.helper_errors[0].line, 1);
  EXPECT_EQ(r.helper_errors[0].col, 14);
  EXPECT_EQ(r.helper_errors[1].helper, "probe_read_str");
  EXPECT_EQ(r.helper_errors[1].col, 42);
  EXPECT_EQ(r.events, std::vector<std::string>{""});
}

TEST(ResultsParser, LostEventsAreSummed) {
  ResultsParser parser;
  const auto lines = fixture_lines("lost_events");
  EXPECT_EQ(parser.feed(lines[4]), LineKind::LostEvents);
  for (size_t i = 0; i < lines.size(); ++i)
    if (i != 4) parser.feed(lines[i]);
  EXPECT_EQ(parser.results().lost_events, 1336u + 1384u + 1239u);
  EXPECT_EQ(parser.results().events.size(), 3u);
  EXPECT_EQ(parser.results().events[0], "7615 dd dd dd");
}

TEST(ResultsParser, LineKinds) {
  ResultsParser p;
  EXPECT_EQ(p.feed(R"({"type": "map", "data": {"@x": 1}})"), LineKind::Map);
  EXPECT_EQ(p.feed(R"({"type": "hist", "data": {"@h": []}})"), LineKind::Hist);
  EXPECT_EQ(p.feed(R"({"type": "stats", "data": {"@s": {"count": 1, "average": 2, "total": 2}}})"),
            LineKind::Stats);
  EXPECT_EQ(p.feed(R"({"type": "stats", "data": {"@a": 4}})"), LineKind::Map);
  EXPECT_EQ(p.feed(R"({"type": "helper_error", "helper": "x", "retcode": -1, "line": 1, "col": 1})"),
            LineKind::HelperError);
  EXPECT_EQ(p.feed(""), LineKind::Other);
  EXPECT_EQ(p.results().unparsed_lines, 0u);  // blank lines are expected bpftrace output
}

// Shapes printed by newer bpftrace (src/output/json.cpp in 0.2x): counts at the top level, helper names
// and message fields, integers a double cannot hold as strings.
TEST(ResultsParser, NewerVersionShapes) {
  ResultsParser p;
  EXPECT_EQ(p.feed(R"({"type":"attached_probes", "count":3})"), LineKind::Attached);
  EXPECT_EQ(p.feed(R"({"type":"lost_events", "count":7})"), LineKind::LostEvents);
  EXPECT_EQ(
      p.feed(
          R"({"type": "helper_error", "msg": "Bad address", "helper": "probe_read", "retcode": -14, "filename": "stdin", "line": 2, "col": 5})"),
      LineKind::HelperError);
  EXPECT_EQ(p.feed(R"({"type": "map", "data": {"@big": "18014398509481985"}})"), LineKind::Map);
  EXPECT_EQ(
      p.feed(
          R"({"type": "hist", "data": {"@hist": [{"min": 2, "max": 3, "count": 1},{"min": 4, "max": 7, "count": 0}]}})"),
      LineKind::Hist);
  EXPECT_EQ(p.feed(R"({"type": "tseries", "data": {"@t": []}})"), LineKind::Other);
  const Results& r = p.results();
  EXPECT_EQ(r.attached_probes, 3);
  EXPECT_EQ(r.lost_events, 7u);
  ASSERT_EQ(r.helper_errors.size(), 1u);
  EXPECT_EQ(r.helper_errors[0].line, 2);
  EXPECT_EQ(find_map(r, "@big")->entries.at(0).value, str("18014398509481985"));
  EXPECT_EQ(r.hists.at(0).hists.at(0).buckets.size(), 2u);
  EXPECT_EQ(r.unparsed_lines, 1u);  // tseries is not understood
}

TEST(ResultsParser, MalformedLinesAreCountedNotThrown) {
  const std::vector<std::string> bad = {
      "Attaching 1 probe...",
      "{",
      R"({"type": "map", "data": {"@x": 1})",  // truncated
      "[1, 2, 3]",
      "42",
      R"({"data": {"@x": 1}})",
      R"({"type": 7})",
      R"({"type": "map", "data": 5})",
      R"({"type": "map", "data": {}})",
      R"({"type": "hist", "data": {"@h": 5}})",
      R"({"type": "hist", "data": {"@h": [1, 2]}})",
      R"({"type": "hist", "data": {"@h": {"k": "x"}}})",
      R"({"type": "stats", "data": {"@s": "text"}})",
      R"({"type": "stats", "data": {"@s": {"a": "b"}}})",
      R"({"type": "printf", "data": 5})",
      R"({"type": "attached_probes", "data": {"probes": "two"}})",
      R"({"type": "lost_events", "data": {}})",
      R"({"type": "value", "data": {"a": 1}})",
      R"({"type": "something_new", "data": 1})",
      std::string(100, '[') + std::string(100, ']'),
      std::string("\xff\xfe{", 3),
  };
  ResultsParser p;
  for (const auto& line : bad) {
    const LineKind kind = p.feed(line);
    EXPECT_TRUE(kind == LineKind::Invalid || kind == LineKind::Other) << line;
  }
  const Results& r = p.results();
  EXPECT_EQ(r.unparsed_lines, bad.size());
  EXPECT_TRUE(r.maps.empty());
  EXPECT_TRUE(r.hists.empty());
  EXPECT_TRUE(r.stats.empty());
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(r.attached_probes, 0);
}

TEST(ResultsParser, WrongFieldTypesAndHugeNumbersDegradeGracefully) {
  ResultsParser p;
  p.feed(
      R"({"type": "hist", "data": {"@h": [{"min": "a", "max": 1e300, "count": -5}, {"min": 0, "max": 0, "count": 1e30}]}})");
  p.feed(
      R"({"type": "map", "data": {"@m": {"k": 1e300, "f": 1.5, "n": null, "b": true, "big": 99999999999999999999999}}})");
  p.feed(
      R"({"type": "stats", "data": {"@s": {"count": 18446744073709551615, "average": -1, "total": "x"}}})");
  p.feed(R"({"type": "attached_probes", "data": {"probes": 99999999999}})");
  p.feed(R"({"type": "lost_events", "data": {"events": 18446744073709551615}})");
  p.feed(R"({"type": "lost_events", "data": {"events": 5}})");
  const Results& r = p.results();
  const auto& b = r.hists.at(0).hists.at(0).buckets;
  EXPECT_FALSE(b[0].min.has_value());
  EXPECT_FALSE(b[0].max.has_value());
  EXPECT_EQ(b[0].count, 0u);
  EXPECT_EQ(b[1].count, 0u);  // 1e30 is not an integer count bpftrace could print
  const auto m = entries_of(*find_map(r, "@m"));
  EXPECT_EQ(m, (std::vector<std::pair<std::string, MapValue>>{{"b", str("true")},
                                                              {"big", str("9.999999999999999e+22")},
                                                              {"f", str("1.5")},
                                                              {"k", str("1e+300")},
                                                              {"n", str("null")}}));
  EXPECT_EQ(r.stats.at(0).stats.at(0).count, 0);
  EXPECT_EQ(r.stats.at(0).stats.at(0).average, -1);
  EXPECT_EQ(r.stats.at(0).stats.at(0).total, 0);
  EXPECT_EQ(r.attached_probes, std::numeric_limits<int>::max());
  EXPECT_EQ(r.lost_events, std::numeric_limits<uint64_t>::max());  // saturates instead of wrapping
}

TEST(ResultsParser, InvalidUtf8AndControlBytesInStringsAreRepaired) {
  // A comm with a byte that is not UTF-8 must not lose the whole exit dump.
  ResultsParser p;
  EXPECT_EQ(p.feed("{\"type\": \"map\", \"data\": {\"@\": {\"a\xffz\": 3, \"ok\": 1}}}"), LineKind::Map);
  EXPECT_EQ(p.feed("{\"type\": \"printf\", \"data\": \"tab\x01here\\n\"}"), LineKind::Event);
  const Results& r = p.results();
  EXPECT_EQ(entries_of(r.maps.at(0)),
            (std::vector<std::pair<std::string, MapValue>>{{"a\xEF\xBF\xBDz", num(3)}, {"ok", num(1)}}));
  EXPECT_EQ(r.events, std::vector<std::string>{"tab\x01here"});
}

TEST(ResultsParser, TrailingNewlineAndCarriageReturnAccepted) {
  ResultsParser p;
  EXPECT_EQ(p.feed("{\"type\": \"map\", \"data\": {\"@x\": 2}}\r\n"), LineKind::Map);
  EXPECT_EQ(p.results().maps.at(0).entries.at(0).value, num(2));
}

TEST(ResultsParser, ArbitraryBytesNeverCrash) {
  // Every prefix of every fixture line, plus byte-flipped copies: truncated and corrupted output.
  ResultsParser p;
  size_t fed = 0;
  for (const char* name : {"count_by_comm", "keyed_hist", "lhist", "stats", "printf", "helper_error"}) {
    for (const auto& line : fixture_lines(name)) {
      for (size_t n = 0; n <= line.size(); n += 7, ++fed) p.feed(std::string_view(line).substr(0, n));
      std::string flipped = line;
      for (size_t i = 0; i < flipped.size(); i += 13) flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
      p.feed(flipped);
      ++fed;
    }
  }
  EXPECT_GT(fed, 100u);
  EXPECT_GT(p.results().unparsed_lines, 0u);
}

}  // namespace
}  // namespace gpttrace

namespace gpttrace {
namespace {

// join() records end their line, and bpftrace 0.17's "\uffffffXX" escapes turn back into UTF-8.
TEST(ResultsParser, JoinEndsTheLineAndKeepsUtf8Arguments) {
  const Results r = parse_fixture("join_exec");
  EXPECT_EQ(r.unparsed_lines, 0u);
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0], "bash /bin/echo 追踪");
  EXPECT_EQ(r.events[1], "bash sh -c /bin/true a b");
  EXPECT_EQ(r.events[2], "sh /bin/true a b");
}

}  // namespace
}  // namespace gpttrace
