// How a pipeline stage fails, and the one mapping from a failure to gpttrace's exit codes (README).
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "common/diagnostics.h"
#include "common/error.h"

namespace gpttrace {

enum class FailureKind {
  Usage,           // bad input: a PID that is not running, an unwritable path
  NotUnderstood,   // no program could be written for the request
  Rejected,        // the program failed the checks (gpttrace's or bpftrace's compiler); nothing loaded
  Environment,     // privileges, tracefs, bpftrace or the LLM provider are missing or failing
  NotConfirmed,    // declined, or nobody to ask
  Interrupted,     // a stop signal before anything ran
  BpftraceFailed,  // bpftrace failed to attach or run
};

struct Failure {
  FailureKind kind = FailureKind::Environment;
  std::string message;  // one line: what went wrong
  std::string fix;      // what to do about it; may be empty
  // The stage that failed: "understand" (the request was not understood: another understander may try),
  // "generate", "check", "confirm", "run", "environment"; empty when not set.
  std::string stage;
  // Rejected: the diagnostics and the source they point into.
  Diagnostics diagnostics;
  std::string source;
  // Text a terminal shows before the message: the formatted diagnostics, or the LLM's last draft.
  std::string report;
  // NotUnderstood: the closest requests that would work.
  std::vector<std::string> suggestions;
};

template <typename T>
using Outcome = tl::expected<T, Failure>;

inline tl::unexpected<Failure> failure(FailureKind kind, std::string message, std::string fix = {}) {
  Failure f;
  f.kind = kind;
  f.message = std::move(message);
  f.fix = std::move(fix);
  return tl::unexpected<Failure>(std::move(f));
}

// A system error (common/error.h) as a failure of `kind`.
inline tl::unexpected<Failure> failure(FailureKind kind, const Error& error) {
  return failure(kind, error.message, error.fix);
}

// The refusal of `source` for the errors in `diags`: "WHO refused the program with N errors; nothing was
// loaded" style message, kind Rejected. `who` is "the program was" or "bpftrace's compiler".
Failure rejection(Diagnostics diags, std::string source, const std::string& who);

// The process exit code for a failure (common/exit_codes.h).
int exit_code_for(FailureKind kind);

// "usage", "not-understood", "rejected", ... for machine-readable answers (MCP).
std::string failure_kind_name(FailureKind kind);

}  // namespace gpttrace
