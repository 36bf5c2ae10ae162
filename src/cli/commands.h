// The commands behind the command line; each returns a process exit code (common/exit_codes.h).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cli/options.h"
#include "plan/trace_spec.h"

namespace gpttrace {

class KernelCatalog;
struct Results;

// A program to run and where it came from.
struct ProgramToRun {
  std::string source;
  std::string description;  // one sentence shown before confirmation; empty for -e and files
  std::string request;      // the request it answers; empty for -e and files
  // The plan the program was generated from (requests): column titles, units and the summary's language.
  std::optional<TraceSpec> spec;
  // Set by the LLM path (cli/llm_glue.cpp), empty otherwise. `explain` turns the final results into prose
  // in the request's language (empty when it failed; it prints its own one-line error): printed after
  // the summary, or "explanation" in --json. `llm_stats_json` returns a JSON object with the LLM calls,
  // tokens and latency per stage, for "llm" in --json; call it after `explain`.
  std::function<std::string(const Results&)> explain;
  std::function<std::string()> llm_stats_json;
};

// Checks privileges and tracefs (not needed for --dry-run) and opens the live catalog; on failure prints
// one line, sets `exit_code` and returns null.
std::unique_ptr<KernelCatalog> open_catalog(const Options& options, int& exit_code);

// Checks, confirms, runs and renders a bpftrace program (from -e, a file, or a request).
int run_program_command(const Options& options, const ProgramToRun& program, const KernelCatalog& catalog);

// `gpttrace "REQUEST"`: understands the request, generates the program, then runs it as above.
int request_command(const Options& options);

// `gpttrace probes [PATTERN]`: what can be traced here.
int probes_command(const Options& options);

// Prints one line to stderr: "gpttrace: MESSAGE; FIX" (the fix, when given, says what to do).
void print_error(const std::string& message, const std::string& fix = {});

}  // namespace gpttrace
