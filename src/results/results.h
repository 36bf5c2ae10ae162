// Typed results of a bpftrace run, parsed from its `-f json` output, one JSON object per line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gpttrace {

// A map value is a number (count, sum, min, max, avg, plain integer) or a string (comm, str(), ksym).
using MapValue = std::variant<int64_t, std::string>;

struct MapEntry {
  std::vector<std::string> key;  // empty for a scalar map (@total = count()); "cat,18498" -> {"cat","18498"}
  MapValue value;
  std::vector<std::string> raw_key;  // the key as bpftrace printed it, when decoding named parts of it
};

struct MapResult {
  std::string name;  // "@opens", "@" for the anonymous map
  std::vector<MapEntry> entries;
  // avg() values (bpftrace prints them as "stats"): not counts, so they get no totals or shares.
  bool averages = false;
};

struct HistBucket {
  std::optional<int64_t> min;  // absent for the negative bucket
  std::optional<int64_t> max;  // absent for the last lhist bucket
  uint64_t count = 0;
};

struct Histogram {
  std::vector<std::string> key;  // empty for an unkeyed histogram
  std::vector<HistBucket> buckets;
  std::vector<std::string> raw_key;  // as bpftrace printed it, when decoding named parts of the key
};

struct HistResult {
  std::string name;
  std::vector<Histogram> hists;
};

struct Stats {
  std::vector<std::string> key;
  int64_t count = 0, average = 0, total = 0;
  std::vector<std::string> raw_key;  // as bpftrace printed it, when decoding named parts of the key
};

struct StatsResult {
  std::string name;
  std::vector<Stats> stats;
};

struct HelperError {
  std::string helper;
  int64_t retcode = 0;
  int line = 0, col = 0;
};

// One mid-run print() of a map (a per-second table), with the time line printed just before it.
struct Snapshot {
  std::string time;  // "12:00:03", empty when the program printed none
  MapResult map;
};

// Everything a run produced. Maps, hists and stats hold the latest dump of each name (bpftrace prints
// maps again on print() and at exit; the last one is the final state).
struct Results {
  std::vector<std::string> events;  // printf and time output, one entry per line, without the newline
  std::vector<std::string> raw_events;  // events as bpftrace printed them, when decoding changed any
  std::vector<MapResult> maps;
  std::vector<HistResult> hists;
  std::vector<StatsResult> stats;
  std::vector<HelperError> helper_errors;
  std::vector<Snapshot> snapshots;  // per-second tables as they were printed, in order (filled by the caller)
  size_t framing_lines = 0;  // events that are not events: a listing's header line, per-second time lines
  int attached_probes = 0;
  double traced_seconds = 0;  // from attach to the end of the run, when the caller knows it (a listing's rate)
  uint64_t lost_events = 0;
  uint64_t unparsed_lines = 0;  // stdout lines that were not bpftrace JSON
};

// What one stdout line was, so a caller can stream events as they arrive.
enum class LineKind { Event, Map, Hist, Stats, Attached, LostEvents, HelperError, Other, Invalid };

// Incremental parser: feed stdout lines as they arrive; never throws on malformed input.
class ResultsParser {
 public:
  // Parses one line (no trailing newline needed). For printf/time output the text is split into lines
  // that are appended to results().events; `new_events` (if given) receives those lines too.
  LineKind feed(std::string_view line, std::vector<std::string>* new_events = nullptr);
  // Ends output that stopped without a final newline: a pending partial printf line becomes an event.
  // Blank lines and map dumps do this too, as they would on a terminal; call it once output has ended.
  void finish(std::vector<std::string>* new_events = nullptr);
  const Results& results() const { return results_; }
  Results take() { return std::move(results_); }

 private:
  void append_text(std::string_view text, std::vector<std::string>* new_events);

  Results results_;
  std::string partial_event_;  // printf text without a trailing newline, completed by the next printf
};

}  // namespace gpttrace
