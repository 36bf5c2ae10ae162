// The offline understander: planner, filter validation against the running system, code generation.
#include "pipeline/planner.h"

#include <fmt/format.h>

#include <filesystem>

#include "codegen/generate.h"
#include "kernel/catalog.h"
#include "pipeline/program_layout.h"
#include "plan/understand.h"

namespace gpttrace {

namespace {

// A PID or TID filter must name a running process; a path filter that does not exist yet is allowed (a
// trace may be waiting for it) but noted.
Outcome<void> validate_filters(const Filters& filters, bool allow_missing_pid, std::vector<std::string>& notes) {
  for (auto [id, what] : {std::pair{filters.pid, "PID"}, std::pair{filters.tid, "thread ID"},
                          std::pair{filters.target_pid, "PID"}}) {
    if (!id) continue;
    std::error_code ec;
    if (std::filesystem::exists(fmt::format("/proc/{}", *id), ec)) continue;
    if (allow_missing_pid) {
      notes.push_back(fmt::format("no process with {} {} is running now", what, *id));
      continue;
    }
    return failure(FailureKind::Usage, fmt::format("no process with {} {} is running", what, *id),
                   fmt::format("check it with: ps -p {}", *id));
  }
  if (filters.path) {
    std::string path = *filters.path;
    if (!path.empty() && path.back() == '*') path.pop_back();
    std::error_code ec;
    if (!path.empty() && !std::filesystem::exists(path, ec)) {
      notes.push_back(fmt::format("{} does not exist (yet); only events naming it will show", path));
    }
  }
  return {};
}

}  // namespace

Outcome<Plan> plan_request(const std::string& request, const Session& session, bool allow_missing_pid,
                           const std::optional<std::string>& language) {
  Understanding understanding = understand_request(request, &session.catalog);
  if (!understanding.spec) {
    session.log("request not understood offline");
    auto refused = failure(FailureKind::NotUnderstood,
                           understanding.message.empty() ? "the request was not understood" : understanding.message);
    refused.value().stage = "understand";
    refused.value().suggestions = std::move(understanding.suggestions);
    return refused;
  }
  TraceSpec spec = std::move(*understanding.spec);
  if (session.policy.include_self) spec.filters.tracer_pid.reset();
  if (language) spec.language = *language;
  session.log("understood the request as:\n" + describe_spec(spec));
  std::vector<std::string> notes;
  if (Outcome<void> valid = validate_filters(spec.filters, allow_missing_pid, notes); !valid) {
    return tl::unexpected(valid.error());
  }

  Result<GeneratedProgram> generated = generate_program(spec, session.catalog);
  if (!generated) return failure(FailureKind::NotUnderstood, generated.error());
  session.log(fmt::format("generated a program with {} probe(s)", generated->probes.size()));
  notes.insert(notes.end(), generated->notes.begin(), generated->notes.end());

  Plan plan;
  plan.duration_seconds = spec.duration_seconds;
  if (spec.top_n) plan.top = static_cast<size_t>(*spec.top_n);
  // Laid out for reading before anything checks it, so the program checked, shown and run is one text.
  // The plan goes with it: it titles the results and decodes raw values (raw_syscalls ids -> names).
  plan.candidate = Candidate{layout_for_reading(generated->source), Origin::Planner, generated->description, request,
                             std::move(notes), std::move(spec)};
  plan.probes = std::move(generated->probes);
  return plan;
}

}  // namespace gpttrace
