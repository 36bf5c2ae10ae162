// What gpttrace serve runs: requests and programs made cumulative and periodically printed before the check,
// refusals of what is not a metric, and the supervisor's restart accounting with a replaying runner.
#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "kernel/fixture_catalog.h"
#include "pipeline/check.h"
#include "serve/program.h"
#include "serve/supervisor.h"

namespace gpttrace::serve {
namespace {

class ServeProgramTest : public ::testing::Test {
 protected:
  ServeProgramTest()
      : catalog_(load_fixture_catalog(GPTTRACE_FIXTURES_DIR "/kernel/tracefs")),
        session_(catalog_, Policy{}, StageLog(false)) {}
  Outcome<ServeCandidate> request(const std::string& text) {
    return serve_candidate({"", text, ""}, session_, 5, 0);
  }
  Outcome<ServeCandidate> program(const std::string& text) {
    return serve_candidate({"", "", text}, session_, 2, 1);
  }
  // Supervises a syscall-count program named `name` with `runner` until it sets `stopping`; the metrics'
  // text afterwards. The checked program's source is kept in last_checked_source_.
  std::string supervise_counts(const std::string& name, Runner& runner, std::atomic<bool>& stopping) {
    Outcome<ServeCandidate> served = program("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }");
    EXPECT_TRUE(served);
    if (!served) return "";
    Outcome<CheckedProgram> checked = check_candidate(served->candidate, session_, CompileCheck::Skip);
    EXPECT_TRUE(checked);
    if (!checked) return "";
    last_checked_source_ = checked->source();
    prometheus::Registry registry;
    HealthMetrics health(registry);
    ProgramMetrics metrics(registry, results_meaning(served->candidate), std::nullopt, {name, "", 10});
    int stop[2];
    EXPECT_EQ(::pipe(stop), 0);
    supervise(*checked, name, session_, runner, metrics, health, stop[0], stopping);
    ::close(stop[0]);
    ::close(stop[1]);
    return prometheus::TextSerializer().Serialize(registry.Collect());
  }

  FixtureCatalog catalog_;
  Session session_;
  std::string last_checked_source_;
};

TEST_F(ServeProgramTest, ACountRequestIsPrintedEveryIntervalWithoutClearing) {
  Outcome<ServeCandidate> served = request("count system calls by process");
  ASSERT_TRUE(served) << served.error().message;
  EXPECT_EQ(served->name, "syscalls");
  EXPECT_EQ(served->candidate.source.find("clear("), std::string::npos);
  EXPECT_TRUE(served->candidate.source.ends_with("interval:s:5 { print(@syscalls); }\n"))
      << served->candidate.source;
  // What serve runs is what passes the check: the printing variant itself.
  Outcome<CheckedProgram> checked = check_candidate(served->candidate, session_, CompileCheck::Skip);
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(checked->source(), served->candidate.source);
}

// Catalog events are named by their tracepoint, so two of them served together don't clash.
TEST_F(ServeProgramTest, CatalogEventsAreNamedByTheirTracepoint) {
  Outcome<ServeCandidate> irqs = request("count hardware interrupts by irq name");
  ASSERT_TRUE(irqs) << irqs.error().message;
  EXPECT_EQ(irqs->candidate.spec->event, EventKind::Tracepoint);
  EXPECT_EQ(irqs->name, "irq_irq_handler_entry");
  Outcome<ServeCandidate> kmallocs = request("count kmalloc calls by process");
  ASSERT_TRUE(kmallocs) << kmallocs.error().message;
  EXPECT_NE(kmallocs->name, irqs->name);
}

TEST_F(ServeProgramTest, ARateRequestBecomesACounter) {
  Outcome<ServeCandidate> served = request("system calls per second by process");
  ASSERT_TRUE(served) << served.error().message;
  EXPECT_EQ(served->candidate.spec->aggregation, Aggregation::Count);
  EXPECT_EQ(served->candidate.source.find("clear("), std::string::npos) << served->candidate.source;
}

TEST_F(ServeProgramTest, AListingIsNotAMetric) {
  Outcome<ServeCandidate> served = request("list file opens");
  ASSERT_FALSE(served);
  EXPECT_EQ(served.error().kind, FailureKind::Usage);
  EXPECT_NE(served.error().fix.find("count"), std::string::npos);
}

TEST_F(ServeProgramTest, ProgramsThatClearListOrUseLhistAreRefused) {
  for (const char* refused : {
           "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); } interval:s:1 { print(@); clear(@); }",
           "tracepoint:raw_syscalls:sys_enter { printf(\"%s\\n\", comm); }",
           "tracepoint:syscalls:sys_exit_read { @r = lhist(args->ret, 0, 100, 10); }",
       }) {
    Outcome<ServeCandidate> served = program(refused);
    ASSERT_FALSE(served) << refused;
    EXPECT_EQ(served.error().kind, FailureKind::Usage) << refused;
  }
  Outcome<ServeCandidate> ok =
      program("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); } END { clear(@); }");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->name, "program2");
  EXPECT_TRUE(ok->candidate.source.ends_with("interval:s:2 { print(@); }\n"));
}

// Replays one dump per run; the first run ends by itself (bpftrace died), the second is the last.
class DyingRunner : public Runner {
 public:
  explicit DyingRunner(std::atomic<bool>& stopping) : stopping_(stopping) {}
  Result<RunOutcome> run(const RunRequest& request, const LineSink& sink) override {
    programs.push_back(request.program);
    sink(R"({"type": "attached_probes", "data": {"probes": 1}})");
    sink(runs_ == 0 ? R"({"type": "map", "data": {"@": {"evwk": 30}}})"
                    : R"({"type": "map", "data": {"@": {"evwk": 5}}})");
    sink(R"({"type": "lost_events", "data": {"events": 3}})");
    if (++runs_ == 2) stopping_ = true;
    RunOutcome outcome;
    outcome.attached = true;
    outcome.exit_code = runs_ == 1 ? 137 : 0;
    return outcome;
  }
  std::vector<std::string> programs;

 private:
  std::atomic<bool>& stopping_;
  int runs_ = 0;
};

TEST_F(ServeProgramTest, ADeadBpftraceIsRestartedCountedAndItsTotalsKept) {
  std::atomic<bool> stopping{false};
  DyingRunner runner(stopping);
  const std::string text = supervise_counts("evwk_calls", runner, stopping);
  ASSERT_EQ(runner.programs.size(), 2u);
  EXPECT_EQ(runner.programs[0], last_checked_source_);
  EXPECT_NE(text.find("gpttrace_evwk_calls_total{process=\"evwk\"} 35"), std::string::npos) << text;
  EXPECT_NE(text.find("gpttrace_program_restarts_total{program=\"evwk_calls\"} 1"), std::string::npos)
      << text;
  EXPECT_NE(text.find("gpttrace_program_lost_events_total{program=\"evwk_calls\"} 6"), std::string::npos)
      << text;
  EXPECT_NE(text.find("gpttrace_program_up{program=\"evwk_calls\"} 0"), std::string::npos) << text;
}

// A bpftrace that fails before attaching: a load error, and the reason as a metric.
class FailingRunner : public Runner {
 public:
  explicit FailingRunner(std::atomic<bool>& stopping) : stopping_(stopping) {}
  Result<RunOutcome> run(const RunRequest&, const LineSink&) override {
    if (++runs_ == 2) stopping_ = true;  // the second run is stopped by us: not a failure to report
    RunOutcome outcome;
    outcome.exit_code = 255;
    outcome.stderr_text = "stdin:1:1-22: ERROR: Error attaching probe: 'tracepoint:raw_syscalls:sys_enter'\n";
    return outcome;
  }

 private:
  std::atomic<bool>& stopping_;
  int runs_ = 0;
};

TEST_F(ServeProgramTest, ABpftraceThatCannotAttachIsALoadErrorWithItsReason) {
  std::atomic<bool> stopping{false};
  FailingRunner runner(stopping);
  const std::string text = supervise_counts("calls", runner, stopping);
  EXPECT_NE(text.find("gpttrace_program_load_errors_total{program=\"calls\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("gpttrace_program_error{message=\"ERROR: Error attaching probe: "
                      "'tracepoint:raw_syscalls:sys_enter'\",program=\"calls\",reason=\"bpftrace-failed\"} 1"),
            std::string::npos)
      << text;
}

TEST(Backoff, DoublesToAMinuteAndResetsAfterALongRun) {
  Backoff backoff;
  EXPECT_EQ(backoff.next(std::chrono::seconds(0)).count(), 1);
  EXPECT_EQ(backoff.next(std::chrono::seconds(0)).count(), 2);
  for (int i = 0; i < 10; ++i) backoff.next(std::chrono::seconds(0));
  EXPECT_EQ(backoff.next(std::chrono::seconds(0)).count(), 60);
  EXPECT_EQ(backoff.next(std::chrono::seconds(120)).count(), 1);
}

}  // namespace
}  // namespace gpttrace::serve
