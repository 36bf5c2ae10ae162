// The programs gpttrace serve runs: a request or a program becomes a metric-shaped candidate (cumulative maps
// printed every interval) BEFORE the check, so the program checked is exactly the one that runs.
#pragma once

#include <cstddef>
#include <string>

#include "pipeline/candidate.h"
#include "pipeline/failure.h"
#include "pipeline/session.h"

namespace gpttrace::serve {

// One thing to serve, from the command line or --config.
struct ServeSource {
  std::string name;     // the metric noun (gpttrace_<name>_total); empty: from the plan, or "program<N>"
  std::string request;  // a plain-language request, or
  std::string program;  // a bpftrace program
};

struct ServeCandidate {
  std::string name;     // the metric noun and the `program` label of the health metrics
  Candidate candidate;  // what is checked and run
};

// Plans a request (the offline planner, as `gpttrace REQUEST`) or takes a program, then:
// - a per-second rate becomes a count and an average becomes stats (Prometheus computes rates from counters,
//   averages from _sum/_count), regenerated from the plan;
// - refuses (Usage) a listing (no aggregation map: one line per event is not a metric), an lhist() map, and
//   maps cleared or zeroed outside END (metrics must be cumulative);
// - appends `interval:s:N { print(@m); ... }` for each exported map (values printed, never cleared).
// A request that is not understood fails NotUnderstood with the planner's suggestions.
Outcome<ServeCandidate> serve_candidate(const ServeSource& source, const Session& session,
                                        int interval_seconds, size_t index);

}  // namespace gpttrace::serve
