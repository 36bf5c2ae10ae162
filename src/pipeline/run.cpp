// The run stage: bpftrace's outcome -> a report (results, why it stopped, cap notes) or a failure.
#include "pipeline/run.h"

#include <fmt/format.h>

#include <algorithm>

#include "check/compile_check.h"
#include "kernel/catalog.h"
#include "results/decode.h"

namespace gpttrace {

namespace {

std::string stop_reason(const RunOutcome& outcome) {
  if (outcome.hit_output_cap) return "output-cap";
  if (outcome.hit_time_cap) return "time-cap";
  if (outcome.stopped_by_signal) return "interrupted";
  if (outcome.stopped_by_duration) return "duration";
  return "exited";
}

std::vector<std::string> cap_notes(const RunOutcome& outcome, const RunRequest& request) {
  std::vector<std::string> notes;
  if (outcome.hit_output_cap) {
    notes.push_back(fmt::format("output passed the {} MiB cap: the trace was stopped early and later events dropped",
                                request.max_output_bytes >> 20));
  }
  if (outcome.hit_time_cap) {
    notes.push_back(fmt::format("the trace reached the {} s run-time cap and was stopped",
                                std::chrono::duration_cast<std::chrono::seconds>(request.max_duration).count()));
  }
  if (outcome.stop_escalation == "SIGKILL") {
    notes.push_back("bpftrace did not stop on SIGINT or SIGTERM and was killed: final maps may be missing");
  }
  return notes;
}

// After bpftrace exited without attaching: its compile errors are a rejection, anything else a failure.
// `plain_stdout` holds bpftrace's non-JSON stdout lines (e.g. "No probes to attach").
Failure bpftrace_failure(const RunOutcome& outcome, const std::string& source,
                         const std::vector<std::string>& plain_stdout) {
  Diagnostics diags = parse_bpftrace_errors(outcome.stderr_text);
  const auto& items = diags.items();
  auto first_error = std::find_if(items.begin(), items.end(),
                                  [](const Diagnostic& d) { return d.severity == Severity::Error; });
  bool compile_error = !outcome.attached && first_error != items.end() && first_error->loc.known();
  if (compile_error) return rejection(std::move(diags), source, "bpftrace's compiler");
  std::string first = first_error != items.end() ? first_error->message
                      : !plain_stdout.empty()    ? plain_stdout.front()
                      : !items.empty()           ? items.front().message
                                                 : fmt::format("bpftrace exited with code {}", outcome.exit_code);
  std::string fix = "run with -v to see bpftrace's full output";
  if (first.find("attach") != std::string::npos) {
    fix = "the probe exists in the program but could not attach here; try gpttrace probes to find one that can";
  }
  return failure(FailureKind::BpftraceFailed, fmt::format("bpftrace failed: {}", first), fix).value();
}

}  // namespace

ResultsMeaning results_meaning(const Candidate& candidate) {
  ResultsMeaning meaning = meaning_from_program(candidate.source, candidate.spec ? candidate.spec->language : "en");
  if (candidate.spec) apply_plan(meaning, *candidate.spec);
  return meaning;
}

RunRequest run_request_for(const CheckedProgram& program, const Session& session, const RunSettings& settings) {
  RunRequest request;
  request.bpftrace_path = session.catalog.bpftrace().path;
  request.program = program.source();
  if (session.policy.unsafe) request.extra_args.emplace_back("--unsafe");
  request.duration = settings.duration;
  request.max_duration = session.limits.max_duration;
  request.max_output_bytes = session.limits.max_output_bytes;
  request.show_status = settings.show_status;
  request.stop_fd = settings.stop_fd >= 0 ? settings.stop_fd : session.stop_fd;
  request.text_output = static_cast<bool>(settings.raw_output);
  return request;
}

Outcome<TraceReport> run_checked(const CheckedProgram& program, const Session& session, Runner& runner,
                                 const RunSettings& settings, ResultStream& stream) {
  const RunRequest request = run_request_for(program, session, settings);
  stream.set_meaning(results_meaning(program.candidate()));

  session.log("starting bpftrace");
  Result<RunOutcome> outcome = runner.run(request, [&](std::string_view line) {
    if (settings.raw_output) {
      settings.raw_output(line);
      return;
    }
    stream.feed(line);
    if (line.find("\"attached_probes\"") != std::string_view::npos) {
      session.log(fmt::format("attached {} probes", stream.results().attached_probes));
    }
  });
  if (!outcome) return failure(FailureKind::Environment, outcome.error());
  stream.finish();
  TraceReport report;
  report.stopped_by = stop_reason(*outcome);
  session.log(fmt::format("bpftrace exited with code {} after {} ms ({})", outcome->exit_code,
                          outcome->elapsed.count(), report.stopped_by));
  session.log.raw(outcome->stderr_text);

  // A run killed before its final maps, or interrupted before it attached, is never a success. A caller
  // that stops its own run (a server's stop_trace) before attach gets an empty report instead.
  bool caller_stopped_early = settings.stop_fd >= 0 && !outcome->attached && !outcome->killed_by_user;
  std::optional<StopFailure> lost = caller_stopped_early ? std::nullopt : stop_failure(*outcome);
  if (lost) {
    Failure failed{lost->exit_code == 130 ? FailureKind::Interrupted : FailureKind::BpftraceFailed, lost->message,
                   lost->fix};
    failed.stage = "run";
    return tl::unexpected(failed);
  }
  bool stopped_by_us = outcome->stopped_by_duration || outcome->stopped_by_signal || outcome->hit_time_cap ||
                       outcome->hit_output_cap;
  if (outcome->exit_code != 0 && !(stopped_by_us && outcome->attached)) {
    return tl::unexpected(bpftrace_failure(*outcome, program.source(), stream.plain_stdout()));
  }
  report.notes = cap_notes(*outcome, request);
  report.results = stream.final_results();
  if (outcome->attached)
    report.results.traced_seconds =
        std::chrono::duration<double>(outcome->elapsed - outcome->time_to_attach).count();
  report.meaning = stream.meaning();
  decode_results(report.results, report.meaning);
  report.outcome = std::move(*outcome);
  return report;
}

}  // namespace gpttrace
