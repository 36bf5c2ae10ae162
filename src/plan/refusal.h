// Refusals: the one-line message saying what was not understood, and the closest requests that would work.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plan/text.h"
#include "plan/understand.h"

namespace gpttrace::plan {

// The three example requests (from the event model, in `language`) closest to the request's words;
// `event_scores` (indexed by EventKind) favours events the request partly named.
std::vector<std::string> closest_examples(const std::vector<Token>& tokens, const std::vector<int>& event_scores,
                                          std::string_view language);

// "I understood 'count page faults' but not 'on port 80'" (or the Chinese equivalent).
std::string understood_but_not(const std::vector<Token>& tokens, std::string_view leftover, std::string_view language);

Understanding refuse(std::string message, const std::vector<Token>& tokens, const std::vector<int>& event_scores,
                     std::string_view language);

}  // namespace gpttrace::plan
