// Event traits are part of the event model (plan/event_model.h); these are the queries on them.
#include "plan/event_traits.h"

#include <algorithm>

#include "plan/event_model.h"

namespace gpttrace {

namespace {

template <typename T>
bool contains(const std::vector<T>& items, T item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::vector<EventTraits> collect_traits() {
  std::vector<EventTraits> table;
  for (const EventModel& model : event_models()) table.push_back(model.traits);
  return table;
}

}  // namespace

const std::vector<EventTraits>& all_event_traits() {
  static const std::vector<EventTraits> table = collect_traits();
  return table;
}

const EventTraits& event_traits(EventKind kind) { return event_model(kind).traits; }

bool supports_key(const EventTraits& traits, Key key) { return contains(traits.keys, key); }
bool supports_measure(const EventTraits& traits, Measure measure) { return contains(traits.measures, measure); }
bool supports_filter(const EventTraits& traits, FilterKind filter) { return contains(traits.filters, filter); }

std::vector<FilterKind> used_filters(const Filters& f) {
  std::vector<FilterKind> out;
  if (f.pid) out.push_back(FilterKind::Pid);
  if (f.tid) out.push_back(FilterKind::Tid);
  if (f.comm) out.push_back(FilterKind::Comm);
  if (f.uid) out.push_back(FilterKind::Uid);
  if (f.path) out.push_back(FilterKind::Path);
  if (f.port) out.push_back(FilterKind::Port);
  if (f.cgroup_id) out.push_back(FilterKind::Cgroup);
  if (f.signal) out.push_back(FilterKind::Signal);
  if (f.threshold) out.push_back(FilterKind::Threshold);
  if (f.only_failures) out.push_back(FilterKind::Failures);
  if (f.target_pid) out.push_back(FilterKind::TargetPid);
  return out;
}

}  // namespace gpttrace
