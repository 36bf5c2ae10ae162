// render_text against golden files, table ordering and folding, bucket labels, human_count.
#include <gtest/gtest.h>

#include "fixture.h"
#include "results/format.h"
#include "results/render.h"

namespace gpttrace {
namespace {

using testing::parse_fixture;
using testing::read_fixture;

class GoldenRender : public ::testing::TestWithParam<const char*> {};

TEST_P(GoldenRender, MatchesExpectedText) {
  const std::string name = GetParam();
  const std::string expected = read_fixture(name + ".expected");
  ASSERT_FALSE(expected.empty()) << "missing " << name << ".expected";
  EXPECT_EQ(render_text(parse_fixture(name)), expected);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, GoldenRender,
                         ::testing::Values("count_by_comm", "hist", "hist_negative", "keyed_hist", "lhist",
                                           "stats", "multi_key", "string_map"));

MapResult counts(const std::string& name, int n) {
  MapResult m{name, {}};
  for (int i = 1; i <= n; ++i) {
    MapEntry& e = m.entries.emplace_back();
    e.key = {"k" + std::to_string(i)};
    e.value = int64_t{i * 10};
  }
  return m;
}

TEST(RenderText, TopNThenFoldedRest) {
  Results r;
  r.maps.push_back(counts("@m", 5));
  RenderOptions options;
  options.top_n = 2;
  EXPECT_EQ(render_text(r, options),
            "@m (5 keys)\n"
            "  key  count      %\n"
            "  k5      50  33.3%\n"
            "  k4      40  26.7%\n"
            "  … and 3 more (total 150; --top 5 shows all)\n");
}

TEST(RenderText, TiesAreOrderedByKeyNumericallyWhenNumbers) {
  Results r;
  r.maps.push_back({"@",
                    {{{"b", "10"}, int64_t{5}},
                     {{"b", "9"}, int64_t{5}},
                     {{"a", "100"}, int64_t{5}},
                     {{"c"}, int64_t{7}}}});
  EXPECT_EQ(render_text(r),
            "@ (4 keys)\n"
            "  key  key2  count      %\n"
            "  c              7  31.8%\n"
            "  a    100       5  22.7%\n"
            "  b    9         5  22.7%\n"
            "  b    10        5  22.7%\n");
}

TEST(RenderText, StringMapsSortByKeyAndFoldWithoutTotal) {
  Results r;
  r.maps.push_back(
      {"@who", {{{"30"}, std::string("c")}, {{"4"}, std::string("a")}, {{"100"}, std::string("b")}}});
  RenderOptions options;
  options.top_n = 2;
  EXPECT_EQ(render_text(r, options),
            "@who (3 keys)\n"
            "  key  value\n"
            "  4    a\n"
            "  30   c\n"
            "  … and 1 more (--top 3 shows all)\n");
}

TEST(RenderText, ScalarsFirstThenTables) {
  const std::string text = render_text(parse_fixture("print_mid"));
  EXPECT_EQ(text.rfind("@n: 3\n\n@c (6 keys)\n", 0), 0u) << text;
  EXPECT_NE(text.find("  basename  8,160  72.3%\n"), std::string::npos) << text;
}

TEST(RenderText, AveragesAreNotShownAsCountsOrShares) {
  const std::string text = render_text(parse_fixture("keyed_avg"));
  EXPECT_NE(text.find("  key  average\n  x         15\n  y          4\n"), std::string::npos) << text;
  Results r = parse_fixture("aggs");
  EXPECT_NE(render_text(r).find("@avg: 15 (average)\n"), std::string::npos);
  EXPECT_NE(render_text(r).find("@big: 9,223,372,036,854,775,807\n"), std::string::npos);
}

TEST(RenderText, NegativeValuesGetNoShareColumn) {
  Results r;
  r.maps.push_back({"@d", {{{"a"}, int64_t{-5}}, {{"b"}, int64_t{3}}}});
  EXPECT_EQ(render_text(r), "@d (2 keys)\n  key  count\n  b        3\n  a       -5\n");
}

TEST(RenderText, ControlBytesInKeysAreEscaped) {
  Results r;
  r.maps.push_back({"@", {{{"a\x1b[31mb"}, int64_t{1}}, {{"c"}, int64_t{1}}}});
  EXPECT_NE(render_text(r).find("a\\x1b[31mb"), std::string::npos);
  EXPECT_EQ(render_text(r).find('\x1b'), std::string::npos);
}

TEST(RenderText, EmptyThingsSayso) {
  EXPECT_EQ(render_text(Results{}), "");
  Results r;
  r.maps.push_back({"@e", {}});
  r.hists.push_back({"@h", {{{}, {{0, 0, 0}, {1, 1, 0}}}}});
  EXPECT_EQ(render_text(r), "@e: no entries\n\n@h: no samples\n");
}

TEST(RenderText, KeyedHistTopNAndRest) {
  RenderOptions options;
  options.top_n = 1;
  options.bar_width = 10;
  const std::string text = render_text(parse_fixture("keyed_hist"), options);
  EXPECT_EQ(text.rfind("@bytes[bash] (948 samples)\n  [1B]          945 |@@@@@@@@@@|\n", 0), 0u) << text;
  EXPECT_NE(text.find("\n@bytes: … and 8 more keys (687 samples; --top 9 shows all)\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("@bytes[cat]"), std::string::npos);
}

TEST(RenderText, BarsCanBeTurnedOffAndColored) {
  Results r = parse_fixture("lhist");
  RenderOptions plain;
  plain.bar_width = 0;
  EXPECT_NE(render_text(r, plain).find("  [40, 50)    2\n"), std::string::npos);
  RenderOptions color;
  color.color = true;
  const std::string text = render_text(r, color);
  EXPECT_EQ(text.rfind("\x1b[1m@l\x1b[0m (5 samples)\n", 0), 0u);
  EXPECT_NE(text.find("|\x1b[36m" + std::string(40, '@') + "\x1b[0m|"), std::string::npos);
}

TEST(BucketLabel, PowersOfTwoAndOpenEnds) {
  using detail::bucket_label;
  using detail::Unit;
  EXPECT_EQ(bucket_label({4096, 8191, 0}, Unit::None), "[4K, 8K)");
  EXPECT_EQ(bucket_label({1048576, 2097151, 0}, Unit::None), "[1M, 2M)");
  EXPECT_EQ(bucket_label({512, 1023, 0}, Unit::None), "[512, 1K)");
  EXPECT_EQ(bucket_label({0, 0, 0}, Unit::None), "[0]");
  EXPECT_EQ(bucket_label({std::nullopt, -1, 0}, Unit::None), "[-inf, 0)");
  EXPECT_EQ(bucket_label({100, std::nullopt, 0}, Unit::None), "[100, inf)");
  EXPECT_EQ(bucket_label({std::nullopt, std::nullopt, 0}, Unit::None), "[-inf, inf)");
  EXPECT_EQ(bucket_label({0, 9, 0}, Unit::None), "[0, 10)");
  EXPECT_EQ(bucket_label({1000, 1999, 0}, Unit::None), "[1000, 2000)");
  EXPECT_EQ(bucket_label({-2048, -1025, 0}, Unit::None), "[-2K, -1K)");
  EXPECT_EQ(bucket_label({0, std::numeric_limits<int64_t>::max(), 0}, Unit::None), "[0, 8E)");
}

TEST(BucketLabel, UnitsOnlyFromTheMapName) {
  using detail::Unit;
  using detail::unit_from_name;
  EXPECT_EQ(unit_from_name("@lat_ns"), Unit::Nanoseconds);
  EXPECT_EQ(unit_from_name("@usecs"), Unit::Microseconds);
  EXPECT_EQ(unit_from_name("@MS"), Unit::Milliseconds);
  EXPECT_EQ(unit_from_name("@read_bytes"), Unit::Bytes);
  EXPECT_EQ(unit_from_name("@latency"), Unit::None);
  EXPECT_EQ(unit_from_name("@nsx"), Unit::None);
  EXPECT_EQ(detail::bucket_label({1024, 2047, 0}, Unit::Nanoseconds), "[1.02us, 2.05us)");
  EXPECT_EQ(detail::bucket_label({512, 1023, 0}, Unit::Nanoseconds), "[512ns, 1.02us)");
  EXPECT_EQ(detail::bucket_label({1024, 2047, 0}, Unit::Microseconds), "[1.02ms, 2.05ms)");
  EXPECT_EQ(detail::bucket_label({1, 1, 0}, Unit::Milliseconds), "[1ms]");
  EXPECT_EQ(detail::bucket_label({4096, 8191, 0}, Unit::Milliseconds), "[4.1s, 8.19s)");
  EXPECT_EQ(detail::bucket_label({4096, 8191, 0}, Unit::Bytes), "[4KiB, 8KiB)");
  EXPECT_EQ(detail::bucket_label({100, 199, 0}, Unit::Bytes), "[100B, 200B)");
}

TEST(HumanCount, Magnitudes) {
  EXPECT_EQ(human_count(0), "0");
  EXPECT_EQ(human_count(950), "950");
  EXPECT_EQ(human_count(999), "999");
  EXPECT_EQ(human_count(1000), "1 K");
  EXPECT_EQ(human_count(1234), "1.2 K");
  EXPECT_EQ(human_count(12345), "12.3 K");
  EXPECT_EQ(human_count(123456), "123 K");
  EXPECT_EQ(human_count(999600), "1 M");
  EXPECT_EQ(human_count(1234567), "1.2 M");
  EXPECT_EQ(human_count(14034813), "14 M");
  EXPECT_EQ(human_count(-1234567), "-1.2 M");
  EXPECT_EQ(human_count(std::numeric_limits<int64_t>::max()), "9.2 E");
  EXPECT_EQ(human_count(std::numeric_limits<int64_t>::min()), "-9.2 E");
}

TEST(GroupDigits, Separators) {
  EXPECT_EQ(detail::group_digits(0), "0");
  EXPECT_EQ(detail::group_digits(999), "999");
  EXPECT_EQ(detail::group_digits(1000), "1,000");
  EXPECT_EQ(detail::group_digits(-1234567), "-1,234,567");
  EXPECT_EQ(detail::group_digits(std::numeric_limits<int64_t>::min()), "-9,223,372,036,854,775,808");
}

TEST(Quantiles, BucketOfEachRank) {
  const Results r = parse_fixture("hist");
  const Histogram& h = r.hists.at(0).hists.at(0);
  // 132 samples: ranks 66, 119 and 131 fall in [2,4), [4K,8K) and [128K,256K).
  EXPECT_EQ(detail::quantile_bucket(h, 0.5)->min, 2);
  EXPECT_EQ(detail::quantile_bucket(h, 0.9)->min, 4096);
  EXPECT_EQ(detail::quantile_bucket(h, 0.99)->min, 131072);
  EXPECT_EQ(detail::quantile_bucket(Histogram{}, 0.5), nullptr);
}

}  // namespace
}  // namespace gpttrace
