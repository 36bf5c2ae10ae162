// The tool runner: a poll loop over the tool's stdout, stderr and gpttrace's stop-signal pipe.
#include "knowledge/tool_run.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "run/run_parts.h"
#include "sys/process.h"
#include "sys/signals.h"

namespace gpttrace {

namespace {

using run_detail::Clock;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

constexpr size_t kMaxLine = 1 << 20;
constexpr size_t kMaxStderrKept = 64 << 10;
constexpr milliseconds kTick = 100ms;
constexpr milliseconds kSelfStopGrace = 3s;  // a tool told to stop after D gets D + this before we stop it
constexpr milliseconds kLinger = 500ms;      // output still in the pipes after the tool exited

}  // namespace

Result<RunOutcome> run_tool(const ToolRunRequest& request, const ToolLineSink& sink) {
  int stop_fd = install_stop_signal_pipe();
  SpawnOptions spawn;
  spawn.argv = request.argv;
  Result<ChildProcess> spawned = ChildProcess::spawn(spawn);
  if (!spawned) return tl::unexpected(spawned.error());
  ChildProcess& child = *spawned;

  RunOutcome out;
  run_detail::StopSequence stop;
  run_detail::LineSplitter out_lines(kMaxLine), err_lines(kMaxLine);
  auto start = Clock::now();
  auto deadline = request.duration > 0ms ? start + request.duration + (request.stops_itself ? kSelfStopGrace : 0ms)
                                         : start + request.max_duration;
  std::optional<Clock::time_point> linger_until;
  auto on_out = [&](std::string_view line) {
    out.attached = true;
    ++out.events;
    sink(line, false);
  };
  auto on_err = [&](std::string_view line) {
    if (out.stderr_text.size() < kMaxStderrKept) out.stderr_text.append(line).append("\n");
    sink(line, true);
  };
  char buf[65536];
  auto drain = [&](bool is_stdout) {
    int fd = is_stdout ? child.stdout_fd() : child.stderr_fd();
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n > 0) {
      std::string_view data(buf, static_cast<size_t>(n));
      is_stdout ? out_lines.feed(data, on_out) : err_lines.feed(data, on_err);
      return;
    }
    if (is_stdout) {
      child.close_stdout();
      out_lines.finish(on_out);
    } else {
      child.close_stderr();
      err_lines.finish(on_err);
    }
  };

  for (;;) {
    auto now = Clock::now();
    bool exited = child.try_wait().has_value();
    bool pipes_open = child.stdout_fd() >= 0 || child.stderr_fd() >= 0;
    if (exited && !pipes_open) break;
    if (exited && !linger_until) linger_until = now + kLinger;
    if (linger_until && now >= *linger_until) break;
    if (!exited && !stop.started() && now >= deadline) {
      (request.duration > 0ms ? out.stopped_by_duration : out.hit_time_cap) = true;
      stop.start(child, now);
    }
    if (!exited) stop.tick(child, now);
    auto wake = std::min({stop.started() ? stop.next_at() : deadline, now + kTick,
                          linger_until.value_or(Clock::time_point::max())});
    int wait_ms = static_cast<int>(std::max<int64_t>(0, std::chrono::ceil<milliseconds>(wake - now).count()));
    pollfd fds[3] = {{child.stdout_fd(), POLLIN, 0}, {child.stderr_fd(), POLLIN, 0}, {stop_fd, POLLIN, 0}};
    int ready = ::poll(fds, 3, wait_ms);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    if (fds[2].revents) {
      int received = drain_stop_signal_pipe();
      if (received > 0 && !exited) {
        if (!stop.started()) {
          out.stopped_by_signal = true;
          stop.start(child, Clock::now());
          --received;
        }
        if (received > 0) stop.hurry(child, Clock::now());
      }
    }
    if (fds[0].revents) drain(true);
    if (fds[1].revents) drain(false);
  }
  // Anything of its group still alive (a stuck tool, or a child holding the pipes) dies here.
  if (child.running() || child.stdout_fd() >= 0 || child.stderr_fd() >= 0) ::kill(-child.pid(), SIGKILL);
  out.exit_code = ChildProcess::exit_code_of(child.wait());
  out.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  stop.record(out);
  return out;
}

}  // namespace gpttrace
