// What the numbers of a run mean: column titles, units and decoders per map, read from the program that
// produced them (map names, key expressions, aggregations) and, when there is one, from the plan.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpttrace {

struct TraceSpec;

// How a raw value is turned into a name a reader knows.
enum class Decoder {
  None,
  Errno,        // 2 or -2 -> ENOENT (an error number, negated or not)
  ReturnValue,  // -2 -> ENOENT; values >= 0 (a count, a descriptor) stay numbers
  Signal,       // 15 -> SIGTERM
  Disk,         // a kernel dev_t (major << 20 | minor) -> vda, else 254:0
  Syscall,      // a syscall number of this architecture -> openat
  KernelStack,  // kstack text: frames, innermost first
  UserStack,    // ustack text
};

// The unit of a value (a map's value, a histogram's buckets).
enum class ValueUnit { None, Count, Bytes, Nanoseconds, Microseconds, Milliseconds };

struct ColumnInfo {
  std::string title;  // "process", "error", "disk"; in the request's language
  Decoder decoder = Decoder::None;
};

struct MapInfo {
  std::vector<ColumnInfo> keys;  // one per key position
  std::string value_title;       // "count", "bytes", "latency"
  ValueUnit unit = ValueUnit::None;
  std::string function;          // the aggregation: count, sum, hist, lhist, avg, min, max, stats
};

struct ResultsMeaning {
  std::map<std::string, MapInfo> maps;  // by map name as bpftrace prints it ("@opens", "@")
  std::string language = "en";          // "en" or "zh": titles and summaries
  bool per_second = false;              // the program prints and clears a map every second

  const MapInfo* find(std::string_view map_name) const;
  bool zh() const { return language == "zh"; }
};

// Reads `@name[keys] = fn(arg)` assignments of a bpftrace program: titles from what each key expression
// is (comm, pid, kstack, args->ret, args->sig, args->dev, args->id, ...), units from the map name and the
// value expression (nsecs differences, "/ 1000", bytes fields).
ResultsMeaning meaning_from_program(std::string_view source, std::string_view language = "en");

// Refines a program's meaning with the plan that generated it: the result map's key titles and
// decoders come from TraceSpec::keys, the language from TraceSpec::language, per-second from Rate.
void apply_plan(ResultsMeaning& meaning, const TraceSpec& spec);

// The unit's short label: "bytes", "ns", "us", "ms"; empty for None and Count.
std::string_view unit_label(ValueUnit unit);

// A title with its unit: "latency (us)", "bytes".
std::string title_with_unit(const std::string& title, ValueUnit unit);

}  // namespace gpttrace
