// The LLM understander: the agent (llm/agent.h) writes a Candidate for a request, every draft checked by
// the pipeline's own check (diagnose_source) so the model repairs against exactly what will be enforced.
#pragma once

#include <optional>
#include <string>

#include "llm/agent.h"
#include "llm/chat.h"
#include "pipeline/candidate.h"
#include "pipeline/failure.h"
#include "pipeline/session.h"

namespace gpttrace {

class LlmWriter {
 public:
  // `request` (empty for chat) selects the retrieved worked examples. `session` must outlive this.
  LlmWriter(const Session& session, const ProviderConfig& provider, const std::string& request, int max_rounds,
            bool dump_prompts);

  // A candidate of origin Llm (description: the model's statement). Failures: Interrupted (a stop
  // signal), Rejected (the last draft still failed the checks; `report` holds the draft and why),
  // Environment (the provider could not be used at all), NotUnderstood (it wrote no program).
  Outcome<Candidate> write(const std::string& request, const std::optional<PreviousProgram>& previous);

  // The final results in prose, in the request's language (the program as written by write()).
  Result<std::string> explain(const std::string& request, const Candidate& program, const Results& results);

  const ChatClient& client() const { return client_; }
  const LlmStats& stats() const { return agent_.stats(); }

 private:
  const Session& session_;
  ChatClient client_;
  Agent agent_;
};

}  // namespace gpttrace
