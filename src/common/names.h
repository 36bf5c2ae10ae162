// "Did you mean": ranks candidate names by closeness to a misspelled or partial name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gpttrace {

// Damerau-Levenshtein (optimal string alignment) distance, case-sensitive.
size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` candidates closest to `word`: exact-case-insensitive matches first, then names containing
// `word`, then by edit distance; names further than a third of the longer length (min 2) are dropped.
std::vector<std::string> closest_names(std::string_view word, const std::vector<std::string>& candidates,
                                       size_t limit = 3);

// "a, b or c" for hints.
std::string join_alternatives(const std::vector<std::string>& names, std::string_view last_sep = " or ");

}  // namespace gpttrace
