// Tool arguments from a request, offline: the tool's --help says which options exist; the request's
// filters (PID, process name, duration, thresholds, interval) become those options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/tools.h"
#include "plan/trace_spec.h"

namespace gpttrace {

// One option from an argp (libbpf-tools) or argparse (BCC) help text.
struct HelpOption {
  char short_name = 0;      // 'p', or 0
  std::string long_name;    // "pid", or empty
  std::string metavar;      // "PID"; empty for flags
  std::string description;  // "Process ID to trace"
};

struct HelpSyntax {
  std::vector<HelpOption> options;
  std::vector<std::string> positionals;  // from the usage line, lower case: "interval", "count", "min_us"
};

// Parses "  -p, --pid=PID   Process ID to trace" (argp), "  -p PID, --pid PID  trace this PID" (argparse)
// and the positional "[interval] [count]" of "USAGE: runqlat [-p PID] [interval] [count]".
HelpSyntax parse_help(std::string_view help);

// What a request asks of a tool, in the tool's own terms.
struct ToolRequest {
  std::optional<int64_t> pid, tid, uid, signal;
  std::optional<std::string> comm;
  std::optional<double> duration_seconds;
  std::optional<double> interval_seconds;
  std::optional<uint64_t> min_latency_ns;  // "slower than 10 ms"
  bool failures = false;                   // only failed calls
};

// The filters of a spec (from the planner) as a tool request; a Rate aggregation asks for a 1 s interval.
ToolRequest tool_request_from_spec(const TraceSpec& spec);

struct ToolArguments {
  std::vector<std::string> args;         // after the tool's path
  std::vector<std::string> unplaced;     // request parts the tool has no option for: "a PID filter", ...
  bool stops_itself = false;             // the arguments make the tool exit on its own (duration or count)
};

// Maps `request` onto the tool's options. bpftrace tools take no options: everything but the duration
// (which the runner enforces) is unplaced.
ToolArguments map_tool_arguments(const InstalledTool& tool, const ToolRequest& request);

// Checks arguments written by someone else (an LLM) against the tool's --help: every token that starts
// with '-' must be one of its options ("-p", "--pid", "--pid=1"); values are free. On failure `bad` names
// the first unknown option.
bool arguments_match_help(const HelpSyntax& help, const std::vector<std::string>& args, std::string* bad);

// Tools that implement an event kind, best first (libbpf-tools names; bpftrace tools end in .bt).
std::vector<std::string> tools_for_event(EventKind kind);

}  // namespace gpttrace
