// What the pipeline does with bpftrace's stdout while a trace runs: parse it, hand new events and mid-run
// map dumps (print() in interval probes) to the client as they arrive, and keep what the report shows.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "results/results.h"

namespace gpttrace {

// Called with each batch of new event lines, and with each mid-run dump (a Results holding only that map).
struct LiveOutput {
  std::function<void(const std::vector<std::string>& events)> events;
  std::function<void(const Results& dump)> dump;
};

class ResultStream {
 public:
  // With no callbacks set, results are only collected.
  explicit ResultStream(LiveOutput live = {}) : live_(std::move(live)) {}

  // One stdout line of `bpftrace -f json`.
  void feed(std::string_view line);
  // After bpftrace exited: completes a last unterminated printf line.
  void finish();

  const Results& results() const { return parser_.results(); }
  // The results for the final report: maps that went to live.dump during the run and were not dumped
  // again at exit with data are left out (they were already shown).
  Results final_results();
  // bpftrace's own non-JSON stdout lines (e.g. "No probes to attach"), for error reports; at most 20.
  const std::vector<std::string>& plain_stdout() const { return plain_stdout_; }

 private:
  void pass_events();
  void stream_dump(std::string_view line);

  LiveOutput live_;
  ResultsParser parser_;
  std::vector<std::string> new_events_;
  std::vector<std::string> plain_stdout_;
  bool exit_dump_ = false;              // bpftrace prints blank lines right before its exit dump
  std::set<std::string> streamed_;      // names shown live during the run
  std::set<std::string> dumped_at_exit_;
};

}  // namespace gpttrace
