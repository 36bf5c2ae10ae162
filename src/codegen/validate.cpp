// Checks a TraceSpec against its event's traits before generation, and picks the measure to compute.
#include <algorithm>

#include <fmt/format.h>

#include "codegen/program_parts.h"

namespace gpttrace::codegen {

namespace {

bool needs_value(Aggregation agg) {
  return agg == Aggregation::Sum || agg == Aggregation::Histogram || agg == Aggregation::Average ||
         agg == Aggregation::Stats;
}

}  // namespace

// Picks the measure the program computes: the spec's, or the event's only real one when the spec says
// "events" but the event has no events measure (run-queue latency) or the aggregation needs a value.
Result<Measure> choose_measure(const TraceSpec& spec, const EventTraits& traits, bool zh) {
  Measure m = spec.measure;
  if (m == Measure::Events && (!supports_measure(traits, Measure::Events) || needs_value(spec.aggregation))) {
    auto real = std::find_if(traits.measures.begin(), traits.measures.end(),
                             [](Measure x) { return x != Measure::Events; });
    if (real == traits.measures.end())
      return fail(zh ? "这类事件只能计数或列出，没有可求和或做直方图的数值"
                     : "this event has no value to sum, average or histogram: it can only be counted or listed");
    m = *real;
  }
  if (!supports_measure(traits, m)) {
    auto words = [zh](Measure x) -> std::string {
      switch (x) {
        case Measure::Events: return zh ? "次数" : "events";
        case Measure::Bytes: return zh ? "字节数" : "bytes";
        case Measure::Latency: return zh ? "延迟" : "latency";
        case Measure::Duration: return zh ? "请求的时长" : "requested duration";
        case Measure::Value: return zh ? "字段值" : "field value";
      }
      return "?";
    };
    std::vector<std::string> can;
    for (Measure x : traits.measures) can.push_back(words(x));
    return fail(zh ? fmt::format("这类事件没有{}可测；可以测：{}", words(m), fmt::join(can, "、"))
                   : fmt::format("this event has no {} to measure; it can measure: {}", words(m), fmt::join(can, ", ")));
  }
  return m;
}

Result<void> validate(const TraceSpec& spec, const EventTraits& traits, bool zh) {
  for (Key key : spec.keys) {
    if (supports_key(traits, key)) continue;
    std::vector<std::string> can;
    for (Key k : traits.keys) can.push_back(key_words(k, zh));
    return fail(zh ? fmt::format("这类事件不能按{}分组；可以按：{}", key_words(key, zh), fmt::join(can, "、"))
                   : fmt::format("this event can't be grouped by {}; it can be grouped by: {}", key_words(key, zh),
                                 fmt::join(can, ", ")));
  }
  for (FilterKind filter : used_filters(spec.filters)) {
    if (supports_filter(traits, filter)) continue;
    std::vector<std::string> can;
    for (FilterKind f : traits.filters) can.push_back(filter_words(f, zh));
    return fail(zh ? fmt::format("这类事件不能按{}过滤；可以按：{}", filter_words(filter, zh), fmt::join(can, "、"))
                   : fmt::format("this event can't be filtered by {}; it can be filtered by: {}",
                                 filter_words(filter, zh), fmt::join(can, ", ")));
  }
  if (spec.filters.threshold && !supports_measure(traits, spec.filters.threshold->measure))
    return fail(zh ? "这类事件没有可用于阈值的数值" : "this event has no such value to compare with a threshold");
  return {};
}

}  // namespace gpttrace::codegen
