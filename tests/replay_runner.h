// A Runner for tests and fuzzers that loads nothing: it replays recorded bpftrace stdout lines and an
// outcome, and remembers the request it was given.
#pragma once

#include <string>
#include <vector>

#include "pipeline/run.h"

namespace gpttrace::test_cases {

class ReplayRunner : public Runner {
 public:
  ReplayRunner(std::vector<std::string> lines, RunOutcome outcome)
      : lines_(std::move(lines)), outcome_(outcome) {}
  Result<RunOutcome> run(const RunRequest& request, const LineSink& sink) override {
    last_request = request;
    ++runs;
    if (spawn_fails) return fail("cannot start /usr/bin/bpftrace", "install bpftrace");
    for (const std::string& line : lines_) sink(line);
    return outcome_;
  }
  RunRequest last_request;
  int runs = 0;
  bool spawn_fails = false;

 private:
  std::vector<std::string> lines_;
  RunOutcome outcome_;
};

// The outcome of a run stopped by its duration after bpftrace attached.
inline RunOutcome stopped_after_attach() {
  RunOutcome o;
  o.exit_code = 0;
  o.attached = true;
  o.stopped_by_duration = true;
  return o;
}

}  // namespace gpttrace::test_cases
