// The check stage: static checks (check/checks.h) then bpftrace's compile check (check/compile_check.h).
#include "pipeline/check.h"

#include <fmt/format.h>

#include "check/checks.h"
#include "check/compile_check.h"
#include "check/parser.h"
#include "kernel/catalog.h"
#include "sys/signals.h"

namespace gpttrace {

namespace {

Diagnostics static_checks(const std::string& source, const Session& session) {
  Diagnostics diags;
  ParsedProgram parsed = parse_program(source, diags);
  if (!diags.has_errors()) {
    check_program(parsed, session.catalog, CheckOptions{session.policy.unsafe, session.policy.max_probes}, diags);
  }
  session.log(fmt::format("static checks: {} probe block(s), {} diagnostic(s)", parsed.probes.size(),
                          diags.items().size()));
  return diags;
}

}  // namespace

Outcome<CheckedProgram> check_candidate(Candidate candidate, const Session& session, CompileCheck compile) {
  Diagnostics diags = static_checks(candidate.source, session);
  if (diags.has_errors()) return tl::unexpected(rejection(std::move(diags), candidate.source, "the program was"));
  bool compiled = false;
  if (compile == CompileCheck::IfPossible && session.can_compile()) {
    Diagnostics compiler;
    Result<void> ran = compile_check(session.catalog.bpftrace(), candidate.source, session.policy.unsafe, compiler);
    if (!ran) return failure(FailureKind::Environment, ran.error());
    session.log(fmt::format("compile check: {} diagnostic(s)", compiler.items().size()));
    if (last_stop_signal() != 0) return failure(FailureKind::Interrupted, "interrupted during the compile check");
    if (compiler.has_errors()) {
      return tl::unexpected(rejection(std::move(compiler), candidate.source, "bpftrace's compiler"));
    }
    compiled = true;
  }
  return CheckedProgram(std::move(candidate), std::move(diags), compiled);
}

Diagnostics diagnose_source(const std::string& source, const Session& session, CompileCheck compile) {
  Diagnostics diags = static_checks(source, session);
  if (diags.has_errors() || compile == CompileCheck::Skip || !session.catalog.bpftrace().found) return diags;
  if (!session.can_compile()) return diags;
  if (Result<void> ran = compile_check(session.catalog.bpftrace(), source, session.policy.unsafe, diags); !ran) {
    diags.warning("compile-check-skipped", "bpftrace's compile check could not run: " + ran.error().message);
  }
  return diags;
}

}  // namespace gpttrace
