// From a scanned request to a TraceSpec: event choice, aggregation, measure, keys, filters, and the checks
// against the event traits that turn an impossible combination into a refusal.
#pragma once

#include <optional>
#include <string>

#include "plan/request.h"
#include "plan/understand.h"

namespace gpttrace::plan {

// The event the request names, or nullopt when none is named clearly; `conflict` is set when two
// unrelated events are named ("opens and context switches").
std::optional<EventKind> choose_event(Request& r, std::optional<EventKind>& conflict);

// Builds the spec for `event`; on failure returns the one-line reason (in the request's language).
struct Decision {
  std::optional<TraceSpec> spec;
  std::string problem;
};
Decision decide(Request& r, EventKind event);

}  // namespace gpttrace::plan
