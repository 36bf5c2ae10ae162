// What each kind of event can provide: measures, keys, filters, defaults, and example requests (read from
// the event model, plan/event_model.h). Shared by understanding (defaults, refusals, suggestions) and code
// generation (validation).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plan/trace_spec.h"

namespace gpttrace {

enum class FilterKind { Pid, Tid, Comm, Uid, Path, Port, Cgroup, Signal, Threshold, Failures, TargetPid };

struct EventTraits {
  EventKind kind;
  std::vector<Measure> measures;        // Events is always first
  std::vector<Key> keys;                // keys this event can be grouped by
  std::vector<FilterKind> filters;      // filters this event supports
  Aggregation default_aggregation;      // when the request names none ("trace file opens" -> List)
  std::vector<Key> default_keys;        // when a counting request names none
  std::string example_en;               // a request this event answers, for "closest things I can do"
  std::string example_zh;
};

const EventTraits& event_traits(EventKind kind);
const std::vector<EventTraits>& all_event_traits();

bool supports_key(const EventTraits& traits, Key key);
bool supports_measure(const EventTraits& traits, Measure measure);
bool supports_filter(const EventTraits& traits, FilterKind filter);

// Every filter `filters` sets, as FilterKinds, in FilterKind order.
std::vector<FilterKind> used_filters(const Filters& filters);

}  // namespace gpttrace
