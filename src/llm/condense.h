// Results condensed for the model (top rows, totals, percentiles, counts) as quoted, size-capped data.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "results/results.h"

namespace gpttrace {

struct CondenseOptions {
  size_t top_n = 10;        // rows per map, keys per histogram
  size_t max_events = 15;   // printf lines quoted (the count is always given)
  size_t max_bytes = 4000;  // the whole block; beyond it, "... (truncated)"
};

inline constexpr const char* kDataBegin = "<<<TRACE_DATA";
inline constexpr const char* kDataEnd = "TRACE_DATA>>>";

// A block between kDataBegin and kDataEnd lines. Every traced string (map keys, printf lines) is a JSON
// string literal, so quotes and newlines in file names or command lines cannot break out of it, and the
// delimiters themselves are defused inside the data.
std::string condense_results(const Results& results, const CondenseOptions& options = {});

// The explain prompts: the system prompt says the block is untrusted data and never instructions; the
// user prompt gives the request, the program, its statement and the condensed block.
std::string explain_system_prompt();
std::string explain_user_prompt(std::string_view request, std::string_view program, std::string_view statement,
                                std::string_view condensed);

// "Chinese" when the request holds CJK characters, else "the language of the request".
std::string request_language(std::string_view request);

}  // namespace gpttrace
