// The exporter core: the map dumps of one running program -> Prometheus metric families in a registry.
// No HTTP and no processes here, so it is tested against recorded bpftrace output.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plan/trace_spec.h"
#include "results/meaning.h"
#include "results/results.h"

namespace prometheus {
class Registry;
}

namespace gpttrace {

namespace serve {

// What one program's maps become. Names: gpttrace_<noun>[_<map>]_... with the map name only when the program
// has more than one aggregation map. In base units (latency in seconds, sizes in bytes):
//   count()          -> counter   gpttrace_<noun>_total
//   sum()            -> counter   gpttrace_<noun>_<unit>_total
//   hist()           -> histogram gpttrace_<noun>_<unit> (_bucket{le}, _sum, _count); le is the bucket's
//                       inclusive upper end; _sum is estimated from bucket midpoints (bpftrace keeps no sum)
//   stats()          -> histogram gpttrace_<noun>_<unit> with only le="+Inf": exact _sum and _count
//   avg(), min(), max() -> gauge  gpttrace_<noun>_{average,min,max}[_<unit>]
// Key parts become labels (comm, syscall, error, ...: the plan's key names, else the column titles),
// decoded as the report decodes them.
struct MetricsOptions {
  std::string noun;         // "syscalls"; [a-z_][a-z0-9_]*
  std::string help;         // the plan's description of what is measured
  size_t max_series = 500;  // own series per metric; keys beyond it add to one series labelled "other"
};

// Whether map `map` becomes a metric: an aggregation (count, sum, hist, stats, avg, min, max), not a
// generated program's temporary (@_start).
bool exported_map(const std::string& map, const MapInfo& info);

// The metric noun of a plan: "syscalls" (events), "read_latency", "read_bytes" (a measure).
std::string metric_noun(const TraceSpec& spec);

// The name of each metric one program exposes, without a registry (to refuse two programs that
// would expose the same name, before anything runs).
std::vector<std::string> metric_names(const ResultsMeaning& meaning, const MetricsOptions& options);

class ProgramMetrics {
 public:
  // `meaning`: what each aggregation map holds; `spec`: the plan, when there is one (label names).
  ProgramMetrics(prometheus::Registry& registry, const ResultsMeaning& meaning,
                 const std::optional<TraceSpec>& spec, MetricsOptions options);
  ~ProgramMetrics();
  ProgramMetrics(const ProgramMetrics&) = delete;
  ProgramMetrics& operator=(const ProgramMetrics&) = delete;

  // One decoded dump of the running bpftrace (cumulative maps: values never go down within one bpftrace).
  void update(const Results& dump);
  // A new bpftrace started: its maps begin at zero. What the last one counted stays in the counters and
  // histograms, so they stay monotonic across restarts (no reset for Prometheus to see).
  void new_incarnation();

  class Family;  // one metric of one map (metrics.cpp)

 private:
  std::map<std::string, std::unique_ptr<Family>> families_;  // by bpftrace map name ("@syscalls")
};

}  // namespace serve
}  // namespace gpttrace
