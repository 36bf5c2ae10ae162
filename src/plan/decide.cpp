// Building and checking the TraceSpec; the defaults and absorb rules come from the event model.
#include "plan/event_model.h"
#include "plan/decide.h"

#include <algorithm>

#include <fmt/format.h>

#include "plan/event_traits.h"

namespace gpttrace::plan {

namespace {

using E = EventKind;

// Whether `a`, the more specific event, absorbs `b` when both are named (the event model's "absorbs":
// "disk reads" is block I/O; "OOM kills" are not signals; "new threads" are not forks).
bool absorbs(E a, E b) {
  if (b == E::Syscall) return true;  // every syscall-backed event is more specific than "syscalls"
  const std::vector<EventKind>& absorbed = event_model(a).absorbs;
  return std::find(absorbed.begin(), absorbed.end(), b) != absorbed.end();
}

std::string list_names(const std::vector<Key>& keys) {
  std::string out;
  for (Key k : keys) out += (out.empty() ? "" : ", ") + std::string(key_name(k));
  return out;
}

std::string_view filter_name(FilterKind f) {
  switch (f) {
    case FilterKind::Pid: return "pid";
    case FilterKind::Tid: return "tid";
    case FilterKind::Comm: return "process name";
    case FilterKind::Uid: return "user";
    case FilterKind::Path: return "path";
    case FilterKind::Port: return "port";
    case FilterKind::Cgroup: return "cgroup";
    case FilterKind::Signal: return "signal";
    case FilterKind::Threshold: return "threshold";
    case FilterKind::Failures: return "failure";
    case FilterKind::TargetPid: return "target pid";
  }
  return "?";
}

}  // namespace

std::optional<EventKind> choose_event(Request& r, std::optional<EventKind>& conflict) {
  // Rank by score; ties go to the more specific event, then to the one named first.
  auto first_at = [&](E e) {
    for (const EventMatch& m : r.matches)
      if (m.event == e) return m.span.begin;
    return r.tokens.size();
  };
  std::optional<E> best;
  for (size_t k = 0; k < kCuratedEventKinds; ++k) {
    E e = static_cast<E>(k);
    int s = r.scores[k];
    if (s < 2) continue;
    if (!best) {
      best = e;
      continue;
    }
    int b = r.scores[static_cast<size_t>(*best)];
    if (s > b || (s == b && (absorbs(e, *best) || (!absorbs(*best, e) && first_at(e) < first_at(*best))))) best = e;
  }
  if (!best) return std::nullopt;
  // Absorption beats raw score: "disk read bytes" names Read strongly but means block I/O.
  for (size_t k = 0; k < kCuratedEventKinds; ++k) {
    E e = static_cast<E>(k);
    if (e != *best && r.scores[k] >= 3 && absorbs(e, *best) && !absorbs(*best, e)) best = e;
  }
  for (size_t k = 0; k < kCuratedEventKinds; ++k) {
    E e = static_cast<E>(k);
    if (e != *best && r.scores[k] >= 3 && !absorbs(*best, e)) conflict = e;
  }
  for (const EventMatch& m : r.matches)
    if (m.event == *best || absorbs(*best, m.event))
      for (size_t k = m.span.begin; k < m.span.end; ++k) r.tokens[k].consumed = true;
  return best;
}

Decision decide(Request& r, EventKind event) {
  const EventTraits& traits = event_traits(event);
  const bool zh = r.language == "zh";
  TraceSpec spec;
  spec.event = event;
  spec.language = r.language;
  const Slots& s = r.slots;

  // Measure: named, or implied by a threshold; a sleep's "how long" is the requested duration.
  std::optional<Measure> measure = r.measure_word;
  if (!measure && s.threshold) measure = s.threshold->measure;
  if (!measure && r.weak_measure && supports_measure(traits, *r.weak_measure)) measure = r.weak_measure;
  // A sleep's "how long" is the time it took, unless the request asks what was requested ("time taken" is
  // not "time requested").
  bool requested = std::any_of(r.tokens.begin(), r.tokens.end(), [](const Token& t) {
    return t.text.starts_with("request") || t.text == "asked" || t.text == "ask" || t.text == "要" || t.text == "请";
  });
  if (event == E::Sleep && measure == Measure::Latency && requested) measure = Measure::Duration;
  if (event == E::RunqueueLatency || event == E::OffCpu) measure = Measure::Latency;
  spec.measure = measure.value_or(Measure::Events);
  // A failed transfer moves no bytes: "bytes of failed reads" has nothing to add up.
  if (r.failures && spec.measure == Measure::Bytes && (event == E::Read || event == E::Write || event == E::UdpSend))
    return {std::nullopt, zh ? "失败的读写不传输字节：可以统计失败次数或显示错误码"
                             : "failed reads and writes transfer no bytes: count the failures or show their errors "
                               "instead"};
  if (!supports_measure(traits, spec.measure)) {
    return {std::nullopt, zh ? fmt::format("{} 事件不能测量{}", event_kind_name(event), measure_name(spec.measure))
                             : fmt::format("{} events have no {} to measure", event_kind_name(event),
                                           measure_name(spec.measure))};
  }

  // Aggregation: a named one wins; otherwise the measure decides what "count" or "show" means: bytes add
  // up, latencies form a distribution, and a threshold asks for the events that cross it.
  const auto& w = r.agg_words;
  const bool has_keys = !r.group_keys.empty() || !r.question_keys.empty() || s.top_key.has_value();
  const bool counting = w.contains(AggWord::Count) || r.question || has_keys || s.top_n.has_value();
  const bool timed = spec.measure == Measure::Latency || spec.measure == Measure::Duration;
  // "stats: count, average and total" names the parts of Stats: the summary wins over its parts.
  const bool stats = w.contains(AggWord::Stats) || (w.contains(AggWord::Average) && w.contains(AggWord::Sum));
  // "who sends signals to whom": only a listing shows both sides, unless a computation is named.
  const bool pairs = r.recipient && !w.contains(AggWord::Count) && !w.contains(AggWord::Sum) && !stats &&
                     !w.contains(AggWord::Histogram) && !w.contains(AggWord::Average) && !w.contains(AggWord::Rate);
  Aggregation agg = traits.default_aggregation;
  if (pairs) agg = Aggregation::List;
  else if (w.contains(AggWord::Histogram)) agg = Aggregation::Histogram;
  else if (r.measure_by && w.contains(AggWord::Count) && !w.contains(AggWord::Sum)) agg = Aggregation::Histogram;
  else if (stats) agg = Aggregation::Stats;
  else if (w.contains(AggWord::Average)) agg = Aggregation::Average;
  else if (w.contains(AggWord::Rate)) agg = Aggregation::Rate;
  else if (w.contains(AggWord::Sum)) agg = spec.measure == Measure::Events ? Aggregation::Count : Aggregation::Sum;
  else if (spec.measure != Measure::Events && s.threshold) agg = counting ? Aggregation::Count : Aggregation::List;
  else if (spec.measure == Measure::Bytes) agg = Aggregation::Sum;
  else if (event == E::OffCpu && !s.threshold) agg = Aggregation::Sum;  // time per stack, as offcputime
  else if (timed && (event == E::Sleep || event == E::DnsLookup) && r.group_keys.empty()) agg = Aggregation::List;
  else if (timed) agg = Aggregation::Histogram;
  else if (counting) agg = Aggregation::Count;
  else if (w.contains(AggWord::List)) agg = Aggregation::List;
  if (agg == Aggregation::List && has_keys && !pairs && !(timed && r.group_keys.empty())) agg = Aggregation::Count;
  if (agg == Aggregation::Rate && spec.measure != Measure::Events)
    return {std::nullopt, zh ? "每秒速率只能统计事件次数" : "a per-second rate counts events; it cannot add up bytes or latency"};
  spec.aggregation = agg;

  // Keys: named ones, the top-N subject, stacks; counting requests that name none get the event's default.
  std::vector<Key> keys = r.group_keys;
  if (agg != Aggregation::List)
    for (Key k : r.question_keys)
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  if (s.top_key && std::find(keys.begin(), keys.end(), *s.top_key) == keys.end()) keys.insert(keys.begin(), *s.top_key);
  if (r.any_stack) {
    bool user_side = event_model(event).stack == "user" || !supports_key(traits, Key::KernelStack);
    keys.push_back(user_side ? Key::UserStack : Key::KernelStack);
  }
  for (Key k : r.field_keys)  // "with exit codes": a field of the listing, or one more key of a count
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  if (keys.empty() && (agg == Aggregation::Count || agg == Aggregation::Sum || agg == Aggregation::Stats))
    keys = traits.default_keys;
  for (Key k : keys)
    if (!supports_key(traits, k))
      return {std::nullopt, zh ? fmt::format("{} 事件不能按 {} 分组；可以按 {} 分组", event_kind_name(event), key_name(k),
                                             list_names(traits.keys))
                               : fmt::format("{} events cannot be grouped by {}; they can be grouped by {}",
                                             event_kind_name(event), key_name(k), list_names(traits.keys))};
  spec.keys = keys;

  // Filters.
  Filters& f = spec.filters;
  f.pid = s.pid;
  f.tid = s.tid;
  f.uid = s.uid;
  f.port = s.port;
  f.port_side = s.port_side;
  f.cgroup_id = s.cgroup_id;
  f.signal = s.signal;
  f.target_pid = s.target_pid;
  f.comm = r.comm;
  f.only_failures = r.failures;
  if (s.threshold) {
    Threshold t = *s.threshold;
    if (event == E::Sleep && t.measure == Measure::Latency && requested) t.measure = Measure::Duration;
    f.threshold = t;
  }
  // The path filter is set after this decision (understand.cpp), so it is not among these yet.
  for (FilterKind kind : used_filters(f)) {
    bool ok = supports_filter(traits, kind) && (kind != FilterKind::Threshold || supports_measure(traits, f.threshold->measure));
    if (ok) continue;
    std::string possible;
    for (FilterKind p : traits.filters) possible += (possible.empty() ? "" : ", ") + std::string(filter_name(p));
    auto span = s.filter_spans.find(kind);
    std::string said = span != s.filter_spans.end() ? join_tokens(r.tokens, span->second.begin, span->second.end)
                       : kind == FilterKind::Comm ? join_tokens(r.tokens, r.comm_span.begin, r.comm_span.end)
                                                  : std::string(filter_name(kind));
    return {std::nullopt, zh ? fmt::format("{} 事件不能按{}过滤（“{}”）；可用的过滤条件：{}", event_kind_name(event),
                                           filter_name(kind), said, possible)
                             : fmt::format("{} events cannot be filtered by {} ('{}'); possible filters: {}",
                                           event_kind_name(event), filter_name(kind), said, possible)};
  }

  spec.top_n = s.top_n;
  spec.duration_seconds = s.duration_seconds;
  spec.frequency_hz = s.frequency_hz;
  if (s.frequency_hz && event != E::CpuProfile)
    return {std::nullopt, zh ? "采样频率只适用于 CPU 采样" : "a sampling frequency only applies to CPU profiling"};
  spec.syscalls = r.syscalls;
  spec.binary = s.binary;
  spec.function = s.function;
  if (event == E::UserFunction && (spec.binary.empty() || spec.function.empty()))
    return {std::nullopt, zh ? "请说明要追踪哪个程序中的哪个函数，例如“统计 libc 中 malloc 的调用次数”"
                             : "say which function in which binary, e.g. 'count calls of malloc in libc'"};
  if (event == E::KernelFunction && spec.function.empty())
    return {std::nullopt, zh ? "请说明要追踪哪个内核函数" : "say which kernel function to trace, e.g. 'count vfs_read calls'"};
  return {spec, ""};
}

}  // namespace gpttrace::plan
