// The whole pipeline on the fixture catalog with a fake runner: understand -> candidate -> check ->
// confirm -> run -> report, and each failure's exit code.
#include <gtest/gtest.h>

#include <type_traits>

#include "common/exit_codes.h"
#include "kernel/fixture_catalog.h"
#include "pipeline/check.h"
#include "pipeline/confirm.h"
#include "pipeline/planner.h"
#include "pipeline/program_layout.h"
#include "pipeline/run.h"
#include "replay_runner.h"
#include "results/meaning.h"

namespace gpttrace {
namespace {

using FakeRunner = test_cases::ReplayRunner;
using test_cases::stopped_after_attach;

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest()
      : catalog_(load_fixture_catalog(GPTTRACE_FIXTURES_DIR "/kernel/tracefs")),
        session_(catalog_, Policy{}, StageLog(false)) {}

  Outcome<CheckedProgram> check(const std::string& source, Origin origin = Origin::User) {
    return check_candidate(Candidate{source, origin, {}, {}, {}, {}}, session_, CompileCheck::Skip);
  }

  FixtureCatalog catalog_;
  Session session_;
};

// The proof of a check is the type: nothing but check_candidate can make a CheckedProgram.
static_assert(!std::is_default_constructible_v<CheckedProgram>);
static_assert(!std::is_constructible_v<CheckedProgram, Candidate>);
static_assert(!std::is_constructible_v<CheckedProgram, Candidate, Diagnostics, bool>);

TEST_F(PipelineTest, EveryOriginGetsTheSameCheck) {
  for (Origin origin : {Origin::Planner, Origin::Llm, Origin::User, Origin::File}) {
    Outcome<CheckedProgram> kprobe = check("kprobe:vfs_read { @[comm] = count(); }", origin);
    ASSERT_FALSE(kprobe) << origin_name(origin);
    EXPECT_EQ(kprobe.error().kind, FailureKind::Rejected);
    EXPECT_EQ(exit_code_for(kprobe.error().kind), kExitRejected);
    EXPECT_NE(kprobe.error().report.find("tracepoint:syscalls:sys_enter_read"), std::string::npos)
        << kprobe.error().report;
    EXPECT_EQ(kprobe.error().message, "the program was refused with 1 error; nothing was loaded");
  }
}

TEST_F(PipelineTest, UnsafeBuiltinsNeedThePolicy) {
  const std::string program = "tracepoint:raw_syscalls:sys_enter { system(\"id\"); exit(); }";
  Outcome<CheckedProgram> refused = check(program);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().report.find("--unsafe"), std::string::npos) << refused.error().report;
  session_.policy.unsafe = true;
  EXPECT_TRUE(check(program));
}

TEST_F(PipelineTest, ProbeCapIsPolicy) {
  const std::string program = "tracepoint:syscalls:sys_enter_* { @[probe] = count(); }";
  EXPECT_TRUE(check(program));
  session_.policy.max_probes = 5;
  Outcome<CheckedProgram> refused = check(program);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().diagnostics.items().front().code, "too-many-probes");
}

TEST_F(PipelineTest, PassingProgramKeepsItsCandidateAndIsNotCompiledWhenSkipped) {
  Outcome<CheckedProgram> ok = check("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }", Origin::File);
  ASSERT_TRUE(ok) << ok.error().report;
  EXPECT_EQ(ok->candidate().origin, Origin::File);
  EXPECT_FALSE(ok->compiled());
  EXPECT_TRUE(ok->warnings().empty());
}

TEST_F(PipelineTest, PlannerCandidatePassesTheCheck) {
  Outcome<Plan> plan = plan_request("count syscalls by process", session_, false);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->candidate.origin, Origin::Planner);
  EXPECT_EQ(plan->candidate.request, "count syscalls by process");
  EXPECT_FALSE(plan->candidate.description.empty());
  EXPECT_FALSE(plan->probes.empty());
  Outcome<CheckedProgram> checked = check_candidate(plan->candidate, session_, CompileCheck::Skip);
  EXPECT_TRUE(checked) << checked.error().report;
}

TEST_F(PipelineTest, NotUnderstoodIsTheUnderstandStageWithSuggestions) {
  Outcome<Plan> plan = plan_request("make me a sandwich please", session_, false);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().kind, FailureKind::NotUnderstood);
  EXPECT_EQ(plan.error().stage, "understand");
  EXPECT_EQ(exit_code_for(plan.error().kind), kExitNotUnderstood);
}

TEST_F(PipelineTest, MissingPidIsUsageUnlessAllowed) {
  Outcome<Plan> refused = plan_request("count syscalls of pid 999999999", session_, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, FailureKind::Usage);
  EXPECT_EQ(exit_code_for(refused.error().kind), kExitUsage);
  Outcome<Plan> noted = plan_request("count syscalls of pid 999999999", session_, true);
  ASSERT_TRUE(noted) << noted.error().message;
  ASSERT_FALSE(noted->candidate.notes.empty());
  EXPECT_NE(noted->candidate.notes.front().find("999999999"), std::string::npos);
}

TEST_F(PipelineTest, RunProducesAReportWithDecodedSyscallNames) {
  Outcome<Plan> plan = plan_request("count syscalls by syscall", session_, false);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_TRUE(plan->candidate.spec.has_value()) << "the plan goes with the candidate: it decodes syscall ids";
  Outcome<CheckedProgram> checked = check_candidate(plan->candidate, session_, CompileCheck::Skip);
  ASSERT_TRUE(checked) << checked.error().report;
  FakeRunner runner({R"({"type": "attached_probes", "data": {"probes": 1}})", "", "",
                     R"({"type": "map", "data": {"@syscalls": {"0": 7, "1": 3}}})"},
                    stopped_after_attach());
  ResultStream stream;
  RunSettings settings;
  settings.duration = std::chrono::milliseconds(1500);
  settings.stop_fd = 42;
  Outcome<TraceReport> report = run_checked(*checked, session_, runner, settings, stream);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->stopped_by, "duration");
  ASSERT_EQ(report->results.maps.size(), 1u);
  std::vector<std::string> keys;
  for (const MapEntry& e : report->results.maps.front().entries) keys.push_back(e.key.at(0));
  EXPECT_NE(std::find(keys.begin(), keys.end(), "read"), keys.end()) << "x86_64 syscall 0 is read";
  EXPECT_EQ(runner.last_request.duration, std::chrono::milliseconds(1500));
  EXPECT_EQ(runner.last_request.stop_fd, 42);
  EXPECT_EQ(runner.last_request.program, checked->source());
  EXPECT_TRUE(runner.last_request.extra_args.empty());
  EXPECT_FALSE(runner.last_request.text_output);
  const MapInfo* info = report->meaning.find(report->results.maps.front().name);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->keys.at(0).decoder, Decoder::Syscall);
}

TEST_F(PipelineTest, PlannerProgramsAreLaidOutBeforeTheCheck) {
  Outcome<Plan> plan = plan_request("count failed openat calls by process and error for pid 1", session_, true);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(layout_for_reading(plan->candidate.source), plan->candidate.source);
  Outcome<CheckedProgram> checked = check_candidate(plan->candidate, session_, CompileCheck::Skip);
  ASSERT_TRUE(checked) << checked.error().report;
  EXPECT_EQ(checked->source(), plan->candidate.source) << "checked, shown and run is one text";
}

TEST_F(PipelineTest, RawOutputPassesBpftraceTextThroughUnparsed) {
  Outcome<CheckedProgram> checked = check("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }");
  ASSERT_TRUE(checked);
  FakeRunner runner({"Attaching 1 probe...", "", "@[evwk_sys]: 12"}, stopped_after_attach());
  std::vector<std::string> raw;
  RunSettings settings;
  settings.raw_output = [&](std::string_view line) { raw.emplace_back(line); };
  ResultStream stream;
  Outcome<TraceReport> report = run_checked(*checked, session_, runner, settings, stream);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(runner.last_request.text_output);
  EXPECT_EQ(raw, (std::vector<std::string>{"Attaching 1 probe...", "", "@[evwk_sys]: 12"}));
  EXPECT_TRUE(report->results.maps.empty());
}

TEST_F(PipelineTest, LiveDumpsAreDecodedTitledAndKeptAsSnapshots) {
  Outcome<CheckedProgram> checked =
      check("tracepoint:signal:signal_generate { @sigs[args->sig] = count(); }\ninterval:s:1 { print(@sigs); }");
  ASSERT_TRUE(checked) << checked.error().report;
  FakeRunner runner({R"({"type": "attached_probes", "data": {"probes": 2}})",
                     R"({"type": "map", "data": {"@sigs": {"15": 2}}})", "", "",
                     R"({"type": "map", "data": {"@sigs": {"15": 3}}})"},
                    stopped_after_attach());
  std::vector<std::string> live_keys;
  ResultStream stream(LiveOutput{{}, [&](const Results& dump, const ResultsMeaning& meaning) {
                                   ASSERT_EQ(dump.maps.size(), 1u);
                                   live_keys.push_back(dump.maps.front().entries.at(0).key.at(0));
                                   EXPECT_NE(meaning.find("@sigs"), nullptr);
                                 }});
  Outcome<TraceReport> report = run_checked(*checked, session_, runner, RunSettings{}, stream);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(live_keys, std::vector<std::string>{"SIGTERM"});
  ASSERT_EQ(report->results.snapshots.size(), 1u);
  ASSERT_EQ(report->results.maps.size(), 1u);
  EXPECT_EQ(report->results.maps.front().entries.at(0).key.at(0), "SIGTERM");
}

TEST_F(PipelineTest, RunPassesEventsLiveAndUnsafeToBpftrace) {
  session_.policy.unsafe = true;
  Outcome<CheckedProgram> checked = check("tracepoint:raw_syscalls:sys_enter { printf(\"%s\\n\", comm); }");
  ASSERT_TRUE(checked);
  FakeRunner runner({R"({"type": "attached_probes", "data": {"probes": 1}})",
                     R"({"type": "printf", "data": "evwk_sys\nevwk_rd\n"})"},
                    stopped_after_attach());
  std::vector<std::string> live;
  ResultStream stream(LiveOutput{[&](const std::vector<std::string>& events) {
                                   live.insert(live.end(), events.begin(), events.end());
                                 },
                                 {}});
  Outcome<TraceReport> report = run_checked(*checked, session_, runner, RunSettings{}, stream);
  ASSERT_TRUE(report);
  EXPECT_EQ(live, (std::vector<std::string>{"evwk_sys", "evwk_rd"}));
  EXPECT_EQ(report->results.events, live);
  EXPECT_EQ(runner.last_request.extra_args, std::vector<std::string>{"--unsafe"});
}

TEST_F(PipelineTest, BpftraceCompileErrorIsARejection) {
  Outcome<CheckedProgram> checked = check("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }");
  ASSERT_TRUE(checked);
  RunOutcome outcome;
  outcome.exit_code = 1;
  outcome.stderr_text = "stdin:1:37-42: ERROR: Unknown function: count2\n";
  FakeRunner runner({}, outcome);
  ResultStream stream;
  Outcome<TraceReport> report = run_checked(*checked, session_, runner, RunSettings{}, stream);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().kind, FailureKind::Rejected);
  EXPECT_NE(report.error().message.find("bpftrace's compiler"), std::string::npos);
}

TEST_F(PipelineTest, AttachFailureAndSpawnFailureMapToTheirExitCodes) {
  Outcome<CheckedProgram> checked = check("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }");
  ASSERT_TRUE(checked);
  RunOutcome outcome;
  outcome.exit_code = 1;
  outcome.stderr_text = "ERROR: Error attaching probe: tracepoint:raw_syscalls:sys_enter\n";
  FakeRunner runner({}, outcome);
  ResultStream stream;
  Outcome<TraceReport> failed = run_checked(*checked, session_, runner, RunSettings{}, stream);
  ASSERT_FALSE(failed);
  EXPECT_EQ(exit_code_for(failed.error().kind), kExitBpftraceFailed);
  EXPECT_NE(failed.error().fix.find("gpttrace probes"), std::string::npos);

  runner.spawn_fails = true;
  ResultStream again;
  Outcome<TraceReport> spawn = run_checked(*checked, session_, runner, RunSettings{}, again);
  ASSERT_FALSE(spawn);
  EXPECT_EQ(exit_code_for(spawn.error().kind), kExitEnvironment);
}

TEST(FailureTest, EveryKindHasTheReadmeExitCode) {
  EXPECT_EQ(exit_code_for(FailureKind::BpftraceFailed), 1);
  EXPECT_EQ(exit_code_for(FailureKind::Usage), 2);
  EXPECT_EQ(exit_code_for(FailureKind::NotUnderstood), 3);
  EXPECT_EQ(exit_code_for(FailureKind::Rejected), 4);
  EXPECT_EQ(exit_code_for(FailureKind::Environment), 5);
  EXPECT_EQ(exit_code_for(FailureKind::NotConfirmed), 6);
  EXPECT_EQ(exit_code_for(FailureKind::Interrupted), 130);
}

TEST(ConfirmTest, YesAgreesAndNoTerminalRefuses) {
  ConfirmRequest question{"shown\n", "program", "loaded", ""};
  EXPECT_TRUE(make_confirmer(true, false, -1)->confirm(question));
  Outcome<void> refused = make_confirmer(false, false, -1)->confirm(question);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, FailureKind::NotConfirmed);
  EXPECT_EQ(refused.error().message, "stdin is not a terminal, so nobody can confirm the program");
  EXPECT_EQ(exit_code_for(refused.error().kind), kExitNotConfirmed);
}

TEST(ConfirmTest, OneSetOfAnswers) {
  for (const char* yes : {"y", "Y", "yes", "YES"}) EXPECT_TRUE(is_yes_answer(yes)) << yes;
  for (const char* no : {"", "n", "no", "yes please", " y", "Yes!"}) EXPECT_FALSE(is_yes_answer(no)) << no;
}

}  // namespace
}  // namespace gpttrace
