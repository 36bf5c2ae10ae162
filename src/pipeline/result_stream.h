// What the pipeline does with bpftrace's stdout while a trace runs: parse it, hand new events (listings
// decoded) and mid-run map dumps (print() in interval probes, titled and in a stable row order) to the
// client as they arrive, and keep what the report shows, with the per-second snapshots.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "results/decode.h"
#include "results/meaning.h"
#include "results/results.h"

namespace gpttrace {

// Called with each batch of new event lines (listing columns decoded), and with each mid-run dump: a
// Results holding only that map, keys decoded, rows in the order of earlier dumps (render it with
// RenderOptions::keep_order), with the meaning that titles it.
struct LiveOutput {
  std::function<void(const std::vector<std::string>& events)> events;
  std::function<void(const Results& dump, const ResultsMeaning& meaning)> dump;
};

class ResultStream {
 public:
  // With no callbacks set, results are only collected.
  explicit ResultStream(LiveOutput live = {}) : live_(std::move(live)) {}

  // What the program's numbers mean (run_checked sets it from the candidate before the first line):
  // decodes and titles the live dumps.
  void set_meaning(ResultsMeaning meaning) { meaning_ = std::move(meaning); }
  const ResultsMeaning& meaning() const { return meaning_; }

  // One stdout line of `bpftrace -f json`.
  void feed(std::string_view line);
  // After bpftrace exited: completes a last unterminated printf line.
  void finish();

  const Results& results() const { return parser_.results(); }
  // The results for the final report: maps that went to live.dump during the run and were not dumped
  // again at exit with data are left out (they were already shown, and are in snapshots); listing lines
  // decoded (bpftrace's own lines kept in raw_events). Map keys are not decoded here (decode_results).
  Results final_results();
  // bpftrace's own non-JSON stdout lines (e.g. "No probes to attach"), for error reports; at most 20.
  const std::vector<std::string>& plain_stdout() const { return plain_stdout_; }

 private:
  void take_events();
  void stream_dump(std::string_view line);

  LiveOutput live_;
  ResultsMeaning meaning_;
  ResultsParser parser_;
  ListingDecoder listing_;
  std::vector<std::string> new_events_;
  std::vector<std::string> decoded_events_;  // results().events with listing columns decoded
  std::vector<std::string> plain_stdout_;
  bool exit_dump_ = false;              // bpftrace prints blank lines right before its exit dump
  std::set<std::string> streamed_;      // names shown live during the run
  std::set<std::string> dumped_at_exit_;
  std::vector<Snapshot> snapshots_;
  size_t events_since_dump_ = 0;        // the line printed right before a dump is its time line
  size_t time_lines_ = 0;
  std::map<std::string, std::vector<std::vector<std::string>>> row_order_;  // per live map, see keep_row_order
};

}  // namespace gpttrace
