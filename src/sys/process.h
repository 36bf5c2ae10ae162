// Child processes without a shell: spawn with argv and a minimal environment, own process group, death with the parent, capture.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace gpttrace {

struct SpawnOptions {
  std::vector<std::string> argv;         // argv[0] is looked up in PATH when it has no '/'
  std::optional<std::string> stdin_data; // written to the child's stdin then closed; none = /dev/null
  bool capture_stdout = true;            // else inherited
  bool capture_stderr = true;            // else inherited
  bool own_process_group = true;         // so a terminal's Ctrl-C reaches only us; we forward it
  bool inherit_environment = false;      // false: child_environment() only (no API keys reach children)
  bool die_with_parent = true;           // PR_SET_PDEATHSIG(SIGKILL): never outlive gpttrace
                                         // (it fires when the spawning *thread* exits: spawn from a
                                         // thread that outlives the child, e.g. the main thread)
};

// A running child. The destructor kills the whole process group (SIGKILL) and reaps it if it is still
// running, so no child outlives its owner on any path, including exceptions and early returns.
class ChildProcess {
 public:
  static Result<ChildProcess> spawn(const SpawnOptions& options);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  int stdout_fd() const { return stdout_fd_; }  // -1 when not captured or closed
  int stderr_fd() const { return stderr_fd_; }
  void close_stdout();
  void close_stderr();
  // stdin_data beyond what the pipe holds at spawn (the pipe is grown to fit up to 1 MiB) is written
  // by write_stdin() while the caller polls stdin_fd() for POLLOUT; run_and_capture does this.
  int stdin_fd() const { return stdin_fd_; }  // -1 once all of stdin_data is written and closed
  void write_stdin();                          // non-blocking; closes stdin_fd() when done or on EPIPE

  // Sends `sig` to the child's process group (or the child alone without one). No-op once reaped.
  void signal(int sig);
  // Non-blocking reap; the exit status as from waitpid once the child has ended.
  std::optional<int> try_wait();
  // Blocking reap; the waitpid status.
  int wait();
  bool running() const { return pid_ > 0 && !status_; }

  // exit code from a waitpid status: WEXITSTATUS, or 128+signal when killed by a signal.
  static int exit_code_of(int status);

 private:
  ChildProcess() = default;
  void reset();  // kills and reaps a running child, closes the pipes
  pid_t pid_ = -1;
  bool own_group_ = false;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  int stdin_fd_ = -1;
  std::string stdin_pending_;
  size_t stdin_written_ = 0;
  std::optional<int> status_;
};

struct CapturedRun {
  int status = 0;        // waitpid status
  int exit_code = -1;    // WEXITSTATUS, or 128+signal when killed
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs a command to completion, capturing stdout and stderr; kills it (group) after `timeout`.
Result<CapturedRun> run_and_capture(const std::vector<std::string>& argv,
                                    std::optional<std::string> stdin_data = std::nullopt,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The environment children get: PATH, HOME, LANG, LC_*, TERM, TZ, TMPDIR, USER, LOGNAME, COLUMNS, LINES,
// NO_COLOR and BPFTRACE_* from ours; nothing else (no API keys, no proxy credentials).
std::vector<std::string> child_environment();

// How many file descriptors process `pid` has open (entries of /proc/PID/fd); nothing when it cannot be read.
// bpftrace holds two per attached tracepoint, so a shrinking count shows that it is detaching.
std::optional<size_t> open_fd_count(pid_t pid);

// Full path of `name` in PATH (or `name` itself when it contains '/' and is executable).
std::optional<std::string> find_executable(const std::string& name);

}  // namespace gpttrace
