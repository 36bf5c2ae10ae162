// The LLM path of the command line: provider set-up, the agent writing a program, chat and config.
#pragma once

#include "cli/options.h"
#include "cli/knowledge_glue.h"
#include "knowledge/ask.h"

namespace gpttrace {

class KernelCatalog;

// True when a provider may be called: not --no-llm, and a key (flag, OPENAI_API_KEY, config file) or a
// local endpoint that needs none. A malformed config file counts as not configured (the LLM commands
// report it).
bool llm_configured(const Options& options);

// Writes a program for options.request with the agent (facts from `catalog`, drafts checked before
// anything loads, at most options.max_rounds rounds), then runs it through run_program_command with the
// statement as description and an explain hook. Exit codes: those of run_program_command; 3 when the
// model produced no program, 4 when its last draft was still refused (draft and diagnostics are
// printed), 5 when the provider is unusable or failing, 130 on Ctrl-C.
int llm_request_command(const Options& options, const KernelCatalog& catalog);

// `gpttrace chat`: reads requests line by line from stdin; each follow-up ("now only for nginx", "as a
// histogram") refines the previous program. Ends on EOF, "exit"/"quit", or Ctrl-C at the prompt.
int chat_command(const Options& options);

// `gpttrace config`: saves -k/--key, --model and --base-url (merged over the existing file) to
// ~/.config/gpttrace/config.json with mode 0600; prints the path, never the key.
int config_command(const Options& options);

// For `gpttrace ask` with a provider: the model writes the answer from the facts gathered offline and
// cites them; on any failure the offline answer stays (one line says why).
AskProseWriter llm_ask_writer(const Options& options);

// For `gpttrace -c TOOL` when the offline planner does not understand the request: the model picks the
// tool's arguments from its --help (tool_command checks every option against that --help).
ToolArgsWriter llm_tool_args_writer(const Options& options);

}  // namespace gpttrace
