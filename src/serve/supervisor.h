// Keeps one checked program running under bpftrace for gpttrace serve: its map dumps feed ProgramMetrics, and
// a bpftrace that ends is restarted after a backoff and reported in the health metrics, never silently gone.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "pipeline/check.h"
#include "pipeline/run.h"
#include "pipeline/session.h"
#include "serve/health.h"
#include "serve/metrics.h"

namespace gpttrace::serve {

// Waits between the end of a bpftrace and its next start: 1 s, doubling up to 60 s; back to 1 s after a run
// that stayed attached for a minute.
class Backoff {
 public:
  std::chrono::seconds next(std::chrono::seconds attached_for);

 private:
  std::chrono::seconds delay_{0};
};

// Runs `program` (the checked source, through run_request_for) until `stop_fd` becomes readable or `stopping`
// is set; the runner's stop sequence ends each bpftrace, so none outlives this call.
void supervise(const CheckedProgram& program, const std::string& name, const Session& session, Runner& runner,
               ProgramMetrics& metrics, HealthMetrics& health, int stop_fd,
               const std::atomic<bool>& stopping);

}  // namespace gpttrace::serve
