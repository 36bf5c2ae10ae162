// `gpttrace "REQUEST"`: understand the request offline, generate a program for this kernel, run it.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <utility>
#include <iostream>

#include "cli/commands.h"
#include "cli/llm_glue.h"
#include "cli/stage_log.h"
#include "codegen/generate.h"
#include "common/exit_codes.h"
#include "kernel/catalog.h"
#include "plan/understand.h"

namespace gpttrace {

namespace {

void print_not_understood(const Understanding& understanding) {
  print_error(understanding.message.empty() ? "the request was not understood" : understanding.message);
  if (!understanding.suggestions.empty()) {
    std::cerr << "  closest things gpttrace can do offline:\n";
    for (const std::string& suggestion : understanding.suggestions) std::cerr << "    gpttrace \"" << suggestion << "\"\n";
  }
  std::cerr << "  free-form requests need an LLM provider; or write the program with -e (see gpttrace probes)\n";
}

// A PID or TID filter must name a running process; a path filter that does not exist yet is allowed (a
// trace may be waiting for it) but said. Returns false (after one line) when the request cannot run.
bool validate_filters(const Filters& filters, bool dry_run) {
  for (auto [id, what] : {std::pair{filters.pid, "PID"}, std::pair{filters.tid, "thread ID"}}) {
    if (!id) continue;
    std::error_code ec;
    if (std::filesystem::exists(fmt::format("/proc/{}", *id), ec)) continue;
    if (dry_run) {
      std::cerr << fmt::format("gpttrace: note: no process with {} {} is running now\n", what, *id);
      continue;
    }
    print_error(fmt::format("no process with {} {} is running", what, *id), fmt::format("check it with: ps -p {}", *id));
    return false;
  }
  if (filters.path) {
    std::string path = *filters.path;
    if (!path.empty() && path.back() == '*') path.pop_back();
    std::error_code ec;
    if (!path.empty() && !std::filesystem::exists(path, ec)) {
      std::cerr << fmt::format("gpttrace: note: {} does not exist (yet); only events naming it will show\n", path);
    }
  }
  return true;
}

}  // namespace

int request_command(const Options& options) {
  StageLog log(options.verbose);
  int exit_code = kExitOk;
  std::unique_ptr<KernelCatalog> catalog = open_catalog(options, exit_code);
  if (!catalog) return exit_code;
  if (options.force_llm && !options.no_llm) return llm_request_command(options, *catalog);

  Understanding understanding = understand_request(options.request, catalog.get());
  if (!understanding.spec) {
    log("request not understood offline");
    if (llm_configured(options)) return llm_request_command(options, *catalog);
    print_not_understood(understanding);
    return kExitNotUnderstood;
  }
  TraceSpec spec = *understanding.spec;
  log("understood the request as:\n" + describe_spec(spec));
  if (!validate_filters(spec.filters, options.dry_run)) return kExitUsage;

  Result<GeneratedProgram> generated = generate_program(spec, *catalog);
  if (!generated) {
    print_error(generated.error().message, generated.error().fix);
    return kExitNotUnderstood;
  }
  log(fmt::format("generated a program with {} probe(s)", generated->probes.size()));
  for (const std::string& note : generated->notes) std::cerr << "gpttrace: note: " << note << '\n';

  Options run_options = options;
  if (spec.duration_seconds && options.duration_seconds == 0) run_options.duration_seconds = *spec.duration_seconds;
  if (spec.top_n) run_options.top = *spec.top_n;
  ProgramToRun program{generated->source, generated->description, options.request};
  // The plan titles the results; raw_syscalls ids under a Syscall key are shown as names (results/decode).
  program.spec = spec;
  return run_program_command(run_options, program, *catalog);
}

}  // namespace gpttrace
