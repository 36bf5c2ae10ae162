// Tests for child processes: capture, exit codes, timeouts, exec failures, stdin, process groups, death.
#include "sys/process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

namespace gpttrace {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Alive means it exists and is not a zombie (an orphan's zombie may wait for a busy init to reap it).
bool alive(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

bool gone_within(pid_t pid, std::chrono::milliseconds limit) {
  auto end = Clock::now() + limit;
  while (alive(pid)) {
    if (Clock::now() > end) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// Reads one line from a child's stdout (blocking).
std::string read_line(int fd) {
  std::string line;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n') line += c;
  return line;
}

TEST(RunAndCapture, CapturesStdoutStderrAndExitCode) {
  auto run = run_and_capture({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->out, "out\n");
  EXPECT_EQ(run->err, "err\n");
  EXPECT_EQ(run->exit_code, 3);
  EXPECT_TRUE(WIFEXITED(run->status));
  EXPECT_FALSE(run->timed_out);
}

TEST(RunAndCapture, KilledBySignalGives128PlusSignal) {
  auto run = run_and_capture({"sh", "-c", "kill -TERM $$"});
  ASSERT_TRUE(run);
  EXPECT_TRUE(WIFSIGNALED(run->status));
  EXPECT_EQ(run->exit_code, 128 + SIGTERM);
}

TEST(RunAndCapture, ArgumentsAreNotInterpretedByAShell) {
  auto run = run_and_capture({"printf", "%s|", "a b", "$HOME", "*", "'q'"});
  ASSERT_TRUE(run);
  EXPECT_EQ(run->out, "a b|$HOME|*|'q'|");
}

TEST(RunAndCapture, TimeoutKillsTheWholeGroupQuickly) {
  auto start = Clock::now();
  // The background sleep holds the pipes open; only a group kill ends the run early.
  auto run = run_and_capture({"sh", "-c", "sleep 30 & echo $!; wait"}, std::nullopt, 300ms);
  auto took = Clock::now() - start;
  ASSERT_TRUE(run);
  EXPECT_TRUE(run->timed_out);
  EXPECT_EQ(run->exit_code, 128 + SIGKILL);
  EXPECT_LT(took, 1500ms);
  pid_t grandchild = std::stoi(run->out);
  EXPECT_TRUE(gone_within(grandchild, 1000ms));
}

TEST(RunAndCapture, StdinDataSmall) {
  auto run = run_and_capture({"cat"}, std::string("hello\nworld\n"));
  ASSERT_TRUE(run);
  EXPECT_EQ(run->out, "hello\nworld\n");
  EXPECT_EQ(run->exit_code, 0);
}

TEST(RunAndCapture, StdinDataLargerThanAnyPipeIsStreamedWhileReading) {
  std::string data;
  for (int i = 0; data.size() < 5 * 1024 * 1024; ++i) data += "line " + std::to_string(i) + "\n";
  auto run = run_and_capture({"cat"}, data, 20s);
  ASSERT_TRUE(run);
  EXPECT_FALSE(run->timed_out);
  EXPECT_EQ(run->out.size(), data.size());
  EXPECT_TRUE(run->out == data);
}

TEST(RunAndCapture, ChildThatIgnoresStdinDoesNotRaiseSigpipe) {
  std::string data(4 * 1024 * 1024, 'x');
  auto run = run_and_capture({"true"}, data, 10s);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->exit_code, 0);
  EXPECT_FALSE(run->timed_out);
}

TEST(Spawn, NoStdinDataMeansDevNull) {
  auto run = run_and_capture({"wc", "-c"});
  ASSERT_TRUE(run);
  EXPECT_EQ(std::stoi(run->out), 0);
}

TEST(Spawn, MissingCommandIsAClearError) {
  auto run = run_and_capture({"gpttrace-no-such-command"});
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().errnum, ENOENT);
  EXPECT_NE(run.error().message.find("gpttrace-no-such-command not found"), std::string::npos);

  auto bt = ChildProcess::spawn({.argv = {"/nonexistent/bin/bpftrace"}});
  ASSERT_FALSE(bt);
  EXPECT_EQ(bt.error().message, "/nonexistent/bin/bpftrace not found");
  EXPECT_NE(bt.error().fix.find("apt-get install bpftrace"), std::string::npos);
}

TEST(Spawn, NonExecutableFileIsEacces) {
  std::string path = ::testing::TempDir() + "gt_not_exec";
  std::ofstream(path) << "#!/bin/sh\necho hi\n";
  ::chmod(path.c_str(), 0644);
  auto child = ChildProcess::spawn({.argv = {path}});
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().errnum, EACCES);
  ::unlink(path.c_str());
}

TEST(Spawn, ExecFailureInTheChildIsReportedThroughTheErrorPipe) {
  std::string path = ::testing::TempDir() + "gt_bad_format";
  std::ofstream(path) << "this is not an executable format\n";
  ::chmod(path.c_str(), 0755);
  auto child = ChildProcess::spawn({.argv = {path}});
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().errnum, ENOEXEC);
  EXPECT_NE(child.error().message.find("cannot start"), std::string::npos);
  ::unlink(path.c_str());
}

TEST(Spawn, OwnProcessGroup) {
  auto child = ChildProcess::spawn({.argv = {"sleep", "30"}});
  ASSERT_TRUE(child);
  EXPECT_EQ(::getpgid(child->pid()), child->pid());
  EXPECT_TRUE(child->running());
  EXPECT_FALSE(child->try_wait());
  child->signal(SIGTERM);
  EXPECT_EQ(ChildProcess::exit_code_of(child->wait()), 128 + SIGTERM);
  EXPECT_FALSE(child->running());
  child->signal(SIGKILL);  // no-op once reaped
}

TEST(Spawn, IgnoredSignalsAreResetInTheChild) {
  struct sigaction ignore {
  }, old{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGINT, &ignore, &old);
  auto child = ChildProcess::spawn({.argv = {"sleep", "30"}});
  ::sigaction(SIGINT, &old, nullptr);
  ASSERT_TRUE(child);
  child->signal(SIGINT);
  EXPECT_EQ(ChildProcess::exit_code_of(child->wait()), 128 + SIGINT);
}

TEST(Spawn, DestructorKillsTheWholeGroup) {
  pid_t child_pid, grandchild;
  {
    auto child = ChildProcess::spawn({.argv = {"sh", "-c", "sleep 30 & echo $!; wait"}});
    ASSERT_TRUE(child);
    child_pid = child->pid();
    grandchild = std::stoi(read_line(child->stdout_fd()));
    EXPECT_TRUE(alive(grandchild));
  }
  EXPECT_EQ(::kill(child_pid, 0), -1);  // reaped by the destructor
  EXPECT_EQ(errno, ESRCH);
  EXPECT_TRUE(gone_within(grandchild, 1000ms));
}

TEST(Spawn, MoveTransfersOwnership) {
  auto first = ChildProcess::spawn({.argv = {"sleep", "30"}});
  ASSERT_TRUE(first);
  pid_t pid = first->pid();
  ChildProcess moved(std::move(*first));
  EXPECT_EQ(first->pid(), -1);
  EXPECT_EQ(moved.pid(), pid);
  auto second = ChildProcess::spawn({.argv = {"true"}});
  ASSERT_TRUE(second);
  moved = std::move(*second);  // the sleep is killed and reaped here
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(moved.wait(), 0);
}

TEST(Spawn, ChildDiesWhenItsParentIsKilled) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t helper = ::fork();
  if (helper == 0) {
    auto child = ChildProcess::spawn({.argv = {"sleep", "30"}});
    pid_t pid = child ? child->pid() : -1;
    (void)!::write(fds[1], &pid, sizeof pid);
    ::pause();
    ::_exit(0);
  }
  ::close(fds[1]);
  pid_t sleeper = -1;
  ASSERT_EQ(::read(fds[0], &sleeper, sizeof sleeper), static_cast<ssize_t>(sizeof sleeper));
  ::close(fds[0]);
  ASSERT_GT(sleeper, 0);
  EXPECT_TRUE(alive(sleeper));
  ::kill(helper, SIGKILL);
  ::waitpid(helper, nullptr, 0);
  EXPECT_TRUE(gone_within(sleeper, 1000ms));
}

TEST(FindExecutable, SearchesPath) {
  auto sh = find_executable("sh");
  ASSERT_TRUE(sh);
  EXPECT_EQ(sh->substr(sh->size() - 3), "/sh");
  EXPECT_EQ(sh->front(), '/');
  EXPECT_FALSE(find_executable("gpttrace-no-such-command"));
  EXPECT_FALSE(find_executable(""));
}

TEST(FindExecutable, PathsWithASlashAreCheckedAsGiven) {
  EXPECT_EQ(find_executable("/bin/sh"), "/bin/sh");
  EXPECT_FALSE(find_executable("/tmp"));         // a directory
  EXPECT_FALSE(find_executable("/etc/passwd"));  // not executable
  EXPECT_FALSE(find_executable("/nonexistent/sh"));
}

TEST(ChildEnvironment, KeysAndProxiesStayBehindLocaleAndBpftraceSettingsPass) {
  ::setenv("OPENAI_API_KEY", "sk-test-must-not-leak", 1);
  ::setenv("HTTPS_PROXY", "http://user:pw@proxy:3128", 1);
  ::setenv("BPFTRACE_STRLEN", "200", 1);
  ::setenv("LC_ALL", "C.UTF-8", 1);
  auto run = run_and_capture({"env"});
  ::unsetenv("OPENAI_API_KEY");
  ::unsetenv("HTTPS_PROXY");
  ::unsetenv("BPFTRACE_STRLEN");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->out.find("sk-test-must-not-leak"), std::string::npos) << run->out;
  EXPECT_EQ(run->out.find("HTTPS_PROXY"), std::string::npos);
  EXPECT_NE(run->out.find("BPFTRACE_STRLEN=200\n"), std::string::npos);
  EXPECT_NE(run->out.find("LC_ALL=C.UTF-8\n"), std::string::npos);
  EXPECT_NE(run->out.find("PATH="), std::string::npos);
}

}  // namespace
}  // namespace gpttrace
