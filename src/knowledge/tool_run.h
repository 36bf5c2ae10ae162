// Runs an installed tool (libbpf-tools binary, bpftrace tool, BCC tool) with the runner's guarantees:
// no shell, its own process group, stopped on time or on Ctrl-C with its final output kept, never left
// running.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "run/runner.h"

namespace gpttrace {

struct ToolRunRequest {
  std::vector<std::string> argv;            // argv[0] is the tool's absolute path
  std::chrono::milliseconds duration{0};    // 0 = until Ctrl-C (bounded by max_duration)
  bool stops_itself = false;                // its arguments end it after `duration`: only stop it if late
  std::chrono::milliseconds max_duration{std::chrono::hours(1)};
};

// Called for each complete output line as it arrives; `is_stderr` tells which stream it came from.
using ToolLineSink = std::function<void(std::string_view line, bool is_stderr)>;

// Runs to completion. Stop sequence as for bpftrace (SIGINT, SIGINT after 1 s, SIGTERM at 3 s, SIGKILL of
// the group at 5 s); the output a tool prints on SIGINT (histograms, summaries) reaches `sink`. Stop signals
// received by gpttrace start the sequence. Reuses RunOutcome: `events` counts stdout lines, `attached` is
// set once the tool printed anything on stdout.
Result<RunOutcome> run_tool(const ToolRunRequest& request, const ToolLineSink& sink);

}  // namespace gpttrace
