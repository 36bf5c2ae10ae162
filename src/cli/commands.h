// The commands behind the command line; each returns a process exit code (common/exit_codes.h).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/options.h"
#include "pipeline/candidate.h"
#include "pipeline/failure.h"
#include "pipeline/session.h"

namespace gpttrace {

class KernelCatalog;
struct Results;

// What the LLM path adds to a report. `explain` turns the final results into prose in the request's
// language (empty when it failed; it prints its own one-line error): printed after the summary, or
// "explanation" in --json. `llm_stats_json` returns a JSON object with the LLM calls, tokens and latency
// per stage, for "llm" in --json; call it after `explain`.
struct ReportExtras {
  std::function<std::string(const Results&)> explain;
  std::function<std::string()> llm_stats_json;
};

// Checks privileges and tracefs (not needed for --dry-run) and opens the live catalog; on failure prints
// one line, sets `exit_code` and returns null.
std::unique_ptr<KernelCatalog> open_catalog(const Options& options, int& exit_code);

// The pipeline session of a command line: its catalog, --unsafe/--max-probes policy and -v stage log.
Session cli_session(const Options& options, const KernelCatalog& catalog);

// Checks, confirms, runs and renders a candidate program (from -e, a file, or a request).
int run_program_command(const Options& options, const Candidate& program, const KernelCatalog& catalog,
                        const ReportExtras& extras = {});

// Prints a pipeline failure (its report, then one line) and returns its exit code.
int report_failure(const Failure& failure);

// `gpttrace "REQUEST"`: understands the request, generates the program, then runs it as above.
int request_command(const Options& options);

// `gpttrace probes [PATTERN]`: what can be traced here.
int probes_command(const Options& options);

// `gpttrace mcp [--read-only] [--unsafe]`: the MCP server on stdio until stdin closes (src/mcp).
int mcp_command(const Options& options, bool read_only);

// The flags of `gpttrace serve` as typed (numbers are checked by serve_command).
struct ServeArguments {
  std::string listen, interval, max_series, config;  // empty = not given
  std::vector<std::string> requests, programs;       // positional requests, -e programs
};

// `gpttrace serve [--listen ADDR:PORT] [--interval S] [--max-series N] [--config FILE] REQUEST|-e PROGRAM ...`:
// Prometheus metrics of checked programs until SIGINT/SIGTERM (src/serve).
int serve_command(const Options& options, const ServeArguments& args);

// Prints one line to stderr: "gpttrace: MESSAGE; FIX" (the fix, when given, says what to do).
void print_error(const std::string& message, const std::string& fix = {});

}  // namespace gpttrace
