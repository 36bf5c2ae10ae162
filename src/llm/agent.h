// The agent loop: the model writes a program from machine facts and tools; every draft is checked, refused
// drafts go back with their diagnostics, and the loop always ends (rounds, calls, tokens, repeats).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "llm/chat.h"
#include "llm/examples.h"
#include "llm/prompt.h"
#include "llm/tools.h"
#include "results/results.h"

namespace gpttrace {

class KernelCatalog;

// One model call, for -v and --json.
struct LlmCallStats {
  std::string stage;  // "write" or "explain"
  int round = 0;      // drafts submitted before this call
  long prompt_tokens = 0;
  long completion_tokens = 0;
  bool estimated = false;  // bytes/4: the provider reported no usage
  double latency_ms = 0;
  int attempts = 0;
  int tool_calls = 0;
};

struct LlmStats {
  std::vector<LlmCallStats> calls;
  double write_ms = 0;    // whole write stage, model time included
  double explain_ms = 0;
  double model_ms = 0;    // time spent waiting for the provider
  int rounds = 0;
  long total_tokens() const;
  std::string to_json() const;  // {"calls":[...],"rounds":N,"write_ms":..,"explain_ms":..,"model_ms":..,...}
};

struct AgentOptions {
  int max_rounds = 4;          // drafts checked before giving up
  int max_calls = 0;           // model calls in the write stage; 0: 3 * max_rounds + 2
  long token_budget = 80000;   // prompt + completion tokens over the write stage
  size_t examples_in_prompt = 3;
  // Receives -v lines (stage timings, tokens, and prompts when dump_prompts). Text is already redacted.
  std::function<void(const std::string&)> log;
  bool dump_prompts = false;
};

struct AgentProgram {
  std::string program;    // passed every check
  std::string statement;  // one sentence: what it measures
  int rounds = 0;
};

class Agent {
 public:
  // `checker` runs the checks every draft must pass (in gpttrace: the pipeline's diagnose_source).
  Agent(ChatClient& client, const KernelCatalog& catalog, ProgramChecker checker, std::vector<WorkedExample> examples,
        AgentOptions options);

  // Writes a program for `request` (refining `previous` in a conversation). Fails with one line when the
  // provider fails or the loop ends without a passing draft; last_draft()/last_diagnostics() say why.
  Result<AgentProgram> write_program(const std::string& request,
                                     const std::optional<PreviousProgram>& previous = std::nullopt);

  // Asks the model to explain condensed `results` in the request's language.
  Result<std::string> explain(const std::string& request, const AgentProgram& program, const Results& results);

  const std::string& last_draft() const { return last_draft_; }
  const std::string& last_diagnostics() const { return last_diagnostics_; }
  const LlmStats& stats() const { return stats_; }

 private:
  Result<ChatReply> call(const std::string& stage, const ChatRequest& request, size_t& dumped);
  void log(const std::string& line) const;

  ChatClient& client_;
  const KernelCatalog& catalog_;
  ProgramChecker checker_;
  std::vector<WorkedExample> examples_;
  AgentOptions options_;
  LlmStats stats_;
  std::string last_draft_;
  std::string last_diagnostics_;
};

}  // namespace gpttrace
