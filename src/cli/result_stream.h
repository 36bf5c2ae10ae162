// What gpttrace does with bpftrace's stdout while a trace runs: parse it, stream events and mid-run map
// dumps (print() in interval probes) to the terminal, and keep what the final report shows.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "results/decode.h"
#include "results/render.h"
#include "results/results.h"

namespace gpttrace {

class ResultStream {
 public:
  // `live`: print events and mid-run dumps on stdout as they arrive (text mode); otherwise only collect.
  // `render.meaning` (may be null) titles the live tables and decodes their keys.
  ResultStream(bool live, RenderOptions render) : live_(live), render_(render) {}

  // One stdout line of `bpftrace -f json`.
  void feed(std::string_view line);
  // After bpftrace exited: completes a last unterminated printf line.
  void finish();

  const Results& results() const { return parser_.results(); }
  // The results for the final report: maps that were streamed live during the run and not dumped again
  // at exit are left out (they were already shown, and are in snapshots); listing lines decoded.
  Results final_results();
  // bpftrace's own non-JSON stdout lines (e.g. "No probes to attach"), for error reports; at most 20.
  const std::vector<std::string>& plain_stdout() const { return plain_stdout_; }

 private:
  void take_events();
  void stream_dump(std::string_view line);

  bool live_;
  RenderOptions render_;
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
