// The exit code of each pipeline failure kind, and the rejection message, in one place.
#include "pipeline/failure.h"

#include <fmt/format.h>

#include "common/exit_codes.h"

namespace gpttrace {

Failure rejection(Diagnostics diags, std::string source, const std::string& who) {
  size_t errors = 0;
  for (const Diagnostic& d : diags.items()) errors += d.severity == Severity::Error;
  Failure f;
  f.kind = FailureKind::Rejected;
  f.message = fmt::format("{} refused with {} error{}; nothing was loaded", who, errors, errors == 1 ? "" : "s");
  f.report = diags.format(source, "program");
  f.diagnostics = std::move(diags);
  f.source = std::move(source);
  return f;
}

int exit_code_for(FailureKind kind) {
  switch (kind) {
    case FailureKind::Usage: return kExitUsage;
    case FailureKind::NotUnderstood: return kExitNotUnderstood;
    case FailureKind::Rejected: return kExitRejected;
    case FailureKind::Environment: return kExitEnvironment;
    case FailureKind::NotConfirmed: return kExitNotConfirmed;
    case FailureKind::Interrupted: return kExitInterrupted;
    case FailureKind::BpftraceFailed: return kExitBpftraceFailed;
  }
  return kExitEnvironment;
}

std::string failure_kind_name(FailureKind kind) {
  switch (kind) {
    case FailureKind::Usage: return "usage";
    case FailureKind::NotUnderstood: return "not-understood";
    case FailureKind::Rejected: return "rejected";
    case FailureKind::Environment: return "environment";
    case FailureKind::NotConfirmed: return "not-confirmed";
    case FailureKind::Interrupted: return "interrupted";
    case FailureKind::BpftraceFailed: return "bpftrace-failed";
  }
  return "environment";
}

}  // namespace gpttrace
