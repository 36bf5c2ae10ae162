// The exporter core against real bpftrace output (fixtures/serve: interval dumps of counts, hists, stats, avg
// and max recorded on this VM): metric names and types, base units, histogram buckets, the series budget and
// counters that stay monotonic across a bpftrace restart.
#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <fstream>
#include <map>
#include <regex>

#include "results/meaning.h"
#include "results/results.h"
#include "serve/metrics.h"

namespace gpttrace::serve {
namespace {

// The program that printed fixtures/serve/bpftrace_interval_dumps.json.
constexpr const char* kFixtureProgram =
    R"(tracepoint:raw_syscalls:sys_enter /comm == "cat" || comm == "head"/ { @syscalls[comm] = count(); }
tracepoint:syscalls:sys_exit_read /args->ret >= 0 && (comm == "cat" || comm == "head")/ { @bytes = hist(args->ret); @kb[comm] = hist(args->ret); @st[comm] = stats(args->ret); @av[comm] = avg(args->ret); @mx = max(args->ret); @tot = count(); }
interval:s:1 { print(@syscalls); print(@bytes); print(@kb); print(@st); print(@av); print(@mx); print(@tot); }
interval:s:3 { exit(); })";

std::vector<std::string> fixture_lines() {
  std::ifstream in(GPTTRACE_FIXTURES_DIR "/serve/bpftrace_interval_dumps.json");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Feeds lines one at a time, as the supervisor does.
void feed(ProgramMetrics& metrics, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    ResultsParser parser;
    LineKind kind = parser.feed(line);
    if (kind == LineKind::Map || kind == LineKind::Hist || kind == LineKind::Stats)
      metrics.update(parser.take());
  }
}

// Sample lines of the text exposition: "name{labels}" -> value.
std::map<std::string, double> samples(prometheus::Registry& registry) {
  std::map<std::string, double> out;
  std::istringstream text(prometheus::TextSerializer().Serialize(registry.Collect()));
  for (std::string line; std::getline(text, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

// The final state of every map in the fixture, parsed independently of the exporter.
Results final_dumps(const std::vector<std::string>& lines) {
  ResultsParser parser;
  for (const std::string& line : lines) parser.feed(line);
  return parser.take();
}

int64_t map_value(const Results& r, const std::string& name, const std::string& key) {
  for (const MapResult& m : r.maps)
    if (m.name == name)
      for (const MapEntry& e : m.entries)
        if (e.key == std::vector<std::string>{key} || (key.empty() && e.key.empty()))
          return std::get<int64_t>(e.value);
  ADD_FAILURE() << "no " << name << "[" << key << "]";
  return -1;
}

class MetricsTest : public ::testing::Test {
 protected:
  MetricsTest() : lines_(fixture_lines()), final_(final_dumps(lines_)) {}
  std::unique_ptr<ProgramMetrics> make(size_t max_series = 500) {
    return std::make_unique<ProgramMetrics>(registry_, meaning_from_program(kFixtureProgram), std::nullopt,
                                            MetricsOptions{"t", "reads by cat and head", max_series});
  }
  std::vector<std::string> lines_;
  Results final_;
  prometheus::Registry registry_;
};

TEST_F(MetricsTest, FixtureHoldsEveryKindOfDump) {
  ASSERT_GT(lines_.size(), 20u);
  EXPECT_EQ(final_.maps.size(), 4u);  // @syscalls, @mx, @tot, and @av (avg prints as stats, parsed as a map)
  EXPECT_EQ(final_.hists.size(), 2u);
  EXPECT_EQ(final_.stats.size(), 1u);
}

TEST_F(MetricsTest, CountsBecomeCountersWithTheLastCumulativeValue) {
  auto metrics = make();
  feed(*metrics, lines_);
  auto s = samples(registry_);
  for (const char* comm : {"cat", "head"}) {
    EXPECT_EQ(s.at(std::string("gpttrace_t_syscalls_total{process=\"") + comm + "\"}"),
              map_value(final_, "@syscalls", comm));
  }
  EXPECT_EQ(s.at("gpttrace_t_tot_total"), map_value(final_, "@tot", ""));
  EXPECT_EQ(s.at("gpttrace_t_mx_max"), map_value(final_, "@mx", ""));  // max() is a gauge
  EXPECT_TRUE(s.count("gpttrace_t_av_average{process=\"cat\"}"));
}

TEST_F(MetricsTest, PowerOfTwoHistogramsHaveCumulativeBucketsCountAndApproximateSum) {
  auto metrics = make();
  feed(*metrics, lines_);
  auto s = samples(registry_);
  const Histogram* bytes = nullptr;
  for (const HistResult& h : final_.hists)
    if (h.name == "@bytes") bytes = &h.hists.front();
  ASSERT_NE(bytes, nullptr);
  uint64_t total = 0, up_to_3 = 0;
  double midpoints = 0;
  for (const HistBucket& b : bytes->buckets) {
    total += b.count;
    if (b.max && *b.max <= 3) up_to_3 += b.count;
    if (b.min && b.max) midpoints += static_cast<double>(b.count) * (*b.min + *b.max) / 2.0;
  }
  // @bytes is in bytes by its name; the unit is not repeated: gpttrace_t_bytes, not gpttrace_t_bytes_bytes.
  EXPECT_EQ(s.at("gpttrace_t_bytes_count"), total);
  EXPECT_EQ(s.at("gpttrace_t_bytes_bucket{le=\"+Inf\"}"), total);
  EXPECT_EQ(s.at("gpttrace_t_bytes_bucket{le=\"3\"}"), up_to_3);
  EXPECT_DOUBLE_EQ(s.at("gpttrace_t_bytes_sum"), midpoints);
  EXPECT_TRUE(s.count("gpttrace_t_kb_bucket{process=\"cat\",le=\"65535\"}"));
}

TEST_F(MetricsTest, StatsGiveExactSumAndCount) {
  auto metrics = make();
  feed(*metrics, lines_);
  auto s = samples(registry_);
  for (const Stats& st : final_.stats.front().stats) {
    const std::string labels = "{process=\"" + st.key.front() + "\"}";
    EXPECT_EQ(s.at("gpttrace_t_st_sum" + labels), st.total);
    EXPECT_EQ(s.at("gpttrace_t_st_count" + labels), st.count);
  }
}

TEST_F(MetricsTest, ARestartedBpftraceAddsToThePreviousTotals) {
  auto metrics = make();
  feed(*metrics, lines_);
  const double before = samples(registry_).at("gpttrace_t_syscalls_total{process=\"cat\"}");
  metrics->new_incarnation();
  feed(*metrics, {lines_[1]});  // the new bpftrace's first dump starts from zero again
  ResultsParser first;
  first.feed(lines_[1]);
  EXPECT_EQ(samples(registry_).at("gpttrace_t_syscalls_total{process=\"cat\"}"),
            before + map_value(first.results(), "@syscalls", "cat"));
}

TEST_F(MetricsTest, KeysPastTheBudgetFoldIntoOtherKeepingTheTotal) {
  auto metrics = make(1);
  feed(*metrics, lines_);
  auto s = samples(registry_);
  // The first dump's larger key keeps its own series; the other adds to comm="other".
  ResultsParser first;
  first.feed(lines_[1]);
  const bool cat_first =
      map_value(first.results(), "@syscalls", "cat") >= map_value(first.results(), "@syscalls", "head");
  const std::string own = cat_first ? "cat" : "head", folded = cat_first ? "head" : "cat";
  EXPECT_EQ(s.at("gpttrace_t_syscalls_total{process=\"" + own + "\"}"), map_value(final_, "@syscalls", own));
  EXPECT_EQ(s.count("gpttrace_t_syscalls_total{process=\"" + folded + "\"}"), 0u);
  EXPECT_EQ(s.at("gpttrace_t_syscalls_total{process=\"other\"}"), map_value(final_, "@syscalls", folded));
}

TEST(MetricUnits, LatencyInMicrosecondsIsExposedInSeconds) {
  prometheus::Registry registry;
  ProgramMetrics metrics(registry,
                         meaning_from_program("tracepoint:a:b { @usecs = hist((nsecs - @s[tid]) / 1000); }"),
                         std::nullopt, MetricsOptions{"read_latency", "", 500});
  feed(
      metrics,
      {R"({"type": "hist", "data": {"@usecs": [{"min": 4, "max": 7, "count": 2}, {"min": 8, "max": 15, "count": 1}]}})"});
  auto s = samples(registry);
  EXPECT_EQ(s.at("gpttrace_read_latency_seconds_bucket{le=\"7e-06\"}"), 2);
  EXPECT_EQ(s.at("gpttrace_read_latency_seconds_bucket{le=\"1.5e-05\"}"), 3);
  EXPECT_DOUBLE_EQ(s.at("gpttrace_read_latency_seconds_sum"), (2 * 5.5 + 11.5) * 1e-6);
}

TEST(MetricNames, OneNamePerMapAndNoneForTemporaries) {
  auto names =
      metric_names(meaning_from_program("tracepoint:a:b { @_start[tid] = nsecs; @[comm] = count(); }"),
                   MetricsOptions{"opens", "", 500});
  EXPECT_EQ(names, std::vector<std::string>{"gpttrace_opens_total"});
}

}  // namespace
}  // namespace gpttrace::serve
