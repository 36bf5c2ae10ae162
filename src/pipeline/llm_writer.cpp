// The LLM understander: provider client, retrieved examples, the agent loop, failure classification.
#include "pipeline/llm_writer.h"

#include <fmt/format.h>

#include "kernel/catalog.h"
#include "knowledge/knowledge.h"
#include "llm/examples.h"
#include "pipeline/check.h"
#include "pipeline/program_layout.h"
#include "sys/signals.h"

namespace gpttrace {

namespace {

// The model's worked examples: corpus programs retrieved for `request` (FTS5, rendered for the installed
// bpftrace, only those that can run here) first, then the planner's per-event programs for this kernel.
std::vector<WorkedExample> examples_for(const std::string& request, const KernelCatalog& catalog) {
  std::vector<WorkedExample> examples;
  if (!request.empty()) {
    if (Result<Knowledge> knowledge = Knowledge::open(KnowledgeOptions{}, catalog)) {
      for (const ExampleMatch& match : knowledge->search_examples(request, 4)) {
        if (match.runnable) examples.push_back({match.example.en, match.example.source, match.example.title});
      }
    }
  }
  std::vector<WorkedExample> planner = build_examples(catalog);
  examples.insert(examples.end(), planner.begin(), planner.end());
  return examples;
}

AgentOptions agent_options(const Session& session, int max_rounds, bool dump_prompts) {
  AgentOptions options;
  options.max_rounds = max_rounds > 0 ? max_rounds : 4;
  options.dump_prompts = dump_prompts;
  options.log = [&session](const std::string& line) { session.log(line); };
  return options;
}

std::string numbered(const std::string& source) {
  std::string out;
  int line_no = 1;
  size_t start = 0;
  while (start < source.size()) {
    size_t nl = source.find('\n', start);
    if (nl == std::string::npos) nl = source.size();
    out += fmt::format("  {:3} | {}\n", line_no++, source.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace

LlmWriter::LlmWriter(const Session& session, const ProviderConfig& provider, const std::string& request,
                     int max_rounds, bool dump_prompts)
    : session_(session),
      client_(provider, ClientOptions{3, 1, 20, 1u << 20,
                                      session.stop_fd >= 0 ? session.stop_fd : install_stop_signal_pipe()}),
      agent_(client_, session.catalog,
             [&session](const std::string& source) {
               return diagnose_source(source, session, CompileCheck::IfPossible);
             },
             examples_for(request, session.catalog), agent_options(session, max_rounds, dump_prompts)) {}

Outcome<Candidate> LlmWriter::write(const std::string& request, const std::optional<PreviousProgram>& previous) {
  const ProviderConfig& config = client_.config();
  session_.log(redact(fmt::format("asking {} at {} ({}) to write the program", config.model, config.base_url,
                                  config.source.empty() ? "defaults" : config.source),
                      config.api_key));
  Result<AgentProgram> written = agent_.write_program(request, previous);
  if (!written) {
    bool refused_draft = !agent_.last_draft().empty() && !agent_.last_diagnostics().empty();
    FailureKind kind = last_stop_signal() != 0 ? FailureKind::Interrupted
                       : refused_draft         ? FailureKind::Rejected
                       : agent_.stats().calls.empty() ? FailureKind::Environment  // no answer from the provider
                                                      : FailureKind::NotUnderstood;
    auto failed = failure(kind, written.error());
    if (!agent_.last_draft().empty()) {
      failed.value().source = agent_.last_draft();
      failed.value().report = "gpttrace: the model's last draft:\n" + numbered(agent_.last_draft()) +
                              agent_.last_diagnostics();
    }
    return failed;
  }
  session_.log(fmt::format("the model's program passed the checks in {} round(s)", written->rounds));
  // Laid out like the planner's programs; the program path checks this text again before it is shown.
  return Candidate{layout_for_reading(written->program), Origin::Llm, written->statement, request, {}, {}};
}

Result<std::string> LlmWriter::explain(const std::string& request, const Candidate& program,
                                       const Results& results) {
  session_.log("asking the model to explain the results");
  return agent_.explain(request, AgentProgram{program.source, program.description, agent_.stats().rounds}, results);
}

}  // namespace gpttrace
