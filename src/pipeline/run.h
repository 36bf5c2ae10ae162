// The run stage: a CheckedProgram is loaded by bpftrace (through a Runner, so tests can fake it), its
// output streamed into a ResultStream, and the outcome becomes a TraceReport or a Failure.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "pipeline/check.h"
#include "pipeline/failure.h"
#include "pipeline/result_stream.h"
#include "pipeline/session.h"
#include "results/meaning.h"
#include "results/results.h"
#include "run/runner.h"

namespace gpttrace {

// Runs bpftrace for a request; the real one is run_bpftrace, tests replay recorded output.
class Runner {
 public:
  virtual ~Runner() = default;
  virtual Result<RunOutcome> run(const RunRequest& request, const LineSink& sink) = 0;
};

class BpftraceRunner : public Runner {
 public:
  Result<RunOutcome> run(const RunRequest& request, const LineSink& sink) override {
    return run_bpftrace(request, sink);
  }
};

struct RunSettings {
  std::chrono::milliseconds duration{0};  // 0 = until stopped (bounded by the session's run limits)
  bool show_status = false;               // live status line on stderr (a terminal)
  int stop_fd = -1;                       // -1: the session's stop signal
  // Set (gpttrace --raw): bpftrace prints its own text output (no "-f json") and each stdout line goes
  // here unparsed; the report then holds no results.
  LineSink raw_output;
};

struct TraceReport {
  Results results;                 // final results, keys decoded by `meaning`
  ResultsMeaning meaning;          // titles, units and decoders, from the program and its plan
  RunOutcome outcome;
  std::string stopped_by;          // "exited", "duration", "interrupted", "time-cap", "output-cap"
  std::vector<std::string> notes;  // caps reached, a forced kill: one line each
};

// What the candidate's numbers mean: from its source, refined by the plan that generated it.
ResultsMeaning results_meaning(const Candidate& candidate);

// The bpftrace run of `program` under the session's policy and limits: its checked source, nothing else.
// run_checked uses it; so does a client that reads the output itself (gpttrace serve).
RunRequest run_request_for(const CheckedProgram& program, const Session& session, const RunSettings& settings);

// Runs `program` and collects its results in `stream` (whose meaning it sets from the program and its plan). Fails with Environment when bpftrace could not be
// started, Rejected when its compiler refused the program, BpftraceFailed when it failed to attach or
// run; a run stopped by us (duration, stop signal, caps) after attaching is a success.
Outcome<TraceReport> run_checked(const CheckedProgram& program, const Session& session, Runner& runner,
                                 const RunSettings& settings, ResultStream& stream);

}  // namespace gpttrace
