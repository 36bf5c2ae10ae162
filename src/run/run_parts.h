// Pieces of the bpftrace runner, kept apart to be read and tested alone: line splitting, the terminal
// status line and the stop escalation.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
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

// The probe count of an attached_probes line ({"type": "attached_probes", "data": {"probes": 360}}); 0 if none.
uint64_t attached_probe_count(std::string_view line);

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

// How long bpftrace takes to detach one probe after SIGINT (measured: 360 tracepoints in 23-25 s). It
// prints its final maps only after detaching everything, so the stop must wait that long.
constexpr std::chrono::milliseconds kDetachPerProbe{70};

// The stop escalation. SIGINT; SIGINT again after 1 s (bpftrace 0.17 can miss the first); SIGTERM at 3 s
// (bpftrace treats it like SIGINT). SIGKILL of the group only when bpftrace makes no progress: 5 s after the
// first signal, or 5 s after its last progress (a probe detached, i.e. its open fds shrank, or output came),
// and never later than 10 s + 250 ms per attached probe. Every signal goes to bpftrace's process group.
// More Ctrl-Cs from the user while bpftrace detaches change nothing: SIGKILL would not be faster (the
// kernel detaches the same way when the process exits) and would lose the maps. While it makes no
// progress, the first extra Ctrl-C re-sends SIGINT and the second kills the group.
class StopSequence {
 public:
  bool started() const { return stage_ > 0; }
  bool killed() const { return stage_ >= 4; }
  Clock::time_point next_at() const { return next_at_; }
  // attached_probes from bpftrace's JSON: scales the time the stop may take.
  void set_attached_probes(uint64_t probes) { probes_ = probes; }
  uint64_t attached_probes() const { return probes_; }
  // About how long bpftrace will take to detach everything (0 when unknown).
  std::chrono::milliseconds expected_detach() const { return kDetachPerProbe * static_cast<int64_t>(probes_); }

  void start(ChildProcess& child, Clock::time_point now);
  // Watches progress (bpftrace's open fds) and sends the next signal when its time has come.
  void tick(ChildProcess& child, Clock::time_point now);
  // Output from bpftrace while stopping is progress too (the final dump is being written).
  void progressed(Clock::time_point now) { last_progress_ = now; }
  enum class Hurried { Detaching, Resent, Killed };
  // One more Ctrl-C from the user while we wait (see the class comment for what it does).
  Hurried hurry(ChildProcess& child, Clock::time_point now);
  int user_interrupts() const { return user_interrupts_; }
  void record(RunOutcome& out) const;

 private:
  void advance(ChildProcess& child, Clock::time_point now);
  Clock::time_point kill_at() const;
  int stage_ = 0;  // signals of the sequence sent so far: 1 SIGINT, 2 SIGINT, 3 SIGTERM, 4 SIGKILL
  int sent_ = 0;
  int user_interrupts_ = 0;  // Ctrl-Cs after the one that started the stop
  bool killed_by_user_ = false;
  uint64_t probes_ = 0;
  std::optional<size_t> last_fds_;
  bool detach_seen_ = false;  // bpftrace's fds have shrunk since the stop began
  Clock::time_point began_;
  Clock::time_point last_progress_;
  Clock::time_point next_at_ = Clock::time_point::max();
};

}  // namespace gpttrace::run_detail
