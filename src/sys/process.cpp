// Child processes without a shell: fork+exec with its own process group, parent-death signal and pipes.
#include "sys/process.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include <fmt/core.h>

extern char** environ;

namespace gpttrace {
namespace {

using Clock = std::chrono::steady_clock;

// Largest size we grow a stdin pipe to (fs.pipe-max-size default; more needs CAP_SYS_RESOURCE).
constexpr int kMaxPipeSize = 1 << 20;

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string basename_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Error not_found_error(const std::string& name, int err) {
  std::string fix = basename_of(name) == "bpftrace"
                        ? "install it (apt-get install bpftrace) or give its full path"
                        : "install it or check PATH";
  if (err == EACCES) return Error{fmt::format("{} is not executable", name), "check its permissions", err};
  return Error{fmt::format("{} not found", name), std::move(fix), err};
}

// Whether an environment variable may reach a child: locale, terminal, paths and bpftrace's own settings.
// Nothing else: API keys (OPENAI_API_KEY), proxies with passwords and the like stay in gpttrace.
bool passed_to_children(std::string_view entry) {
  static constexpr std::string_view kNames[] = {"PATH", "HOME", "LANG", "LANGUAGE", "TERM", "TZ", "TMPDIR",
                                                "USER", "LOGNAME", "COLUMNS", "LINES", "NO_COLOR"};
  static constexpr std::string_view kPrefixes[] = {"LC_", "BPFTRACE_"};
  std::string_view name = entry.substr(0, entry.find('='));
  for (std::string_view n : kNames) {
    if (name == n) return true;
  }
  for (std::string_view prefix : kPrefixes) {
    if (name.starts_with(prefix)) return true;
  }
  return false;
}

// Tells the parent, through the CLOEXEC report pipe, why the child could not exec.
[[noreturn]] void report_and_exit(int report_fd) {
  int err = errno;
  (void)!::write(report_fd, &err, sizeof err);
  ::_exit(127);
}

// The fork child: everything here is async-signal-safe, because the parent may have other threads.
[[noreturn]] void exec_child(const char* path, char* const* argv, char* const* envp, int in_fd, int out_fd,
                             int err_fd, int report_fd, const SpawnOptions& options, pid_t parent) {
  auto die = [report_fd]() { report_and_exit(report_fd); };
  if (options.own_process_group && ::setpgid(0, 0) != 0) die();
  if (options.die_with_parent) {
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die();
    // The parent may have died before prctl took effect; then nobody would send the signal.
    if (::getppid() != parent) ::_exit(127);
  }
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);  // also undoes SIG_IGN
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  // dup2 clears FD_CLOEXEC on the target; the originals are CLOEXEC and vanish at exec.
  if (in_fd >= 0 && ::dup2(in_fd, STDIN_FILENO) < 0) die();
  if (out_fd >= 0 && ::dup2(out_fd, STDOUT_FILENO) < 0) die();
  if (err_fd >= 0 && ::dup2(err_fd, STDERR_FILENO) < 0) die();
  ::execve(path, argv, envp);
  report_and_exit(report_fd);
}

// Fds both sides need until the fork; closed on every path.
struct Pipes {
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, report[2] = {-1, -1};
  ~Pipes() {
    for (int* p : {in, out, err, report}) {
      close_fd(p[0]);
      close_fd(p[1]);
    }
  }
};

Result<int> open_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail("cannot create a pipe", "", errno);
  return 0;
}

}  // namespace

int ChildProcess::exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

Result<ChildProcess> ChildProcess::spawn(const SpawnOptions& options) {
  if (options.argv.empty()) return fail("cannot run an empty command");
  const std::string& name = options.argv[0];
  auto path = find_executable(name);
  if (!path) {
    bool exists = name.find('/') != std::string::npos && ::access(name.c_str(), F_OK) == 0;
    return tl::unexpected(not_found_error(name, exists ? EACCES : ENOENT));
  }

  std::vector<char*> argv;
  for (const auto& arg : options.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env = child_environment();
  std::vector<char*> envp;
  for (auto& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  char* const* child_env = options.inherit_environment ? environ : envp.data();

  Pipes p;
  if (auto r = open_pipe(p.report); !r) return tl::unexpected(r.error());
  if (options.stdin_data) {
    if (auto r = open_pipe(p.in); !r) return tl::unexpected(r.error());
    size_t want = options.stdin_data->size();
    if (want > 65536) ::fcntl(p.in[1], F_SETPIPE_SZ, static_cast<int>(std::min<size_t>(want, kMaxPipeSize)));
  } else {
    p.in[0] = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (p.in[0] < 0) return fail("cannot open /dev/null", "", errno);
  }
  if (options.capture_stdout) {
    if (auto r = open_pipe(p.out); !r) return tl::unexpected(r.error());
  }
  if (options.capture_stderr) {
    if (auto r = open_pipe(p.err); !r) return tl::unexpected(r.error());
  }

  // Block signals across fork so our handlers never run in the child before it resets them.
  sigset_t all, old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid == 0)
    exec_child(path->c_str(), argv.data(), child_env, p.in[0], p.out[1], p.err[1], p.report[1], options, parent);
  int fork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (pid < 0) return fail("cannot start " + name, "", fork_errno);

  ChildProcess child;
  child.pid_ = pid;
  child.own_group_ = options.own_process_group;
  // Also in the parent, so that signalling the group works even before the child runs.
  if (options.own_process_group) ::setpgid(pid, pid);

  close_fd(p.report[1]);
  int child_errno = 0;
  ssize_t n;
  do n = ::read(p.report[0], &child_errno, sizeof child_errno);
  while (n < 0 && errno == EINTR);
  if (n > 0) {
    child.wait();
    if (child_errno == ENOENT || child_errno == EACCES)
      return tl::unexpected(not_found_error(name, child_errno));
    return fail(fmt::format("cannot start {}: {}", name, std::strerror(child_errno)), "", child_errno);
  }

  child.stdout_fd_ = std::exchange(p.out[0], -1);
  child.stderr_fd_ = std::exchange(p.err[0], -1);
  if (options.stdin_data) {
    child.stdin_fd_ = std::exchange(p.in[1], -1);
    ::fcntl(child.stdin_fd_, F_SETFL, O_NONBLOCK);
    child.stdin_pending_ = *options.stdin_data;
    child.write_stdin();
  }
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      own_group_(other.own_group_),
      stdout_fd_(std::exchange(other.stdout_fd_, -1)),
      stderr_fd_(std::exchange(other.stderr_fd_, -1)),
      stdin_fd_(std::exchange(other.stdin_fd_, -1)),
      stdin_pending_(std::move(other.stdin_pending_)),
      stdin_written_(other.stdin_written_),
      status_(other.status_) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    reset();
    pid_ = std::exchange(other.pid_, -1);
    own_group_ = other.own_group_;
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    stderr_fd_ = std::exchange(other.stderr_fd_, -1);
    stdin_fd_ = std::exchange(other.stdin_fd_, -1);
    stdin_pending_ = std::move(other.stdin_pending_);
    stdin_written_ = other.stdin_written_;
    status_ = other.status_;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  reset();
}

void ChildProcess::reset() {
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
  if (running()) {
    signal(SIGKILL);
    wait();
  }
  pid_ = -1;
  status_.reset();
}

void ChildProcess::close_stdout() {
  close_fd(stdout_fd_);
}
void ChildProcess::close_stderr() {
  close_fd(stderr_fd_);
}

void ChildProcess::write_stdin() {
  while (stdin_fd_ >= 0 && stdin_written_ < stdin_pending_.size()) {
    // A child that exits early must not kill us with SIGPIPE: block it and discard it if raised.
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    ssize_t n =
        ::write(stdin_fd_, stdin_pending_.data() + stdin_written_, stdin_pending_.size() - stdin_written_);
    int err = errno;
    if (n < 0 && err == EPIPE) {
      static const timespec zero{};
      ::sigtimedwait(&pipe_set, nullptr, &zero);
    }
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (n < 0 && err == EINTR) continue;
    if (n < 0 && err == EAGAIN) return;
    if (n < 0) break;  // EPIPE: the child does not want the rest
    stdin_written_ += static_cast<size_t>(n);
  }
  close_fd(stdin_fd_);
  stdin_pending_.clear();
}

void ChildProcess::signal(int sig) {
  if (!running()) return;
  if (own_group_ && ::kill(-pid_, sig) == 0) return;
  ::kill(pid_, sig);
}

std::optional<int> ChildProcess::try_wait() {
  if (pid_ <= 0 || status_) return status_;
  int status = 0;
  pid_t r;
  do r = ::waitpid(pid_, &status, WNOHANG);
  while (r < 0 && errno == EINTR);
  if (r == pid_) status_ = status;
  return status_;
}

int ChildProcess::wait() {
  if (pid_ <= 0) return -1;
  if (status_) return *status_;
  int status = 0;
  pid_t r;
  do r = ::waitpid(pid_, &status, 0);
  while (r < 0 && errno == EINTR);
  status_ = r == pid_ ? status : -1;
  return *status_;
}

Result<CapturedRun> run_and_capture(const std::vector<std::string>& argv,
                                    std::optional<std::string> stdin_data,
                                    std::chrono::milliseconds timeout) {
  SpawnOptions options;
  options.argv = argv;
  options.stdin_data = std::move(stdin_data);
  auto child = ChildProcess::spawn(options);
  if (!child) return tl::unexpected(child.error());

  CapturedRun run;
  const auto deadline = Clock::now() + timeout;
  // After a timeout kill, pipes held by an escaped grandchild must not keep us waiting.
  std::optional<Clock::time_point> drain_until;
  char buf[65536];
  while (child->stdout_fd() >= 0 || child->stderr_fd() >= 0) {
    auto now = Clock::now();
    if (!drain_until && now >= deadline) {
      run.timed_out = true;
      child->signal(SIGKILL);
      drain_until = now + std::chrono::milliseconds(200);
    }
    if (drain_until && now >= *drain_until) break;
    auto limit = drain_until ? *drain_until : deadline;
    int wait_ms = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(limit - now).count());

    pollfd fds[3] = {
        {child->stdout_fd(), POLLIN, 0}, {child->stderr_fd(), POLLIN, 0}, {child->stdin_fd(), POLLOUT, 0}};
    int r = ::poll(fds, 3, wait_ms);
    if (r < 0 && errno != EINTR) return fail("poll failed", "", errno);
    if (r <= 0) continue;
    if (fds[2].revents) child->write_stdin();
    for (int i = 0; i < 2; ++i) {
      if (!fds[i].revents) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        i == 0 ? child->close_stdout() : child->close_stderr();
        continue;
      }
      (i == 0 ? run.out : run.err).append(buf, static_cast<size_t>(n));
    }
  }
  // Closed pipes do not mean the child has exited: bound the wait by the same timeout.
  while (!run.timed_out && !child->try_wait()) {
    if (Clock::now() >= deadline) {
      run.timed_out = true;
      child->signal(SIGKILL);
    } else {
      ::usleep(1000);
    }
  }
  run.status = child->wait();
  run.exit_code = ChildProcess::exit_code_of(run.status);
  return run;
}

std::optional<std::string> find_executable(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (is_executable_file(name)) return name;
    return std::nullopt;
  }
  const char* env = std::getenv("PATH");
  std::string path = env ? env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (is_executable_file(candidate)) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    if (passed_to_children(*entry)) env.emplace_back(*entry);
  }
  return env;
}

std::optional<size_t> open_fd_count(pid_t pid) {
  if (pid <= 0) return std::nullopt;
  DIR* dir = ::opendir(fmt::format("/proc/{}/fd", pid).c_str());
  if (dir == nullptr) return std::nullopt;
  size_t count = 0;
  while (const dirent* entry = ::readdir(dir)) count += entry->d_name[0] != '.';
  ::closedir(dir);
  return count;
}

}  // namespace gpttrace
