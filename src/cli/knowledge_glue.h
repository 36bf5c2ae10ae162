// The knowledge commands: `gpttrace examples QUERY`, `gpttrace -c TOOL REQUEST` and `gpttrace ask QUESTION`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"
#include "knowledge/ask.h"
#include "knowledge/tools.h"

namespace gpttrace {

// Shows the examples that best match QUERY (English or Chinese), rendered for the installed bpftrace,
// with their descriptions; --json prints them as JSON; --top N sets how many (default 5).
int examples_command(const Options& options, const std::string& query);

// Runs an installed tool for REQUEST (GPTtrace's -c). TOOL is a tool name ("execsnoop", "opensnoop.bt",
// "execsnoop-bpfcc") or "auto" for the best runnable tool. Arguments come from the request offline (PID,
// process name, duration, latency threshold, interval) through the tool's --help. A tool that cannot run
// here is refused (exit 4) with working alternatives: other tools and the generated bpftrace program.
// Confirmation, --yes, --dry-run (print the command only), --duration and Ctrl-C behave as for programs.
// Writes a tool's arguments for a request the offline planner did not understand (the LLM stage supplies
// it): the tool and the request in, an argument list (checked against the tool's --help) or nullopt out.
using ToolArgsWriter =
    std::function<std::optional<std::vector<std::string>>(const InstalledTool& tool, const std::string& request)>;

int tool_command(const Options& options, const std::string& tool, const std::string& request,
                 const ToolArgsWriter& writer = {});

// Answers QUESTION from facts of the live catalog; --json prints the facts. With `writer` (the LLM stage's
// hook), the prose comes from it and the facts are still listed for checking.
int ask_command(const Options& options, const std::string& question);
int ask_command(const Options& options, const std::string& question, const AskProseWriter& writer);

}  // namespace gpttrace
