// Argument mapping: help texts of libbpf-tools (argp) and BCC (argparse) parsed, request filters placed.
#include <gtest/gtest.h>

#include "knowledge/capability.h"
#include "knowledge/tool_args.h"

namespace gpttrace {
namespace {

// Captured from libbpf-tools 0.26 on this machine.
constexpr const char* kOpensnoopHelp = R"(Usage: opensnoop [OPTION...]
Trace open family syscalls

USAGE: opensnoop [-h] [-T] [-U] [-x] [-p PID] [-t TID] [-u UID] [-d DURATION]

  -d, --duration=DURATION    Duration to trace
  -n, --name=NAME            Trace process names containing this
  -p, --pid=PID              Process ID to trace
  -t, --tid=TID              Thread ID to trace
  -x, --failed               Failed opens only
  -?, --help                 Give this help list
)";

constexpr const char* kRunqlatHelp = R"(Usage: runqlat [OPTION...]
Summarize run queue (scheduler) latency as a histogram.

USAGE: runqlat [--help] [-T] [-m] [--pidnss] [-L] [-P] [-p PID] [interval]
               [count] [-c CG]

  -m, --milliseconds         Millisecond histogram
  -p, --pid=PID              Trace this PID only
)";

constexpr const char* kRunqslowerHelp = R"(Usage: runqslower [OPTION...]
Trace high run queue latency.

USAGE: runqslower [--help] [-p PID] [-t TID] [-P] [min_us]

  -p, --pid=PID              Process PID to trace
)";

constexpr const char* kBccHelp = R"(usage: opensnoop-bpfcc [-h] [-p PID] [-n NAME] [-d DURATION]

optional arguments:
  -p PID, --pid PID     trace this PID only
  -n NAME, --name NAME  only print process names containing this name
  -d DURATION, --duration DURATION
                        total duration of trace in seconds
)";

InstalledTool tool(const char* name, const char* help, ToolFamily family = ToolFamily::Libbpf) {
  InstalledTool t;
  t.name = t.base = name;
  t.family = family;
  t.help = help;
  return t;
}

TEST(ParseHelp, ArgpOptionsAndPositionals) {
  HelpSyntax s = parse_help(kRunqlatHelp);
  EXPECT_EQ(s.positionals, (std::vector<std::string>{"interval", "count"}));
  ASSERT_EQ(s.options.size(), 2u);
  EXPECT_EQ(s.options[1].short_name, 'p');
  EXPECT_EQ(s.options[1].long_name, "pid");
  EXPECT_EQ(s.options[1].metavar, "PID");
  EXPECT_EQ(s.options[0].metavar, "");
}

TEST(ParseHelp, ArgparseOptions) {
  HelpSyntax s = parse_help(kBccHelp);
  ASSERT_GE(s.options.size(), 3u);
  EXPECT_EQ(s.options[0].short_name, 'p');
  EXPECT_EQ(s.options[0].long_name, "pid");
  EXPECT_EQ(s.options[0].metavar, "PID");
}

TEST(MapArguments, PidCommDurationFailures) {
  ToolRequest r;
  r.pid = 42;
  r.comm = "nginx";
  r.duration_seconds = 2.5;
  r.failures = true;
  ToolArguments a = map_tool_arguments(tool("opensnoop", kOpensnoopHelp), r);
  EXPECT_EQ(a.args, (std::vector<std::string>{"-p", "42", "-n", "nginx", "-x", "-d", "3"}));
  EXPECT_TRUE(a.unplaced.empty());
  EXPECT_TRUE(a.stops_itself);
}

TEST(MapArguments, IntervalAndCountPositionalsForADuration) {
  ToolRequest r;
  r.duration_seconds = 5;
  ToolArguments a = map_tool_arguments(tool("runqlat", kRunqlatHelp), r);
  EXPECT_EQ(a.args, (std::vector<std::string>{"5", "1"}));
  EXPECT_TRUE(a.stops_itself);
  r.interval_seconds = 1;
  EXPECT_EQ(map_tool_arguments(tool("runqlat", kRunqlatHelp), r).args, (std::vector<std::string>{"1", "5"}));
}

TEST(MapArguments, ThresholdInTheToolsUnit) {
  ToolRequest r;
  r.min_latency_ns = 10'000'000;  // 10 ms
  EXPECT_EQ(map_tool_arguments(tool("runqslower", kRunqslowerHelp), r).args, (std::vector<std::string>{"10000"}));
  ToolArguments none = map_tool_arguments(tool("opensnoop", kOpensnoopHelp), r);
  EXPECT_EQ(none.unplaced, (std::vector<std::string>{"a latency threshold"}));
}

TEST(MapArguments, WhatATooLacksIsReportedNotGuessed) {
  ToolRequest r;
  r.comm = "bash";
  ToolArguments a = map_tool_arguments(tool("runqlat", kRunqlatHelp), r);
  EXPECT_TRUE(a.args.empty());
  EXPECT_EQ(a.unplaced, (std::vector<std::string>{"a process-name filter"}));
  ToolArguments bt = map_tool_arguments(tool("opensnoop.bt", "", ToolFamily::Bpftrace), r);
  EXPECT_EQ(bt.unplaced.size(), 1u);
}

TEST(MapArguments, FromASpec) {
  TraceSpec spec;
  spec.filters.pid = 7;
  spec.filters.threshold = Threshold{Measure::Latency, Comparison::Greater, 1'000'000};
  spec.duration_seconds = 3;
  spec.aggregation = Aggregation::Rate;
  ToolRequest r = tool_request_from_spec(spec);
  EXPECT_EQ(r.pid, 7);
  EXPECT_EQ(r.min_latency_ns, 1'000'000u);
  EXPECT_EQ(r.interval_seconds, 1.0);
  EXPECT_EQ(r.duration_seconds, 3.0);
}

TEST(ToolsForEvent, TracepointToolsFirst) {
  EXPECT_EQ(tools_for_event(EventKind::ProcessExec).front(), "execsnoop");
  EXPECT_EQ(tools_for_event(EventKind::FileOpen).front(), "opensnoop");
  EXPECT_TRUE(tools_for_event(EventKind::Brk).empty());
}

// Arguments from elsewhere (an LLM) may only use options the tool's --help lists; values are free.
TEST(ArgumentsMatchHelp, OnlyListedOptionsPass) {
  HelpSyntax s = parse_help(kRunqlatHelp);
  std::string bad;
  EXPECT_TRUE(arguments_match_help(s, {"-p", "1234", "1", "5"}, &bad));
  EXPECT_TRUE(arguments_match_help(s, {"--pid=1234"}, &bad));
  EXPECT_TRUE(arguments_match_help(s, {"--pid", "-1"}, &bad));  // a negative number is a value
  EXPECT_FALSE(arguments_match_help(s, {"-p", "1", "--rm-rf", "/"}, &bad));
  EXPECT_EQ(bad, "--rm-rf");
  EXPECT_FALSE(arguments_match_help(s, {"-Z"}, &bad));
  EXPECT_EQ(bad, "-Z");
}

// Bundled short flags are checked letter by letter; after an option that takes a value the rest is the value.
TEST(ArgumentsMatchHelp, BundledShortFlagsAreEachChecked) {
  HelpSyntax s = parse_help(kRunqlatHelp);
  std::string bad;
  EXPECT_TRUE(arguments_match_help(s, {"-p1234"}, &bad));
  EXPECT_TRUE(arguments_match_help(s, {"-mp1234"}, &bad));
  EXPECT_FALSE(arguments_match_help(s, {"-mZ"}, &bad));
  EXPECT_EQ(bad, "-mZ");
  EXPECT_TRUE(arguments_match_help(s, {"-pZ"}, &bad));  // Z is the value of -p
  EXPECT_FALSE(arguments_match_help(s, {"-mmx"}, &bad));
}

}  // namespace
}  // namespace gpttrace

namespace gpttrace {
namespace {

// The tool mapping names tools as strings: each must be a libbpf tool of the capability table or a bpftrace
// tool (*.bt), so a renamed or misspelled tool fails here rather than at run time.
TEST(ToolMapping, EveryToolNamedForAnEventIsKnown) {
  for (size_t k = 0; k <= static_cast<size_t>(EventKind::Tracepoint); ++k)
    for (const std::string& tool : tools_for_event(static_cast<EventKind>(k)))
      EXPECT_TRUE(tool.ends_with(".bt") || known_libbpf_tool(tool))
          << tool << " (" << event_kind_name(static_cast<EventKind>(k)) << ") is in no tool table";
}

}  // namespace
}  // namespace gpttrace
