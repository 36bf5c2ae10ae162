// Trace threads: one pipeline run each, stopped through its own pipe, events kept for paging.
#include "mcp/traces.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

namespace gpttrace::mcp {

Trace::Trace(std::string id, CheckedProgram program, std::chrono::milliseconds duration)
    : id_(std::move(id)), program_(std::move(program)), duration_(duration) {
  if (::pipe2(stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) stop_pipe_[0] = stop_pipe_[1] = -1;
}

Trace::~Trace() {
  stop();
  if (thread_.joinable()) thread_.join();
  for (int fd : stop_pipe_) {
    if (fd >= 0) ::close(fd);
  }
}

void Trace::stop() {
  std::lock_guard lock(mutex_);
  if (done_ || stop_sent_ || stop_pipe_[1] < 0) return;
  stop_sent_ = true;
  char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(stop_pipe_[1], &byte, 1);
}

bool Trace::wait_for(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return done_cv_.wait_for(lock, timeout, [this] { return done_; });
}

bool Trace::done() const {
  std::lock_guard lock(mutex_);
  return done_;
}

Trace::Snapshot Trace::snapshot(size_t offset, size_t limit) const {
  std::lock_guard lock(mutex_);
  Snapshot s;
  s.done = done_;
  s.total_events = total_events_;
  s.kept_events = events_.size();
  size_t begin = std::min(offset, events_.size());
  size_t end = std::min(events_.size(), begin + limit);
  s.events.assign(events_.begin() + static_cast<std::ptrdiff_t>(begin), events_.begin() + static_cast<std::ptrdiff_t>(end));
  auto until = done_ ? ended_ : std::chrono::steady_clock::now();
  s.elapsed_s = std::chrono::duration<double>(until - started_).count();
  s.report = report_;
  s.failure = failure_;
  return s;
}

void Trace::run(const Session& session, Runner& runner) {
  LiveOutput live;
  live.events = [this](const std::vector<std::string>& events) {
    std::lock_guard lock(mutex_);
    total_events_ += events.size();
    for (const std::string& e : events) {
      if (events_.size() < kMaxKeptEvents) events_.push_back(e);
    }
  };
  ResultStream stream(live);
  RunSettings settings;
  settings.duration = duration_;
  settings.stop_fd = stop_pipe_[0];
  Outcome<TraceReport> report = stop_pipe_[0] < 0
                                    ? failure(FailureKind::Environment, "cannot create the trace's stop pipe")
                                    : run_checked(program_, session, runner, settings, stream);
  std::lock_guard lock(mutex_);
  if (!report && stop_sent_ && report.error().kind == FailureKind::BpftraceFailed) {
    // Stopped by the client before bpftrace attached: an empty trace, not a failure.
    report = TraceReport{};
    report->stopped_by = "interrupted";
    report->notes.push_back("stopped before bpftrace attached its probes: nothing was recorded");
  }
  if (report) {
    report->results.events.clear();  // kept (bounded) in events_ instead
    report_ = std::move(*report);
  } else {
    failure_ = std::move(report.error());
  }
  ended_ = std::chrono::steady_clock::now();
  done_ = true;
  done_cv_.notify_all();
}

TraceTable::TraceTable(const Session& session, Runner& runner, size_t max_running)
    : session_(session), runner_(runner), max_running_(max_running) {}

TraceTable::~TraceTable() { stop_all(); }

Outcome<std::shared_ptr<Trace>> TraceTable::start(CheckedProgram program, std::chrono::milliseconds duration) {
  std::lock_guard lock(mutex_);
  if (closed_) return failure(FailureKind::Interrupted, "the server is shutting down");
  size_t running = std::count_if(traces_.begin(), traces_.end(), [](const auto& t) { return !t.second->done(); });
  if (running >= max_running_) {
    return failure(FailureKind::Usage, fmt::format("{} traces are running already (the limit)", running),
                   "wait for one to end, or stop one with stop_trace");
  }
  for (auto it = traces_.begin(); traces_.size() >= kMaxKeptTraces && it != traces_.end();) {
    it = it->second->done() ? traces_.erase(it) : std::next(it);
  }
  unsigned number = next_id_++;
  auto trace = std::make_shared<Trace>(fmt::format("trace-{}", number), std::move(program), duration);
  trace->thread_ = std::thread([trace = trace.get(), this] { trace->run(session_, runner_); });
  traces_[number] = trace;
  return trace;
}

std::shared_ptr<Trace> TraceTable::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  for (const auto& [number, trace] : traces_) {
    if (trace->id() == id) return trace;
  }
  return nullptr;
}

void TraceTable::forget(const std::string& id) {
  std::lock_guard lock(mutex_);
  std::erase_if(traces_, [&](const auto& entry) { return entry.second->id() == id; });
}

void TraceTable::stop_all() {
  std::map<unsigned, std::shared_ptr<Trace>> all;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    all.swap(traces_);
  }
  for (auto& [id, trace] : all) trace->stop();
  for (auto& [id, trace] : all) {
    if (trace->thread_.joinable()) trace->thread_.join();
  }
}

}  // namespace gpttrace::mcp
