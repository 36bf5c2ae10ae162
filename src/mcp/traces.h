// The traces the MCP server runs: each checked program runs in its own thread with its own stop pipe,
// events are kept (bounded) for paging, and at most a few run at once. run_trace waits for one;
// start_trace/get_trace/stop_trace name one by id.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/check.h"
#include "pipeline/run.h"
#include "pipeline/session.h"

namespace gpttrace::mcp {

inline constexpr size_t kMaxKeptEvents = 10000;  // per trace; later events are counted, not kept
inline constexpr size_t kMaxKeptTraces = 32;     // finished traces beyond this are forgotten, oldest first

class Trace {
 public:
  Trace(std::string id, CheckedProgram program, std::chrono::milliseconds duration);
  ~Trace();
  Trace(const Trace&) = delete;
  Trace& operator=(const Trace&) = delete;

  const std::string& id() const { return id_; }
  const CheckedProgram& program() const { return program_; }
  std::chrono::milliseconds duration() const { return duration_; }

  // Starts the stop sequence (SIGINT, then escalation); idempotent.
  void stop();
  // Waits until bpftrace has exited and the report is ready, at most `timeout`; true when done.
  bool wait_for(std::chrono::milliseconds timeout) const;
  bool done() const;

  struct Snapshot {
    bool done = false;
    std::vector<std::string> events;  // [offset, offset + limit) of the kept events
    size_t total_events = 0;          // events seen so far (kept or not)
    size_t kept_events = 0;
    double elapsed_s = 0;
    std::optional<TraceReport> report;  // when done and it succeeded
    std::optional<Failure> failure;     // when done and it failed
  };
  Snapshot snapshot(size_t offset, size_t limit) const;

 private:
  friend class TraceTable;
  void run(const Session& session, Runner& runner);

  const std::string id_;
  const CheckedProgram program_;
  const std::chrono::milliseconds duration_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  int stop_pipe_[2] = {-1, -1};
  mutable std::mutex mutex_;
  mutable std::condition_variable done_cv_;
  bool done_ = false;
  bool stop_sent_ = false;
  std::vector<std::string> events_;
  size_t total_events_ = 0;
  std::optional<TraceReport> report_;
  std::optional<Failure> failure_;
  std::chrono::steady_clock::time_point ended_;
  std::thread thread_;
};

class TraceTable {
 public:
  TraceTable(const Session& session, Runner& runner, size_t max_running);
  ~TraceTable();  // stops every trace and waits for them

  // Starts `program`; fails (a message for the model) when max_running traces are running already, or
  // once stop_all() has run (the server is shutting down).
  Outcome<std::shared_ptr<Trace>> start(CheckedProgram program, std::chrono::milliseconds duration);
  std::shared_ptr<Trace> find(const std::string& id) const;
  // Forgets a finished trace (after its results were read by run_trace).
  void forget(const std::string& id);
  void stop_all();
  size_t max_running() const { return max_running_; }

 private:
  const Session& session_;
  Runner& runner_;
  const size_t max_running_;
  mutable std::mutex mutex_;
  std::map<unsigned, std::shared_ptr<Trace>> traces_;  // by start order
  unsigned next_id_ = 1;
  bool closed_ = false;
};

}  // namespace gpttrace::mcp
