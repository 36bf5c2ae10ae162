// The commands behind the command line; each returns a process exit code (common/exit_codes.h).
#pragma once

#include <string>

#include "cli/options.h"

namespace gpttrace {

// Checks, confirms, runs and renders a bpftrace program (from -e, a file, or later the planner).
int run_program_command(const Options& options, const std::string& source);

// `gpttrace probes [PATTERN]`: what can be traced here.
int probes_command(const Options& options);

// Prints one line to stderr: "gpttrace: MESSAGE; FIX" (the fix, when given, says what to do).
void print_error(const std::string& message, const std::string& fix = {});

}  // namespace gpttrace
