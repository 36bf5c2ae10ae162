// The check stage: a Candidate becomes a CheckedProgram only by passing gpttrace's static checks against
// the catalog and (when asked and possible) bpftrace's compile check. Every program, whoever wrote it
// (planner, LLM, -e, a file, an MCP client), passes here before anything may load it.
#pragma once

#include <string>

#include "common/diagnostics.h"
#include "pipeline/candidate.h"
#include "pipeline/failure.h"
#include "pipeline/session.h"

namespace gpttrace {

enum class CompileCheck {
  Skip,        // the run compiles it before attaching (bpftrace refuses a broken program at start)
  IfPossible,  // compile now when bpftrace is installed and we may trace; else skip it
};

class CheckedProgram;

// Parses `candidate.source`, checks it against the session's catalog and policy, then compiles it per
// `compile`. Fails with kind Rejected (diagnostics in the failure), or Environment when bpftrace could not
// be run at all for the compile check.
Outcome<CheckedProgram> check_candidate(Candidate candidate, const Session& session, CompileCheck compile);

// The same checks for a draft in a repair loop (the LLM agent): the diagnostics, errors meaning refused;
// a compile check that cannot run is a warning here.
Diagnostics diagnose_source(const std::string& source, const Session& session, CompileCheck compile);

// A program that passed the checks. Only check_candidate makes one, so holding one is the proof.
class CheckedProgram {
 public:
  const Candidate& candidate() const { return candidate_; }
  const std::string& source() const { return candidate_.source; }
  // Warnings and notes of the checks (no errors).
  const Diagnostics& warnings() const { return warnings_; }
  // bpftrace's compiler accepted it already; false when the run will be the compile check.
  bool compiled() const { return compiled_; }

 private:
  CheckedProgram(Candidate candidate, Diagnostics warnings, bool compiled)
      : candidate_(std::move(candidate)), warnings_(std::move(warnings)), compiled_(compiled) {}
  friend Outcome<CheckedProgram> check_candidate(Candidate candidate, const Session& session,
                                                 CompileCheck compile);

  Candidate candidate_;
  Diagnostics warnings_;
  bool compiled_ = false;
};

}  // namespace gpttrace
