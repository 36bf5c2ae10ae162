// Pieces of the bpftrace runner, kept apart to be read and tested alone: line splitting, the terminal
// status line and the stop escalation.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "run/runner.h"
#include "sys/process.h"

namespace gpttrace::run_detail {

using Clock = std::chrono::steady_clock;

// Splits a byte stream into lines. A line longer than max_line is dropped, so memory stays bounded.
class LineSplitter {
 public:
  explicit LineSplitter(size_t max_line) : max_line_(max_line) {}

  template <typename OnLine>
  void feed(std::string_view data, OnLine&& on_line) {
    while (!data.empty()) {
      size_t nl = data.find('\n');
      std::string_view piece = data.substr(0, nl);
      if (!overlong_ && partial_.size() + piece.size() > max_line_) {
        overlong_ = true;
        partial_.clear();
      }
      if (!overlong_) partial_.append(piece);
      if (nl == std::string_view::npos) return;
      if (!overlong_) on_line(std::string_view(partial_));
      partial_.clear();
      overlong_ = false;
      data.remove_prefix(nl + 1);
    }
  }

  // The last line when the stream ended without a newline.
  template <typename OnLine>
  void finish(OnLine&& on_line) {
    if (!partial_.empty() && !overlong_) on_line(std::string_view(partial_));
    partial_.clear();
  }

 private:
  size_t max_line_;
  std::string partial_;
  bool overlong_ = false;
};

// "1,234,567"
std::string group_thousands(uint64_t n);

// The live status line on stderr, drawn only when stderr is a terminal; rewritten only when it changes;
// cleared on every exit path.
class StatusLine {
 public:
  explicit StatusLine(bool wanted, int fd);
  ~StatusLine() { clear(); }
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;
  bool enabled() const { return enabled_; }
  void show(const std::string& text);
  void clear();

 private:
  void write_all(std::string_view s) const;
  int fd_;
  bool enabled_;
  std::string shown_;
};

// SIGINT; SIGINT again after 1 s (bpftrace 0.17 can miss the first); SIGTERM at 3 s; SIGKILL of the group
// at 5 s. Every signal goes to bpftrace's process group.
class StopSequence {
 public:
  bool started() const { return stage_ > 0; }
  bool killed() const { return stage_ >= 4; }
  Clock::time_point next_at() const { return next_at_; }

  void start(ChildProcess& child, Clock::time_point now);
  // Sends the next signal when its time has come.
  void tick(ChildProcess& child, Clock::time_point now);
  // The user asked again while we wait: SIGTERM now (SIGKILL a second after), or SIGKILL if past SIGTERM.
  void hurry(ChildProcess& child, Clock::time_point now);
  void record(RunOutcome& out) const;

 private:
  void advance(ChildProcess& child);
  int stage_ = 0;  // signals of the sequence sent so far: 1 SIGINT, 2 SIGINT, 3 SIGTERM, 4 SIGKILL
  int sent_ = 0;
  Clock::time_point began_;
  Clock::time_point next_at_ = Clock::time_point::max();
};

}  // namespace gpttrace::run_detail
