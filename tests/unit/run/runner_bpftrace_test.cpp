// Runner tests against the real bpftrace (root, tracefs): attach, stream, stop, and leave nothing behind.
#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "run/runner.h"

namespace gpttrace {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kBpftrace = "/usr/bin/bpftrace";

// The pids whose parent is `parent`, from /proc/*/stat; zombies excluded.
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> found;
  DIR* proc = ::opendir("/proc");
  while (dirent* entry = proc ? ::readdir(proc) : nullptr) {
    pid_t pid = std::atoi(entry->d_name);
    if (pid <= 0) continue;
    std::ifstream stat(std::string("/proc/") + entry->d_name + "/stat");
    std::string line;
    std::getline(stat, line);
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    pid_t ppid = 0;
    if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent && state != 'Z')
      found.push_back(pid);
  }
  if (proc) ::closedir(proc);
  return found;
}

bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  return !line.empty() && line.find(") Z ") == std::string::npos;
}

class RealBpftrace : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0 || ::access(kBpftrace, X_OK) != 0) GTEST_SKIP() << "needs root and " << kBpftrace;
    if (::access("/sys/kernel/tracing/events", F_OK) != 0 &&
        ::access("/sys/kernel/debug/tracing/events", F_OK) != 0)
      GTEST_SKIP() << "tracefs not mounted: mount -t tracefs nodev /sys/kernel/tracing";
  }
  void TearDown() override {
    EXPECT_TRUE(children_of(::getpid()).empty());
    EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);  // not even a zombie
  }
  static RunRequest request(std::string program, std::chrono::milliseconds duration) {
    RunRequest r;
    r.bpftrace_path = kBpftrace;
    r.program = std::move(program);
    r.duration = duration;
    return r;
  }
};

TEST_F(RealBpftrace, CountsSyscallsForOneSecondAndStreamsTheFinalMap) {
  std::vector<std::string> lines;
  auto out = run_bpftrace(request("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }", 1s),
                          [&](std::string_view l) { lines.emplace_back(l); });
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_TRUE(out->attached);
  EXPECT_TRUE(out->stopped_by_duration);
  EXPECT_EQ(out->exit_code, 0);
  EXPECT_EQ(out->stderr_text, "");
  EXPECT_EQ(out->events, 0u);
  EXPECT_GT(out->time_to_attach, 0ms);
  EXPECT_LT(out->time_to_attach, 3000ms);
  EXPECT_GE(out->elapsed, out->time_to_attach + 1000ms);
  EXPECT_LT(out->elapsed, out->time_to_attach + 3000ms);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines.front(), R"({"type": "attached_probes", "data": {"probes": 1}})");
  EXPECT_TRUE(lines.back().starts_with(R"({"type": "map", "data": {"@": {)")) << lines.back();
  std::printf("[measured] attach %lld ms, run %lld ms, stop signals %d (%s)\n",
              static_cast<long long>(out->time_to_attach.count()),
              static_cast<long long>(out->elapsed.count()), out->stop_signals_sent,
              out->stop_escalation.c_str());
}

TEST_F(RealBpftrace, CountsPrintfEvents) {
  std::vector<std::string> events;
  auto out =
      run_bpftrace(request(R"(interval:ms:100 { printf("tick %d\n", 7); })", 1s), [&](std::string_view l) {
        if (l.starts_with(R"({"type": "printf")")) events.emplace_back(l);
      });
  ASSERT_TRUE(out);
  EXPECT_EQ(out->events, events.size());
  EXPECT_GE(out->events, 8u);
  EXPECT_LE(out->events, 11u);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front(), R"({"type": "printf", "data": "tick 7\n"})");
}

TEST_F(RealBpftrace, CtrlCStopsAndTheMapStillArrives) {
  std::vector<std::string> lines;
  std::thread presser;
  auto stop_requested = Clock::now();
  auto out = run_bpftrace(request("tracepoint:raw_syscalls:sys_enter { @n = count(); }", 0ms),
                          [&](std::string_view l) {
                            lines.emplace_back(l);
                            if (l.starts_with(R"({"type": "attached_probes")")) {
                              presser = std::thread([&] {
                                std::this_thread::sleep_for(200ms);
                                stop_requested = Clock::now();
                                ::kill(::getpid(), SIGINT);
                              });
                            }
                          });
  auto stopped = Clock::now();
  if (presser.joinable()) presser.join();
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->stopped_by_signal);
  EXPECT_EQ(out->exit_code, 0);
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(lines.back().starts_with(R"({"type": "map", "data": {"@n": )")) << lines.back();
  auto stop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(stopped - stop_requested).count();
  EXPECT_LT(stop_ms, 2500);  // one missed SIGINT costs a second
  std::printf("[measured] Ctrl-C to exit %lld ms, stop signals %d (%s)\n", static_cast<long long>(stop_ms),
              out->stop_signals_sent, out->stop_escalation.c_str());
}

TEST_F(RealBpftrace, ProgramErrorIsExitCodeAndCleanStderr) {
  auto out =
      run_bpftrace(request("tracepoint:syscalls:sys_enter_openat { @[args->nosuchfield] = count(); }", 2s),
                   [](std::string_view) {});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->exit_code, 1);
  EXPECT_FALSE(out->attached);
  EXPECT_EQ(out->stop_signals_sent, 0);
  EXPECT_NE(out->stderr_text.find("ERROR"), std::string::npos) << out->stderr_text;
  EXPECT_EQ(out->stderr_text.find("RLIMIT_MEMLOCK"), std::string::npos);
}

TEST_F(RealBpftrace, BpftraceDiesWhenItsParentIsKilled) {
  pid_t helper = ::fork();
  if (helper == 0) {
    auto out = run_bpftrace(request("tracepoint:raw_syscalls:sys_enter { @ = count(); }", 0ms),
                            [](std::string_view) {});
    ::_exit(out ? 0 : 1);
  }
  std::vector<pid_t> grandchildren;
  for (int i = 0; i < 300 && grandchildren.empty(); ++i) {
    std::this_thread::sleep_for(10ms);
    grandchildren = children_of(helper);
  }
  ASSERT_EQ(grandchildren.size(), 1u);
  pid_t bpftrace = grandchildren[0];
  std::this_thread::sleep_for(200ms);  // let it get as far as attaching
  ASSERT_TRUE(alive(bpftrace));
  ::kill(helper, SIGKILL);
  ::waitpid(helper, nullptr, 0);
  auto killed = Clock::now();
  while (alive(bpftrace) && Clock::now() - killed < 1s) std::this_thread::sleep_for(5ms);
  EXPECT_FALSE(alive(bpftrace));
}

}  // namespace
}  // namespace gpttrace
