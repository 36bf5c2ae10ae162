// The bpftrace runner: spawns bpftrace without a shell, streams its JSON lines, stops it with escalation.
#include "run/runner.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include <fmt/core.h>

#include "common/exit_codes.h"
#include "run/run_parts.h"
#include "sys/process.h"
#include "sys/signals.h"

namespace gpttrace {
namespace {

using run_detail::Clock;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

constexpr std::string_view kPrintfPrefix = R"({"type": "printf")";
constexpr std::string_view kAttachedPrefix = R"({"type": "attached_probes")";
constexpr size_t kMaxStderrBytes = 1 << 20;  // bpftrace errors are short; a flood is cut here
constexpr size_t kMinLineLimit = 1 << 20;    // a map dump is one line: allow big ones even with a small cap
constexpr milliseconds kTick = 100ms;        // upper bound on how late an exit without EOF is noticed
constexpr milliseconds kStatusEvery = 250ms;
// Detaching that takes at least this long is announced, so nobody thinks gpttrace hangs.
constexpr milliseconds kAnnounceDetachFrom = 1500ms;
// Once bpftrace has exited, pipes still open belong to a leftover of its group: wait this long, no more.
constexpr milliseconds kLinger = 500ms;

int64_t seconds_rounded_up(milliseconds ms) { return (ms.count() + 999) / 1000; }

milliseconds ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<milliseconds>(to - from);
}

// One run of bpftrace: the poll loop and everything it tracks.
class Session {
 public:
  Session(const RunRequest& request, const LineSink& sink, ChildProcess& child, Clock::time_point start)
      : req_(request),
        sink_(sink),
        child_(child),
        start_(start),
        status_(request.show_status, STDERR_FILENO),
        status_shares_terminal_(status_.enabled() && ::isatty(STDOUT_FILENO)),
        stdout_lines_(std::max(request.max_output_bytes, kMinLineLimit)),
        stderr_lines_(kMaxStderrBytes) {}

  RunOutcome run(int stop_fd) {
    for (;;) {
      auto now = Clock::now();
      exited_ = child_.try_wait().has_value();
      bool pipes_open = child_.stdout_fd() >= 0 || child_.stderr_fd() >= 0;
      if (exited_ && !pipes_open) break;
      if (exited_ && !linger_until_) linger_until_ = now + kLinger;
      if (linger_until_ && now >= *linger_until_) break;

      check_timers(now);
      update_status(now);
      auto wake = std::min(next_wake(now), now + (pipes_open ? kTick : 5ms));
      int wait_ms =
          static_cast<int>(std::max<int64_t>(0, std::chrono::ceil<milliseconds>(wake - now).count()));
      pollfd fds[3] = {
          {child_.stdout_fd(), POLLIN, 0}, {child_.stderr_fd(), POLLIN, 0},
          {caller_stop_closed_ ? -1 : stop_fd, POLLIN, 0}};
      int ready = ::poll(fds, 3, wait_ms);
      if (ready < 0 && errno != EINTR) break;  // not expected with valid fds; the group is killed below
      if (ready <= 0) continue;
      if (fds[2].revents) on_stop_signals(stop_fd);
      if (fds[0].revents) read_stdout();
      if (fds[1].revents) read_stderr();
    }
    // bpftrace still runs here only if poll failed; a pipe is still open only if another member of its
    // group (a -c command) holds it past the linger. Nothing of the group may outlive the run, and the
    // group id stays reserved while any member lives, so this cannot hit an unrelated group.
    if (!exited_ || child_.stdout_fd() >= 0 || child_.stderr_fd() >= 0) ::kill(-child_.pid(), SIGKILL);
    out_.exit_code = ChildProcess::exit_code_of(child_.wait());
    out_.elapsed = ms_between(start_, Clock::now());
    stop_.record(out_);
    status_.clear();
    return out_;
  }

 private:
  // The duration counts from attach (RunRequest::startup_allowance bounds the wait for it; it also keeps
  // a SIGINT out of bpftrace's first milliseconds, before it handles signals).
  Clock::time_point duration_end() const {
    return attached_at_ ? *attached_at_ + req_.duration : start_ + req_.duration + req_.startup_allowance;
  }

  void begin_stop(Clock::time_point now) {
    stop_began_ = now;
    stop_.start(child_, now);
    auto detach = stop_.expected_detach();
    if (detach >= kAnnounceDetachFrom) {
      notice(fmt::format("stopping: detaching {} probes takes about {} s; the final maps follow",
                         stop_.attached_probes(), seconds_rounded_up(detach)));
    }
  }

  // One line on stderr (below the status line), or to the caller's on_notice.
  void notice(const std::string& text) {
    if (req_.on_notice) {
      req_.on_notice(text);
      return;
    }
    status_.clear();
    std::string line = "gpttrace: " + text + "\n";
    (void)!::write(STDERR_FILENO, line.data(), line.size());
  }

  void check_timers(Clock::time_point now) {
    if (exited_) return;
    if (!stop_.started() && req_.duration > 0ms && now >= duration_end()) {
      out_.stopped_by_duration = true;
      begin_stop(now);
    } else if (!stop_.started() && now >= start_ + req_.max_duration) {
      out_.hit_time_cap = true;
      begin_stop(now);
    }
    stop_.tick(child_, now);
  }

  Clock::time_point next_wake(Clock::time_point now) const {
    auto wake = stop_.next_at();
    if (!stop_.started()) {
      if (req_.duration > 0ms) wake = std::min(wake, duration_end());
      wake = std::min(wake, start_ + req_.max_duration);
    }
    if (status_.enabled()) wake = std::min(wake, next_status_);
    if (linger_until_) wake = std::min(wake, *linger_until_);
    return std::max(wake, now);
  }

  void update_status(Clock::time_point now) {
    if (!status_.enabled() || now < next_status_) return;
    next_status_ = now + kStatusEvery;
    if (stop_.started()) {
      auto detach = stop_.expected_detach();
      status_.show(detach >= kAnnounceDetachFrom
                       ? fmt::format("  stopping: detaching {} probes (about {} s), then the final maps…",
                                     stop_.attached_probes(), seconds_rounded_up(detach))
                       : std::string("  stopping, waiting for the final maps…"));
    } else if (!attached_at_) {
      status_.show("  attaching probes… · Ctrl-C to stop");
    } else {
      double secs = std::chrono::duration<double>(now - *attached_at_).count();
      status_.show(fmt::format("  tracing {:.1f}s · {} events · Ctrl-C to stop", secs,
                               run_detail::group_thousands(out_.events)));
    }
  }

  // The first stop signal starts the stop sequence; later ones are StopSequence::hurry's to judge, and each
  // gets a line saying what happens now.
  void on_stop_signals(int stop_fd) {
    int received = stop_fd == req_.stop_fd ? drain_caller_stop_fd() : drain_stop_signal_pipe();
    if (received <= 0 || exited_) return;
    if (!stop_.started()) {
      out_.stopped_by_signal = true;
      begin_stop(Clock::now());
      --received;
    }
    for (; received > 0 && !stop_.killed(); --received) {
      auto now = Clock::now();
      switch (stop_.hurry(child_, now)) {
        case run_detail::StopSequence::Hurried::Detaching:
          notice(fmt::format("bpftrace is detaching {} probes ({} s so far, about {} s in all); killing it would "
                             "not be faster and would lose the final maps, so gpttrace waits for them",
                             stop_.attached_probes(), seconds_rounded_up(ms_between(stop_began_, now)),
                             seconds_rounded_up(stop_.expected_detach())));
          break;
        case run_detail::StopSequence::Hurried::Resent:
          notice("bpftrace has not stopped yet; press Ctrl-C once more to kill it and lose the final maps");
          break;
        case run_detail::StopSequence::Hurried::Killed:
          break;
      }
    }
  }

  // The caller's stop descriptor: one stop per readable wake-up; a pipe closed by the caller counts once
  // and is then no longer polled (poll would report it forever).
  int drain_caller_stop_fd() {
    char bytes[64];
    ssize_t n = ::read(req_.stop_fd, bytes, sizeof bytes);
    if (n == 0) caller_stop_closed_ = true;
    return n < 0 ? 0 : std::max<int>(1, static_cast<int>(n));
  }

  // Reads one chunk; returns it, or nothing at EOF (the pipe is then closed) or on a transient error.
  std::optional<std::string_view> read_chunk(int fd, bool is_stdout) {
    ssize_t n = ::read(fd, buf_, sizeof buf_);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return std::nullopt;
    if (n > 0) return std::string_view(buf_, static_cast<size_t>(n));
    is_stdout ? child_.close_stdout() : child_.close_stderr();
    return std::nullopt;
  }

  void read_stdout() {
    auto on_line = [this](std::string_view line) { on_stdout_line(line); };
    auto data = read_chunk(child_.stdout_fd(), true);
    if (!data) {
      if (child_.stdout_fd() < 0) stdout_lines_.finish(on_line);
      return;
    }
    stdout_bytes_ += data->size();
    if (stop_.started()) stop_.progressed(Clock::now());
    stdout_lines_.feed(*data, on_line);
    if (stdout_bytes_ > req_.max_output_bytes && !out_.hit_output_cap) {
      out_.hit_output_cap = true;
      begin_stop(Clock::now());
    }
  }

  void read_stderr() {
    auto on_line = [this](std::string_view line) { on_stderr_line(line); };
    auto data = read_chunk(child_.stderr_fd(), false);
    if (data) {
      stderr_lines_.feed(*data, on_line);
    } else if (child_.stderr_fd() < 0) {
      stderr_lines_.finish(on_line);
    }
  }

  // Past the output cap, printf events are dropped but the final dump (maps, hists, stats) still goes to
  // the sink, up to another max_output_bytes so that a runaway cannot fill memory.
  void on_stdout_line(std::string_view line) {
    // In text mode bpftrace announces "Attaching N probes..." instead of the JSON record.
    const bool attached = req_.text_output ? line.starts_with("Attaching ") : line.starts_with(kAttachedPrefix);
    if (!attached_at_ && attached) {
      attached_at_ = Clock::now();
      out_.attached = true;
      out_.time_to_attach = ms_between(start_, *attached_at_);
      stop_.set_attached_probes(run_detail::attached_probe_count(line));
    }
    bool event = line.starts_with(kPrintfPrefix);
    if (event) ++out_.events;
    if (out_.hit_output_cap) {
      if (event || forwarded_after_cap_ + line.size() > req_.max_output_bytes) return;
      forwarded_after_cap_ += line.size() + 1;
    }
    if (status_shares_terminal_) status_.clear();  // redrawn on the next tick, below the output
    sink_(line);
  }

  void on_stderr_line(std::string_view line) {
    if (is_benign_stderr_line(line) || out_.stderr_text.size() + line.size() >= kMaxStderrBytes) return;
    out_.stderr_text.append(line).push_back('\n');
  }

  const RunRequest& req_;
  const LineSink& sink_;
  ChildProcess& child_;
  const Clock::time_point start_;
  run_detail::StatusLine status_;
  const bool status_shares_terminal_;
  run_detail::LineSplitter stdout_lines_;
  run_detail::LineSplitter stderr_lines_;
  run_detail::StopSequence stop_;
  RunOutcome out_;
  bool exited_ = false;
  std::optional<Clock::time_point> attached_at_;
  std::optional<Clock::time_point> linger_until_;
  Clock::time_point stop_began_;
  Clock::time_point next_status_ = Clock::time_point::min();
  size_t stdout_bytes_ = 0;
  size_t forwarded_after_cap_ = 0;
  bool caller_stop_closed_ = false;
  char buf_[65536];
};

}  // namespace

Result<RunOutcome> run_bpftrace(const RunRequest& request, const LineSink& sink) {
  int stop_fd = request.stop_fd;
  if (stop_fd < 0) {
    stop_fd = install_stop_signal_pipe();
    drain_stop_signal_pipe();  // a Ctrl-C from before this run is not a request to stop it
  }

  SpawnOptions options;
  options.argv = {request.bpftrace_path};
  if (!request.text_output) options.argv.insert(options.argv.end(), {"-f", "json"});
  options.argv.insert(options.argv.end(), request.extra_args.begin(), request.extra_args.end());
  options.argv.insert(options.argv.end(), {"-e", request.program});
  const auto start = Clock::now();
  auto child = ChildProcess::spawn(options);
  if (!child) return tl::unexpected(child.error());
  // If the sink throws, ~ChildProcess kills bpftrace's group and ~StatusLine clears the terminal line.
  return Session(request, sink, *child, start).run(stop_fd);
}

std::optional<StopFailure> stop_failure(const RunOutcome& outcome) {
  if (outcome.killed_by_user) {
    return StopFailure{kExitInterrupted,
                       outcome.attached_probes > 0
                           ? fmt::format("interrupted: bpftrace ({} probes) made no progress stopping and was "
                                         "killed on the third Ctrl-C; its final maps were lost",
                                         outcome.attached_probes)
                           : "interrupted: bpftrace was killed on the third Ctrl-C; its final maps were lost",
                       "one Ctrl-C stops the trace and keeps the results; wait for them"};
  }
  if (outcome.stop_escalation == "SIGKILL" && outcome.attached) {
    return StopFailure{kExitBpftraceFailed,
                       "bpftrace did not stop on SIGINT or SIGTERM and made no progress, so it was killed; its "
                       "final maps were lost",
                       "run with -v to see bpftrace's output; trace fewer probes"};
  }
  if (outcome.stopped_by_signal && !outcome.attached) {
    return StopFailure{kExitInterrupted, "interrupted before bpftrace attached its probes; nothing was traced", ""};
  }
  return std::nullopt;
}

}  // namespace gpttrace
