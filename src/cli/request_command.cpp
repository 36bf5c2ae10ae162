// `gpttrace "REQUEST"`: understand the request offline, generate a program for this kernel, run it.
#include <fmt/format.h>

#include <algorithm>
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
  // Without named syscalls the program keys by raw_syscalls' id; the results show names instead.
  auto syscall_key = std::find(spec.keys.begin(), spec.keys.end(), Key::Syscall);
  if (spec.event == EventKind::Syscall && spec.syscalls.empty() && syscall_key != spec.keys.end()) {
    program.syscall_number_key = static_cast<size_t>(syscall_key - spec.keys.begin());
  }
  return run_program_command(run_options, program, *catalog);
}

}  // namespace gpttrace
