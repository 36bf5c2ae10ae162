// Runner tests against fake bpftrace scripts: streaming, stop escalation, Ctrl-C, output cap, errors.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "run/runner.h"
#include "sys/signals.h"

namespace gpttrace {
namespace {

using namespace std::chrono_literals;

std::string fixture(const std::string& name) {
  return std::string(GPTTRACE_FIXTURES_DIR) + "/run/" + name;
}

struct Collected {
  std::vector<std::string> lines;
  LineSink sink() {
    return [this](std::string_view line) { lines.emplace_back(line); };
  }
};

RunRequest fake(const std::string& script, std::chrono::milliseconds duration) {
  RunRequest r;
  r.bpftrace_path = fixture(script);
  r.program = "tracepoint:x:y { }";
  r.duration = duration;
  return r;
}

// Raises SIGINT in this process at the given delays, as a user pressing Ctrl-C would.
std::thread press_ctrl_c(std::vector<std::chrono::milliseconds> at) {
  return std::thread([at] {
    auto start = std::chrono::steady_clock::now();
    for (auto t : at) {
      std::this_thread::sleep_until(start + t);
      ::kill(::getpid(), SIGINT);
    }
  });
}

void expect_no_children_left() {
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(BenignStderr, RecognisesNoise) {
  EXPECT_TRUE(is_benign_stderr_line(
      "ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK for bpftrace. If your program is not loading"));
  EXPECT_TRUE(is_benign_stderr_line("Attaching 1 probe..."));
  EXPECT_TRUE(is_benign_stderr_line("Attaching 12 probes..."));
  EXPECT_FALSE(is_benign_stderr_line("Attaching probes..."));
  EXPECT_FALSE(is_benign_stderr_line("stdin:1:1-6: ERROR: Invalid probe type: bogus"));
  EXPECT_FALSE(is_benign_stderr_line("ERROR: Error attaching probe: 'kprobe:vfs_read'"));
}

TEST(RunnerFake, StreamsLinesInOrderAndStopsAfterDuration) {
  Collected got;
  auto out = run_bpftrace(fake("fake_bpftrace.sh", 300ms), got.sink());
  ASSERT_TRUE(out) << out.error().message;
  std::vector<std::string> want = {R"({"type": "attached_probes", "data": {"probes": 1}})",
                                   R"({"type": "printf", "data": "event 1\n"})",
                                   R"({"type": "printf", "data": "event 2\n"})",
                                   R"({"type": "printf", "data": "event 3\n"})",
                                   "",
                                   "",
                                   R"({"type": "map", "data": {"@": {"fake": 0}}})"};
  EXPECT_EQ(got.lines, want);
  EXPECT_TRUE(out->attached);
  EXPECT_TRUE(out->stopped_by_duration);
  EXPECT_FALSE(out->stopped_by_signal);
  EXPECT_FALSE(out->hit_output_cap);
  EXPECT_EQ(out->events, 3u);
  EXPECT_EQ(out->exit_code, 0);
  EXPECT_EQ(out->stop_signals_sent, 1);
  EXPECT_EQ(out->stop_escalation, "");
  EXPECT_EQ(out->stderr_text, "");  // only the RLIMIT_MEMLOCK line was printed
  EXPECT_GE(out->elapsed, 300ms);
  EXPECT_LT(out->elapsed, 1500ms);
  expect_no_children_left();
}

TEST(RunnerFake, MissedFirstSigintIsResentAfterOneSecond) {
  ::setenv("BPFTRACE_FAKE_MISS_SIGINTS", "1", 1);
  Collected got;
  auto out = run_bpftrace(fake("fake_bpftrace.sh", 200ms), got.sink());
  ::unsetenv("BPFTRACE_FAKE_MISS_SIGINTS");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->stop_escalation, "SIGINT x2");
  EXPECT_EQ(out->stop_signals_sent, 2);
  EXPECT_EQ(out->exit_code, 0);
  ASSERT_FALSE(got.lines.empty());
  EXPECT_EQ(got.lines.back(), R"({"type": "map", "data": {"@": {"fake": 1}}})");
  EXPECT_GE(out->elapsed, 1200ms);
  EXPECT_LT(out->elapsed, 2500ms);
}

TEST(RunnerFake, IgnoringSigintAndSigtermEndsWithSigkillOfTheGroup) {
  Collected got;
  auto out = run_bpftrace(fake("stubborn_bpftrace.sh", 100ms), got.sink());
  ASSERT_TRUE(out);
  EXPECT_EQ(out->stop_escalation, "SIGKILL");
  EXPECT_EQ(out->stop_signals_sent, 4);
  EXPECT_EQ(out->exit_code, 128 + SIGKILL);
  EXPECT_GE(out->elapsed, 5000ms);
  EXPECT_LT(out->elapsed, 6500ms);
  expect_no_children_left();
  auto failure = stop_failure(*out);  // never a success with "No data was collected"
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->exit_code, 1);
  EXPECT_NE(failure->message.find("killed"), std::string::npos);
}

TEST(RunnerFake, ThirdCtrlCKillsAStuckBpftraceAndIsReportedAsInterrupted) {
  Collected got;
  std::vector<std::string> notices;
  auto presser = press_ctrl_c({300ms, 500ms, 700ms});
  auto req = fake("stubborn_bpftrace.sh", 0ms);
  req.on_notice = [&](const std::string& text) { notices.push_back(text); };
  auto out = run_bpftrace(req, got.sink());
  presser.join();
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->stopped_by_signal);
  EXPECT_FALSE(out->stopped_by_duration);
  EXPECT_EQ(out->stop_escalation, "SIGKILL");
  EXPECT_EQ(out->stop_signals_sent, 3);  // SIGINT, SIGINT again on the second press, SIGKILL on the third
  EXPECT_TRUE(out->killed_by_user);
  EXPECT_LT(out->elapsed, 1500ms);
  ASSERT_EQ(notices.size(), 1u);  // the second press says what a third one does
  EXPECT_NE(notices[0].find("once more to kill"), std::string::npos) << notices[0];
  auto failure = stop_failure(*out);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->exit_code, 130);
  EXPECT_NE(failure->message.find("third Ctrl-C"), std::string::npos);
}

TEST(RunnerFake, SlowDetachIsWaitedForWhileItProgressesEvenOnMoreCtrlCs) {
  Collected got;
  std::vector<std::string> notices;
  auto presser = press_ctrl_c({3000ms, 3200ms, 3400ms});  // the stop starts at 200 ms; these come mid-detach
  auto req = fake("slow_detach_bpftrace.sh", 200ms);
  req.on_notice = [&](const std::string& text) { notices.push_back(text); };
  auto out = run_bpftrace(req, got.sink());
  presser.join();
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attached_probes, 130u);
  EXPECT_NE(out->stop_escalation, "SIGKILL");
  EXPECT_EQ(out->exit_code, 0);
  ASSERT_FALSE(got.lines.empty());
  EXPECT_EQ(got.lines.back(), R"({"type": "map", "data": {"@": {"kept": 1}}})");
  EXPECT_GE(out->elapsed, 8s);  // the old fixed 5 s SIGKILL lost the map
  ASSERT_EQ(notices.size(), 4u);
  EXPECT_EQ(notices[0], "stopping: detaching 130 probes takes about 10 s; the final maps follow");
  for (size_t i = 1; i < notices.size(); ++i) {
    EXPECT_NE(notices[i].find("killing it would not be faster"), std::string::npos) << notices[i];
  }
  EXPECT_FALSE(out->killed_by_user);
  EXPECT_FALSE(stop_failure(*out));
}

TEST(RunnerFake, InterruptBeforeAttachIsNotAFailureOfBpftrace) {
  Collected got;
  auto presser = press_ctrl_c({200ms});
  auto out = run_bpftrace(fake("silent_bpftrace.sh", 0ms), got.sink());
  presser.join();
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->attached);
  auto failure = stop_failure(*out);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->exit_code, 130);
  EXPECT_NE(failure->message.find("before bpftrace attached"), std::string::npos);
}

TEST(RunnerFake, CtrlCDeliversTheFinalDump) {
  Collected got;
  auto presser = press_ctrl_c({300ms});
  auto out = run_bpftrace(fake("fake_bpftrace.sh", 0ms), got.sink());
  presser.join();
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->stopped_by_signal);
  EXPECT_EQ(out->exit_code, 0);
  ASSERT_FALSE(got.lines.empty());
  EXPECT_EQ(got.lines.back(), R"({"type": "map", "data": {"@": {"fake": 0}}})");
}

TEST(RunnerFake, SigintBeforeTheRunDoesNotStopIt) {
  install_stop_signal_pipe();
  ::kill(::getpid(), SIGTERM);  // a stale stop request, e.g. from before the run was confirmed
  Collected got;
  auto out = run_bpftrace(fake("fake_bpftrace.sh", 300ms), got.sink());
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->stopped_by_duration);
  EXPECT_FALSE(out->stopped_by_signal);
}

TEST(RunnerFake, MaxDurationCapsARunWithoutDuration) {
  Collected got;
  auto req = fake("fake_bpftrace.sh", 0ms);
  req.max_duration = 300ms;
  auto out = run_bpftrace(req, got.sink());
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->hit_time_cap);
  EXPECT_FALSE(out->stopped_by_duration);
  EXPECT_EQ(got.lines.back(), R"({"type": "map", "data": {"@": {"fake": 0}}})");
}

// The duration counts from attach; a bpftrace that never attaches is stopped after the duration plus the
// startup allowance.
TEST(RunnerFake, NeverAttachedStopsAfterTheStartupAllowance) {
  Collected got;
  RunRequest req = fake("silent_bpftrace.sh", 300ms);
  req.startup_allowance = 200ms;
  auto out = run_bpftrace(req, got.sink());
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->attached);
  EXPECT_EQ(out->time_to_attach, 0ms);
  EXPECT_TRUE(out->stopped_by_duration);
  EXPECT_EQ(out->exit_code, 0);
  EXPECT_TRUE(got.lines.empty());
  EXPECT_GE(out->elapsed, 500ms);
  EXPECT_LT(out->elapsed, 2000ms);
}

TEST(RunnerFake, OutputCapStopsDropsEventsAndKeepsTheDump) {
  Collected got;
  auto req = fake("flood_bpftrace.sh", 0ms);
  req.max_output_bytes = 1 << 20;
  auto out = run_bpftrace(req, got.sink());
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->hit_output_cap);
  EXPECT_EQ(out->exit_code, 0);
  EXPECT_GT(out->events, 20000u);  // about 1 MiB of 40-byte lines
  size_t forwarded_events = 0, forwarded_bytes = 0;
  for (const auto& l : got.lines) {
    if (!l.starts_with(R"({"type": "printf")")) continue;
    ++forwarded_events;
    forwarded_bytes += l.size() + 1;
  }
  EXPECT_LT(forwarded_events, out->events);        // the flood read after the cap was dropped
  EXPECT_LE(forwarded_bytes, (1u << 20) + 65536);  // at most the read that crossed the cap
  EXPECT_EQ(got.lines.back(), R"({"type": "map", "data": {"@": {"dump": 1}}})");
  EXPECT_LT(out->elapsed, 3000ms);
}

TEST(RunnerFake, RunawayDumpAfterTheCapIsBounded) {
  ::setenv("BPFTRACE_FAKE_DUMP_LINES", "200000", 1);  // 8.8 MB of map lines after SIGINT
  Collected got;
  auto req = fake("flood_bpftrace.sh", 0ms);
  req.max_output_bytes = 1 << 20;
  auto out = run_bpftrace(req, got.sink());
  ::unsetenv("BPFTRACE_FAKE_DUMP_LINES");
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->hit_output_cap);
  size_t dump_bytes = 0;
  for (const auto& l : got.lines) {
    if (l.starts_with(R"({"type": "map")")) dump_bytes += l.size() + 1;
  }
  EXPECT_GT(dump_bytes, 0u);
  EXPECT_LE(dump_bytes, 1u << 20);
  EXPECT_EQ(out->exit_code, 0);  // the rest was read and dropped, so the script could finish
}

TEST(RunnerFake, CompileErrorIsReportedWithoutTheNoise) {
  Collected got;
  auto out = run_bpftrace(fake("error_bpftrace.sh", 1000ms), got.sink());
  ASSERT_TRUE(out);
  EXPECT_EQ(out->exit_code, 1);
  EXPECT_FALSE(out->attached);
  EXPECT_EQ(out->stop_signals_sent, 0);
  EXPECT_FALSE(out->stopped_by_duration);
  EXPECT_EQ(out->stderr_text,
            "stdin:1:1-6: ERROR: Invalid probe type: bogus\n"
            "bogus:x { @ = count(); }\n"
            "~~~~~\n");
  EXPECT_LT(out->elapsed, 500ms);
}

TEST(RunnerFake, ThrowingSinkLeavesNoProcessBehind) {
  auto throwing = [](std::string_view line) {
    if (line.starts_with(R"({"type": "printf")")) throw std::runtime_error("sink failed");
  };
  EXPECT_THROW((void)run_bpftrace(fake("fake_bpftrace.sh", 0ms), throwing), std::runtime_error);
  expect_no_children_left();
}

TEST(RunnerFake, StatusLineOnATerminal) {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(slave, 0);
  int saved_stderr = ::dup(STDERR_FILENO);
  ::dup2(slave, STDERR_FILENO);
  auto req = fake("fake_bpftrace.sh", 600ms);
  req.show_status = true;
  auto out = run_bpftrace(req, [](std::string_view) {});
  ::dup2(saved_stderr, STDERR_FILENO);
  ::close(saved_stderr);
  ::close(slave);
  ASSERT_TRUE(out);
  ::fcntl(master, F_SETFL, O_NONBLOCK);
  std::string drawn;
  char buf[4096];
  for (ssize_t n; (n = ::read(master, buf, sizeof buf)) > 0;) drawn.append(buf, static_cast<size_t>(n));
  ::close(master);
  EXPECT_NE(drawn.find("\r\033[K  tracing 0."), std::string::npos) << drawn;
  EXPECT_NE(drawn.find(" · 3 events · Ctrl-C to stop"), std::string::npos) << drawn;
  EXPECT_TRUE(drawn.ends_with("\r\033[K")) << drawn;
  EXPECT_LT(drawn.size(), 600u);  // redrawn every 250 ms at most, and only on change
}

TEST(RunnerFake, MissingBpftraceIsAnError) {
  Collected got;
  RunRequest req;
  req.bpftrace_path = "/nonexistent/bpftrace";
  req.program = "BEGIN { exit(); }";
  auto out = run_bpftrace(req, got.sink());
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().errnum, ENOENT);
  EXPECT_NE(out.error().message.find("not found"), std::string::npos);
}

TEST(RunnerFake, FakeDiesWhenTheProcessRunningItIsKilled) {
  std::string pidfile = ::testing::TempDir() + "gt_fake_pid";
  ::unlink(pidfile.c_str());
  ::setenv("BPFTRACE_FAKE_PIDFILE", pidfile.c_str(), 1);
  pid_t helper = ::fork();
  if (helper == 0) {
    auto out = run_bpftrace(fake("fake_bpftrace.sh", 0ms), [](std::string_view) {});
    ::_exit(out ? 0 : 1);
  }
  ::unsetenv("BPFTRACE_FAKE_PIDFILE");
  pid_t fake_pid = 0;
  for (int i = 0; i < 200 && fake_pid == 0; ++i) {
    std::this_thread::sleep_for(10ms);
    std::ifstream(pidfile) >> fake_pid;
  }
  ASSERT_GT(fake_pid, 0);
  EXPECT_EQ(::kill(fake_pid, 0), 0);
  ::kill(helper, SIGKILL);
  ::waitpid(helper, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    std::this_thread::sleep_for(10ms);
    std::ifstream stat("/proc/" + std::to_string(fake_pid) + "/stat");
    std::string text;
    std::getline(stat, text);
    gone = text.empty() || text.find(") Z ") != std::string::npos;
  }
  EXPECT_TRUE(gone);
  ::unlink(pidfile.c_str());
}

}  // namespace
}  // namespace gpttrace
