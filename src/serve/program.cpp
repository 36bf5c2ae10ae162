// Requests and programs -> the cumulative, periodically printing candidates gpttrace serve checks and runs.
#include "serve/program.h"

#include <fmt/format.h>

#include <cctype>

#include "codegen/generate.h"
#include "pipeline/planner.h"
#include "pipeline/program_layout.h"
#include "results/meaning.h"
#include "serve/metrics.h"

namespace gpttrace::serve {

namespace {

Outcome<Candidate> planned_candidate(const std::string& request, const Session& session) {
  Outcome<Plan> plan = plan_request(request, session, false);
  if (!plan) return tl::unexpected(plan.error());
  TraceSpec spec = *plan->candidate.spec;
  if (spec.aggregation == Aggregation::List) {
    return failure(FailureKind::Usage,
                   fmt::format("\"{}\" lists events one line each, which is not a metric", request),
                   "ask for a count, a sum, a histogram or an average, e.g. \"count ... by process\"");
  }
  // A served program runs until stopped and keeps every key (the series budget bounds what is exposed).
  if (plan->duration_seconds)
    plan->candidate.notes.push_back("the request's duration is ignored: serve runs until stopped");
  if (plan->top)
    plan->candidate.notes.push_back("the request's top N is ignored: --max-series bounds the series");
  if (spec.aggregation != Aggregation::Rate && spec.aggregation != Aggregation::Average)
    return plan->candidate;
  // Prometheus derives rates from counters and averages from _sum/_count: serve the cumulative form.
  spec.aggregation = spec.aggregation == Aggregation::Rate ? Aggregation::Count : Aggregation::Stats;
  Result<GeneratedProgram> generated = generate_program(spec, session.catalog);
  if (!generated) return failure(FailureKind::NotUnderstood, generated.error());
  Candidate candidate = plan->candidate;
  candidate.source = layout_for_reading(generated->source);
  candidate.description = generated->description;
  candidate.spec = std::move(spec);
  return candidate;
}

// The source without its END blocks: clearing maps at exit does not break cumulative values.
std::string without_end_blocks(const std::string& source) {
  std::string out;
  size_t at = 0;
  for (size_t end = source.find("END"); end != std::string::npos; end = source.find("END", at)) {
    const size_t brace = source.find_first_not_of(" \t\n", end + 3);
    const bool word_start =
        end == 0 || !(std::isalnum(static_cast<unsigned char>(source[end - 1])) || source[end - 1] == '_');
    if (!word_start || brace == std::string::npos || source[brace] != '{') {
      out += source.substr(at, end + 3 - at);
      at = end + 3;
      continue;
    }
    out += source.substr(at, end - at);
    int depth = 0;
    size_t i = brace;
    for (; i < source.size(); ++i) {
      if (source[i] == '{') ++depth;
      if (source[i] == '}' && --depth == 0) break;
    }
    at = i + 1;
  }
  if (at < source.size()) out += source.substr(at);
  return out;
}

bool cleared_while_running(const std::string& source, const std::string& map) {
  const std::string running = without_end_blocks(source);
  return running.find("clear(" + map + ")") != std::string::npos ||
         running.find("zero(" + map + ")") != std::string::npos;
}

}  // namespace

Outcome<ServeCandidate> serve_candidate(const ServeSource& source, const Session& session,
                                        int interval_seconds, size_t index) {
  Candidate candidate{source.program, Origin::User, {}, {}, {}, {}};
  if (!source.request.empty()) {
    Outcome<Candidate> planned = planned_candidate(source.request, session);
    if (!planned) return tl::unexpected(planned.error());
    candidate = std::move(*planned);
  }
  const std::string what =
      source.request.empty() ? fmt::format("program {}", index + 1) : fmt::format("\"{}\"", source.request);
  ResultsMeaning meaning = meaning_from_program(candidate.source);
  std::string prints;
  for (const auto& [map, info] : meaning.maps) {
    if (info.function == "lhist") {
      return failure(FailureKind::Usage,
                     fmt::format("{}: lhist() in {} has no fixed buckets to export", what, map),
                     "use hist() (power-of-two buckets) for a Prometheus histogram");
    }
    if (!exported_map(map, info)) continue;
    if (cleared_while_running(candidate.source, map)) {
      return failure(FailureKind::Usage,
                     fmt::format("{} clears {} while it runs; metrics must be cumulative", what, map),
                     "drop clear()/zero(): serve prints the maps every interval itself");
    }
    prints += fmt::format(" print({});", map);
  }
  if (prints.empty()) {
    return failure(FailureKind::Usage,
                   fmt::format("{} has no count, sum, hist, stats, avg, min or max map to export", what),
                   "a listing is not a metric: count it instead, e.g. @[comm] = count()");
  }
  if (!candidate.source.empty() && candidate.source.back() != '\n') candidate.source += '\n';
  candidate.source += fmt::format("interval:s:{} {{{} }}\n", interval_seconds, prints);
  std::string name = source.name;
  if (name.empty())
    name = candidate.spec ? metric_noun(*candidate.spec) : fmt::format("program{}", index + 1);
  return ServeCandidate{std::move(name), std::move(candidate)};
}

}  // namespace gpttrace::serve
