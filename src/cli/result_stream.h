// What gpttrace does with bpftrace's stdout while a trace runs: parse it, stream events and mid-run map
// dumps (print() in interval probes) to the terminal, and keep what the final report shows.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "results/render.h"
#include "results/results.h"

namespace gpttrace {

class ResultStream {
 public:
  // `live`: print events and mid-run dumps on stdout as they arrive (text mode); otherwise only collect.
  ResultStream(bool live, RenderOptions render) : live_(live), render_(render) {}

  // One stdout line of `bpftrace -f json`.
  void feed(std::string_view line);
  // After bpftrace exited: completes a last unterminated printf line.
  void finish();

  const Results& results() const { return parser_.results(); }
  // The results for the final report: maps that were streamed live during the run and not dumped again
  // at exit are left out (they were already shown).
  Results final_results();
  // bpftrace's own non-JSON stdout lines (e.g. "No probes to attach"), for error reports; at most 20.
  const std::vector<std::string>& plain_stdout() const { return plain_stdout_; }

 private:
  void print_events();
  void stream_dump(std::string_view line);

  bool live_;
  RenderOptions render_;
  ResultsParser parser_;
  std::vector<std::string> new_events_;
  std::vector<std::string> plain_stdout_;
  bool exit_dump_ = false;              // bpftrace prints blank lines right before its exit dump
  std::set<std::string> streamed_;      // names shown live during the run
  std::set<std::string> dumped_at_exit_;
};

}  // namespace gpttrace
