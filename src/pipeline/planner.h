// The offline understander: a request in English or Chinese -> a Candidate, through the planner
// (plan/understand.h) and code generation for this kernel and bpftrace (codegen/generate.h).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/candidate.h"
#include "pipeline/failure.h"
#include "pipeline/session.h"
#include "plan/trace_spec.h"

namespace gpttrace {

struct Plan {
  Candidate candidate;              // origin Planner, laid out for reading; spec: the plan (always set);
                                    // notes: filter caveats and codegen substitutions
  std::vector<std::string> probes;  // attach points used, as written in the source
  std::optional<double> duration_seconds;  // asked for in the request ("for 10 seconds")
  std::optional<size_t> top;               // asked for in the request ("top 5")
};

// Understands and generates. Fails with NotUnderstood (the planner's one line and its suggestions in
// `suggestions`; also when code generation cannot express the spec) or Usage (a PID or thread filter
// naming no running process; with `allow_missing_pid` that is a note instead, for --dry-run).
// `language` ("en" or "zh"), when given, replaces the request's own for the description and notes.
Outcome<Plan> plan_request(const std::string& request, const Session& session, bool allow_missing_pid,
                           const std::optional<std::string>& language = std::nullopt);

}  // namespace gpttrace
