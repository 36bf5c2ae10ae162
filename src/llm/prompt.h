// The prompts of the agent: machine facts from the catalog, dialect rules, examples, the request.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/examples.h"

namespace gpttrace {

class KernelCatalog;

// Kernel, BTF, tracefs, bpftrace version and dialect, and which probe types attach here (with the
// reason and alternative for those that do not). One fact per line.
std::string machine_facts(const KernelCatalog& catalog);

// The system prompt: role, machine facts, dialect rules, and how to answer (tools: submit_program;
// plain: one sentence then one ```bpftrace block).
std::string system_prompt(const KernelCatalog& catalog, bool tools);

// A program the user already ran in this conversation, refined by the next request.
struct PreviousProgram {
  std::string request;
  std::string program;
};

// The user message: the request, up to `example_count` relevant examples (the first ones when none
// shares a word, e.g. for Chinese), and the previous program for a follow-up.
std::string user_prompt(std::string_view request, const std::vector<WorkedExample>& examples, size_t example_count,
                        const std::optional<PreviousProgram>& previous);

// A program and a statement extracted from a plain-text answer: the first ``` fenced block holding a
// probe block, or the whole answer when it is itself a program; the statement is the first sentence
// outside the fence. nullopt when the answer is prose.
struct ExtractedProgram {
  std::string program;
  std::string statement;
};
std::optional<ExtractedProgram> extract_program(std::string_view answer);

}  // namespace gpttrace
