// The trace tools on the fixture catalog with a replaying runner (nothing loads): results carry what they
// mean, as the CLI shows it: column titles, units and decoded keys, in the structured content and the text.
#include <gtest/gtest.h>

#include <chrono>

#include "kernel/fixture_catalog.h"
#include "mcp/tools.h"
#include "mcp/traces.h"
#include "replay_runner.h"

namespace gpttrace::mcp {
namespace {

using namespace std::chrono_literals;

// Failed opens by process and error, and read latency in microseconds.
constexpr const char* kProgram =
    "tracepoint:syscalls:sys_exit_openat /args->ret < 0/ { @opens[comm, -args->ret] = count(); }\n"
    "tracepoint:syscalls:sys_enter_read { @start[tid] = nsecs; }\n"
    "tracepoint:syscalls:sys_exit_read /@start[tid]/ { @read_us = hist((nsecs - @start[tid]) / 1000); "
    "delete(@start[tid]); }\n";

const std::vector<std::string> kOutput = {
    R"({"type": "attached_probes", "data": {"probes": 3}})",
    R"({"type": "map", "data": {"@opens": {"cat,2": 31, "evwk_open,13": 4}}})",
    R"({"type": "hist", "data": {"@read_us": [{"min": 1, "max": 1, "count": 5}, {"min": 2, "max": 3, "count": 2}]}})",
};

class TraceTools : public ::testing::Test {
 protected:
  TraceTools()
      : catalog_(load_fixture_catalog(GPTTRACE_FIXTURES_DIR "/kernel/tracefs")),
        session_(catalog_, Policy{}, StageLog(false)),
        runner_(kOutput, test_cases::stopped_after_attach()),
        traces_(session_, runner_, 4),
        context_{session_, traces_, [](double, double, const std::string&) {}, [](std::function<void()>) {}} {
  }

  FixtureCatalog catalog_;
  Session session_;
  test_cases::ReplayRunner runner_;
  TraceTable traces_;
  ToolContext context_;
};

// What every trace result must say about kOutput: titles and units per map, keys decoded with the raw
// value kept, and the same titles in the text a person (or an older client) reads.
void expect_meaning(const ToolResult& r) {
  ASSERT_FALSE(r.is_error) << r.text;
  const json& s = r.structured;
  ASSERT_TRUE(s.contains("columns")) << s.dump();
  const json& opens = s["columns"]["@opens"];
  ASSERT_EQ(opens["keys"].size(), 2u) << opens.dump();
  EXPECT_EQ(opens["keys"][0]["title"], "process");
  EXPECT_EQ(opens["keys"][1]["title"], "error");
  EXPECT_EQ(opens["keys"][1]["decoder"], "errno");
  EXPECT_EQ(opens["value"], "count");
  EXPECT_EQ(s["columns"]["@read_us"]["unit"], "us") << s["columns"].dump();
  bool decoded = false;
  for (const json& entry : s["maps"]["@opens"]) {
    if (entry["key"] == json::array({"cat", "ENOENT"}))
      decoded = entry["raw_key"] == json::array({"cat", "2"});
  }
  EXPECT_TRUE(decoded) << s["maps"].dump();
  for (const char* shown : {"process", "error", "ENOENT", "EACCES", "evwk_open", "(us)"}) {
    EXPECT_NE(r.text.find(shown), std::string::npos) << "no '" << shown << "' in the text:\n" << r.text;
  }
}

TEST_F(TraceTools, RunTraceResultsCarryColumnTitlesAndUnits) {
  ToolResult r = run_trace_tool().call({{"program", kProgram}, {"duration_s", 1}}, context_);
  expect_meaning(r);
  EXPECT_EQ(runner_.runs, 1);
  EXPECT_NE(runner_.last_request.program.find("@opens[comm, -args->ret]"), std::string::npos)
      << "the checked program is the one that ran";
}

TEST_F(TraceTools, GetTraceOfAFinishedTraceCarriesThemToo) {
  ToolResult started = start_trace_tool().call({{"program", kProgram}, {"duration_s", 1}}, context_);
  ASSERT_FALSE(started.is_error) << started.text;
  std::string id = started.structured["id"];
  std::shared_ptr<Trace> trace = traces_.find(id);
  ASSERT_NE(trace, nullptr);
  ASSERT_TRUE(trace->wait_for(10s));
  expect_meaning(get_trace_tool().call({{"id", id}}, context_));
}

// A planned request (@syscalls[comm] = count()) gets its titles from the plan, in the request's language.
TEST_F(TraceTools, PlannedChineseRequestIsTitledInChinese) {
  test_cases::ReplayRunner runner({R"({"type": "map", "data": {"@syscalls": {"cat": 31}}})"},
                                  test_cases::stopped_after_attach());
  TraceTable traces(session_, runner, 1);
  ToolContext context{session_, traces, [](double, double, const std::string&) {},
                      [](std::function<void()>) {}};
  ToolResult r = run_trace_tool().call({{"request", "按进程统计系统调用"}, {"duration_s", 1}}, context);
  ASSERT_FALSE(r.is_error) << r.text;
  ASSERT_TRUE(r.structured.contains("columns")) << r.structured.dump();
  std::string titles = r.structured["columns"].dump();
  EXPECT_NE(titles.find("进程"), std::string::npos) << titles;
  EXPECT_NE(r.text.find("进程"), std::string::npos) << r.text;
}

}  // namespace
}  // namespace gpttrace::mcp
