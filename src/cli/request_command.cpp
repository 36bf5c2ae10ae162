// `gpttrace "REQUEST"`: the pipeline's offline planner writes the candidate (the LLM when it does not
// understand and a provider is configured), then the program path checks and runs it.
#include <iostream>

#include "cli/commands.h"
#include "cli/llm_glue.h"
#include "common/exit_codes.h"
#include "kernel/catalog.h"
#include "pipeline/planner.h"

namespace gpttrace {

namespace {

void print_not_understood(const Failure& refused) {
  print_error(refused.message);
  if (!refused.suggestions.empty()) {
    std::cerr << "  closest things gpttrace can do offline:\n";
    for (const std::string& suggestion : refused.suggestions) std::cerr << "    gpttrace \"" << suggestion << "\"\n";
  }
  std::cerr << "  free-form requests need an LLM provider; or write the program with -e (see gpttrace probes)\n";
}

}  // namespace

int request_command(const Options& options) {
  int exit_code = kExitOk;
  std::unique_ptr<KernelCatalog> catalog = open_catalog(options, exit_code);
  if (!catalog) return exit_code;
  if (options.force_llm && !options.no_llm) return llm_request_command(options, *catalog);

  Session session = cli_session(options, *catalog);
  Outcome<Plan> plan = plan_request(options.request, session, options.dry_run);
  if (!plan) {
    if (plan.error().stage != "understand") return report_failure(plan.error());
    if (llm_configured(options)) return llm_request_command(options, *catalog);
    print_not_understood(plan.error());
    return exit_code_for(plan.error().kind);
  }
  Options run_options = options;
  if (plan->duration_seconds && options.duration_seconds == 0) run_options.duration_seconds = *plan->duration_seconds;
  if (plan->top) run_options.top = *plan->top;
  return run_program_command(run_options, plan->candidate, *catalog);
}

}  // namespace gpttrace
