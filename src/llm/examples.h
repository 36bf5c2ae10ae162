// Worked examples for the model: each planner example request with the program generated for this kernel.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gpttrace {

class KernelCatalog;

struct WorkedExample {
  std::string request;    // "count page faults by process"
  std::string program;    // generated for this kernel and bpftrace dialect
  std::string statement;  // what it measures, one sentence
};

// Runs every event kind's example request (the event model's) through the offline planner and code
// generator against `catalog`; requests that fail to plan or generate here are skipped. Until a
// retrieval corpus exists these are the model's recipes, already correct for this machine.
std::vector<WorkedExample> build_examples(const KernelCatalog& catalog);

// The `limit` examples sharing the most words with `query` (ties keep corpus order); none share: none.
std::vector<const WorkedExample*> rank_examples(const std::vector<WorkedExample>& examples, std::string_view query,
                                          size_t limit);

}  // namespace gpttrace
