// Map dumps -> Prometheus counters, histograms and gauges, with a series budget and monotonic totals.
#include "serve/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <algorithm>
#include <bit>
#include <variant>

#include "plan/trace_spec.h"

namespace gpttrace::serve {

namespace {

enum class Kind { Counter, Histogram, Stats, Gauge };

// One metric of one aggregation map: its Prometheus name, type, help, scale to base units and labels.
struct MetricPlan {
  std::string map;
  Kind kind = Kind::Counter;
  std::string name;
  std::string help;
  double scale = 1;  // raw value * scale = value in base units
  std::vector<std::string> labels;
};

// Lower case [a-z0-9_], never empty, never starting with a digit: a valid metric or label name part.
std::string sanitize(std::string_view text) {
  std::string out;
  for (char c : text) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool ok = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (ok)
      out += lower;
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (!out.empty() && out[0] >= '0' && out[0] <= '9') out.insert(0, "_");
  return out;
}

struct BaseUnit {
  std::string suffix;  // "seconds", "bytes", or empty
  double scale = 1;
};

BaseUnit base_unit(ValueUnit unit) {
  switch (unit) {
    case ValueUnit::Bytes:
      return {"bytes", 1};
    case ValueUnit::Nanoseconds:
      return {"seconds", 1e-9};
    case ValueUnit::Microseconds:
      return {"seconds", 1e-6};
    case ValueUnit::Milliseconds:
      return {"seconds", 1e-3};
    case ValueUnit::None:
    case ValueUnit::Count:
      return {};
  }
  return {};
}

// "read_latency" + "seconds" -> "read_latency_seconds"; a noun already ending in the unit keeps it once.
std::string with_unit(const std::string& stem, const std::string& unit) {
  if (unit.empty() || stem == unit || (stem.size() > unit.size() && stem.ends_with("_" + unit))) return stem;
  return stem + "_" + unit;
}

// Label names: the plan's key names when it planned this map's keys, else the columns' titles.
std::vector<std::string> label_names(const MapInfo& info, const std::optional<TraceSpec>& spec) {
  std::vector<std::string> names;
  const bool from_plan = spec && spec->keys.size() == info.keys.size();
  for (size_t i = 0; i < info.keys.size(); ++i) {
    std::string name = from_plan ? std::string(key_name(spec->keys[i])) : sanitize(info.keys[i].title);
    if (name.empty() || name == "le" || name.rfind("__", 0) == 0) name = "key" + std::to_string(i);
    if (std::find(names.begin(), names.end(), name) != names.end()) name += "_" + std::to_string(i);
    names.push_back(name);
  }
  return names;
}

std::vector<MetricPlan> plan_metrics(const ResultsMeaning& meaning, const std::optional<TraceSpec>& spec,
                                     const MetricsOptions& options) {
  size_t exported_maps = 0;
  for (const auto& [map, info] : meaning.maps) exported_maps += exported_map(map, info) ? 1 : 0;
  std::vector<MetricPlan> plans;
  for (const auto& [map, info] : meaning.maps) {
    if (!exported_map(map, info)) continue;
    std::string stem = "gpttrace_" + options.noun;
    if (exported_maps > 1) stem += "_" + (map == "@" ? std::string("map") : sanitize(map.substr(1)));
    const BaseUnit unit = base_unit(info.unit);
    MetricPlan plan{map, Kind::Counter, {}, {}, unit.scale, label_names(info, spec)};
    const std::string& f = info.function;
    if (f == "count") {
      plan.name = stem + "_total";
      plan.scale = 1;
    } else if (f == "sum") {
      plan.name = with_unit(stem, unit.suffix) + "_total";
    } else if (f == "hist" || f == "stats") {
      plan.kind = f == "hist" ? Kind::Histogram : Kind::Stats;
      plan.name = with_unit(stem, unit.suffix);
    } else {
      plan.kind = Kind::Gauge;
      plan.name = with_unit(stem + "_" + (f == "avg" ? std::string("average") : f), unit.suffix);
    }
    std::string what = title_with_unit(info.value_title, info.unit);
    plan.help = options.help.empty() ? "bpftrace map " + map + ": " + what : options.help + " (" + what + ")";
    plans.push_back(std::move(plan));
  }
  return plans;
}

// Power-of-two histogram boundaries in raw units: 0, 1, 3, 7, ... 2^40-1 (bpftrace's buckets [2^k, 2^(k+1)-1]
// end there; le is a bucket's inclusive upper end). Larger values count only in le="+Inf".
constexpr int kPow2Buckets = 41;

size_t pow2_index(const HistBucket& bucket) {
  if (!bucket.max) return kPow2Buckets;           // no upper end: +Inf
  if (!bucket.min || *bucket.max <= 0) return 0;  // the negative bucket and [0, 0]
  const auto width = static_cast<size_t>(std::bit_width(static_cast<uint64_t>(*bucket.max)));
  return std::min<size_t>(width, kPow2Buckets);
}

double midpoint(const HistBucket& bucket) {
  if (!bucket.min) return static_cast<double>(bucket.max.value_or(0));
  if (!bucket.max) return static_cast<double>(*bucket.min);
  return (static_cast<double>(*bucket.min) + static_cast<double>(*bucket.max)) / 2;
}

}  // namespace

// The series of one metric. Keys get their own series largest first while the budget lasts, and keep it;
// later keys add to one series whose labels are all "other". Values are tracked per key within one bpftrace
// (`last_`), and only the increase since the previous dump is added, so every series only goes up.
class ProgramMetrics::Family {
 public:
  Family(prometheus::Registry& registry, MetricPlan plan, size_t max_series)
      : plan_(std::move(plan)), max_series_(max_series) {
    switch (plan_.kind) {
      case Kind::Counter:
        metrics_ = &prometheus::BuildCounter().Name(plan_.name).Help(plan_.help).Register(registry);
        break;
      case Kind::Histogram:
      case Kind::Stats:
        metrics_ = &prometheus::BuildHistogram().Name(plan_.name).Help(plan_.help).Register(registry);
        break;
      case Kind::Gauge:
        metrics_ = &prometheus::BuildGauge().Name(plan_.name).Help(plan_.help).Register(registry);
        break;
    }
    if (plan_.kind == Kind::Histogram)
      for (int i = 0; i < kPow2Buckets; ++i)
        boundaries_.push_back(static_cast<double>((uint64_t{1} << i) - 1) * plan_.scale);
  }

  void update(const Results& dump) {
    for (const MapResult& m : dump.maps) {
      if (m.name != plan_.map) continue;
      std::vector<std::pair<const Key*, double>> sizes;
      for (const MapEntry& e : m.entries)
        if (const int64_t* v = std::get_if<int64_t>(&e.value))
          sizes.emplace_back(&e.key, static_cast<double>(*v));
      assign(sizes);
      for (auto [key, value] : sizes) add(*key, {value}, 0);
    }
    for (const HistResult& h : dump.hists) {
      if (h.name != plan_.map) continue;
      std::vector<std::pair<const Key*, double>> sizes;
      for (const Histogram& hist : h.hists) {
        double total = 0;
        for (const HistBucket& b : hist.buckets) total += static_cast<double>(b.count);
        sizes.emplace_back(&hist.key, total);
      }
      assign(sizes);
      for (const Histogram& hist : h.hists) {
        std::vector<double> counts(kPow2Buckets + 1, 0.0);
        double sum = 0;
        for (const HistBucket& b : hist.buckets) {
          counts[pow2_index(b)] += static_cast<double>(b.count);
          sum += static_cast<double>(b.count) * midpoint(b);
        }
        add(hist.key, counts, sum);
      }
    }
    for (const StatsResult& s : dump.stats) {
      if (s.name != plan_.map) continue;
      std::vector<std::pair<const Key*, double>> sizes;
      for (const Stats& st : s.stats) sizes.emplace_back(&st.key, static_cast<double>(st.count));
      assign(sizes);
      for (const Stats& st : s.stats)
        add(st.key, {static_cast<double>(st.count)}, static_cast<double>(st.total));
    }
  }

  void new_incarnation() { last_.clear(); }

 private:
  using Key = std::vector<std::string>;

  // Gives new keys their own series, largest first, while fewer than max_series exist. Only keys with their
  // own series are remembered: any other key adds to "other", so churning keys (pids) cost no memory here.
  void assign(std::vector<std::pair<const Key*, double>> sizes) {
    if (own_series_ >= max_series_) return;
    std::stable_sort(sizes.begin(), sizes.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [key, size] : sizes) {
      if (own_series_ < max_series_ && slot_of_.emplace(*key, own_series_).second) ++own_series_;
    }
  }

  bool has_own_series(const Key& key) const { return slot_of_.count(key) != 0; }

  prometheus::Labels labels_for(const Key& key) const {
    prometheus::Labels labels;
    for (size_t i = 0; i < plan_.labels.size(); ++i) labels[plan_.labels[i]] = i < key.size() ? key[i] : "";
    return labels;
  }

  prometheus::Labels other_labels() const {
    prometheus::Labels labels;
    for (const std::string& name : plan_.labels) labels[name] = "other";
    return labels;
  }

  template <typename T>
  T& series(const Key& key) {
    auto& family = *std::get<prometheus::Family<T>*>(metrics_);
    const prometheus::Labels labels = has_own_series(key) ? labels_for(key) : other_labels();
    if constexpr (std::is_same_v<T, prometheus::Histogram>)
      return family.Add(labels, boundaries_);
    else
      return family.Add(labels);  // Add returns the existing series for known labels
  }

  // `values`: the key's cumulative values in this bpftrace (a count or sum; bucket counts; a stats count),
  // `sum`: the cumulative raw sum for histograms and stats.
  void add(const Key& key, const std::vector<double>& values, double sum) {
    std::vector<double>& last = last_[key];
    last.resize(values.size() + 1, 0.0);
    std::vector<double> increase(values.size());
    for (size_t i = 0; i < values.size(); ++i) increase[i] = std::max(0.0, values[i] - last[i]);
    const double sum_increase = std::max(0.0, sum - last.back());
    std::copy(values.begin(), values.end(), last.begin());
    last.back() = sum;
    switch (plan_.kind) {
      case Kind::Counter:
        series<prometheus::Counter>(key).Increment(increase[0] * plan_.scale);
        break;
      case Kind::Histogram:
      case Kind::Stats:
        series<prometheus::Histogram>(key).ObserveMultiple(increase, sum_increase * plan_.scale);
        break;
      case Kind::Gauge:  // a gauge has no sum to fold: keys past the budget are left out
        if (has_own_series(key)) series<prometheus::Gauge>(key).Set(values[0] * plan_.scale);
        break;
    }
  }

  MetricPlan plan_;
  size_t max_series_;
  std::variant<prometheus::Family<prometheus::Counter>*, prometheus::Family<prometheus::Histogram>*,
               prometheus::Family<prometheus::Gauge>*>
      metrics_;
  prometheus::Histogram::BucketBoundaries boundaries_;  // empty for stats: only le="+Inf"
  std::map<Key, size_t> slot_of_;  // keys with their own series, in the order they got them
  size_t own_series_ = 0;
  std::map<Key, std::vector<double>> last_;
};

bool exported_map(const std::string& map, const MapInfo& info) {
  static constexpr std::string_view kExported[] = {"count", "sum", "hist", "stats", "avg", "min", "max"};
  return map.rfind("@_", 0) != 0 &&
         std::find(std::begin(kExported), std::end(kExported), info.function) != std::end(kExported);
}

std::string metric_noun(const TraceSpec& spec) {
  // A catalog event is named by its tracepoint ("irq_irq_handler_entry"), a curated one by its kind.
  bool catalog = spec.event == EventKind::Tracepoint && !spec.catalog.tracepoint.empty();
  std::string noun = sanitize(catalog ? std::string_view(spec.catalog.tracepoint) : event_kind_name(spec.event));
  if (spec.measure != Measure::Events) return noun + "_" + sanitize(measure_name(spec.measure));
  return catalog || noun.ends_with("s") ? noun : noun + "s";
}

std::vector<std::string> metric_names(const ResultsMeaning& meaning, const MetricsOptions& options) {
  std::vector<std::string> names;
  for (const MetricPlan& plan : plan_metrics(meaning, std::nullopt, options)) names.push_back(plan.name);
  return names;
}

ProgramMetrics::ProgramMetrics(prometheus::Registry& registry, const ResultsMeaning& meaning,
                               const std::optional<TraceSpec>& spec, MetricsOptions options) {
  for (MetricPlan& plan : plan_metrics(meaning, spec, options)) {
    std::string map = plan.map;
    families_.emplace(map, std::make_unique<Family>(registry, std::move(plan), options.max_series));
  }
}

ProgramMetrics::~ProgramMetrics() = default;

void ProgramMetrics::update(const Results& dump) {
  for (auto& [map, family] : families_) family->update(dump);
}

void ProgramMetrics::new_incarnation() {
  for (auto& [map, family] : families_) family->new_incarnation();
}

}  // namespace gpttrace::serve
