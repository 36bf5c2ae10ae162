// Line splitting, the terminal status line and the stop escalation of the bpftrace runner.
#include "run/run_parts.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace gpttrace::run_detail {

using namespace std::chrono_literals;

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
  began_ = now;
  advance(child);
}

void StopSequence::tick(ChildProcess& child, Clock::time_point now) {
  if (started() && !killed() && now >= next_at_) advance(child);
}

void StopSequence::hurry(ChildProcess& child, Clock::time_point now) {
  stage_ = std::max(stage_, 2);
  advance(child);
  next_at_ = std::min(next_at_, now + 1s);
}

void StopSequence::record(RunOutcome& out) const {
  static constexpr const char* kNames[] = {"", "", "SIGINT x2", "SIGTERM", "SIGKILL"};
  out.stop_signals_sent = sent_;
  out.stop_escalation = kNames[stage_];
}

void StopSequence::advance(ChildProcess& child) {
  static constexpr int kSignals[] = {SIGINT, SIGINT, SIGTERM, SIGKILL};
  static constexpr std::chrono::milliseconds kNextAfter[] = {1s, 3s, 5s};
  if (killed()) return;
  child.signal(kSignals[stage_]);
  ++sent_;
  next_at_ = stage_ < 3 ? began_ + kNextAfter[stage_] : Clock::time_point::max();
  ++stage_;
}

}  // namespace gpttrace::run_detail
