// The tools the model may call, each answered from the kernel catalog, the examples and the checks.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "llm/chat.h"
#include "llm/examples.h"

namespace gpttrace {

class KernelCatalog;

// Runs every check a program must pass before it may be loaded: the pipeline's diagnose_source
// (pipeline/check.h), so drafts are judged exactly as the program will be. Errors mean "refused".
using ProgramChecker = std::function<Diagnostics(const std::string& source)>;

inline constexpr const char* kSubmitTool = "submit_program";

// search_probes, probe_info, binary_symbols, search_examples, check_program, and submit_program (which
// the agent answers itself: it ends the turn with a draft).
std::vector<ToolSpec> agent_tools();

// Answers one tool call (any but submit_program). Arguments that are not a JSON object with the
// required fields get an answer saying so, which goes back to the model like any other result.
// Answers are capped at about 3 KB so a tool cannot flood the context.
std::string run_tool(const ToolCall& call, const KernelCatalog& catalog, const std::vector<WorkedExample>& examples,
                     const ProgramChecker& checker);

// The string arguments `names` of a call whose arguments must be a JSON object; a missing required one
// (all but those ending in "?") or malformed JSON fails with a line for the model.
Result<std::vector<std::string>> tool_string_args(const ToolCall& call, const std::vector<std::string>& names);

// Renders diagnostics for the model: "OK" when there are none, else the formatted errors and hints.
std::string diagnostics_for_model(const Diagnostics& diags, const std::string& source);

}  // namespace gpttrace
