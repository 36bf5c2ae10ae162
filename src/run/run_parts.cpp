// Line splitting, the terminal status line and the stop escalation of the bpftrace runner.
#include "run/run_parts.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

namespace gpttrace::run_detail {

using namespace std::chrono_literals;

uint64_t attached_probe_count(std::string_view line) {
  constexpr std::string_view kKey = "\"probes\":";
  size_t at = line.find(kKey);
  if (at == std::string_view::npos) return 0;
  std::string_view rest = line.substr(at + kKey.size());
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  return ec == std::errc() ? n : 0;
}

std::string group_thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

StatusLine::StatusLine(bool wanted, int fd) : fd_(fd), enabled_(wanted && ::isatty(fd)) {}

void StatusLine::show(const std::string& text) {
  if (!enabled_ || text == shown_) return;
  write_all("\r\033[K" + text);
  shown_ = text;
}

void StatusLine::clear() {
  if (!enabled_ || shown_.empty()) return;
  write_all("\r\033[K");
  shown_.clear();
}

void StatusLine::write_all(std::string_view s) const {
  while (!s.empty()) {
    ssize_t n = ::write(fd_, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a terminal that went away is no reason to stop tracing
    s.remove_prefix(static_cast<size_t>(n));
  }
}

void StopSequence::start(ChildProcess& child, Clock::time_point now) {
  if (started()) return;
  began_ = last_progress_ = now;
  last_fds_ = open_fd_count(child.pid());
  advance(child, now);
}

void StopSequence::tick(ChildProcess& child, Clock::time_point now) {
  if (!started() || killed()) return;
  if (std::optional<size_t> fds = open_fd_count(child.pid()); fds && last_fds_ && *fds < *last_fds_) {
    last_progress_ = now;
    last_fds_ = fds;
    detach_seen_ = true;
  }
  if (stage_ == 3) next_at_ = kill_at();
  if (now >= next_at_) advance(child, now);
}

StopSequence::Hurried StopSequence::hurry(ChildProcess& child, Clock::time_point now) {
  if (killed()) return Hurried::Killed;
  if (detach_seen_ && now - last_progress_ < 2s) return Hurried::Detaching;
  if (++user_interrupts_ >= 2) {
    killed_by_user_ = true;
    stage_ = 3;  // the next signal of the sequence is SIGKILL
    advance(child, now);
    return Hurried::Killed;
  }
  child.signal(SIGINT);  // in case bpftrace missed the first one
  ++sent_;
  stage_ = std::max(stage_, 2);
  if (stage_ == 2) next_at_ = began_ + 3s;
  return Hurried::Resent;
}

void StopSequence::record(RunOutcome& out) const {
  static constexpr const char* kNames[] = {"", "", "SIGINT x2", "SIGTERM", "SIGKILL"};
  out.stop_signals_sent = sent_;
  out.stop_escalation = kNames[stage_];
  out.killed_by_user = killed_by_user_;
  out.attached_probes = probes_;
}

Clock::time_point StopSequence::kill_at() const {
  auto ceiling = began_ + 10s + 250ms * static_cast<int64_t>(probes_);
  return std::min(std::max(began_ + 5s, last_progress_ + 5s), ceiling);
}

void StopSequence::advance(ChildProcess& child, Clock::time_point now) {
  static constexpr int kSignals[] = {SIGINT, SIGINT, SIGTERM, SIGKILL};
  static constexpr std::chrono::milliseconds kNextAfter[] = {1s, 3s};
  if (killed()) return;
  child.signal(kSignals[stage_]);
  ++sent_;
  ++stage_;
  next_at_ = stage_ <= 2 ? began_ + kNextAfter[stage_ - 1] : stage_ == 3 ? kill_at() : Clock::time_point::max();
  (void)now;
}

}  // namespace gpttrace::run_detail
