// "Did you mean": edit distance and ranking of candidate names.
#include "common/names.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace gpttrace {

size_t edit_distance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  // Three rows suffice for the optimal-string-alignment recurrence (transpositions look two rows back).
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  std::iota(prev.begin(), prev.end(), 0);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::vector<std::string> closest_names(std::string_view word, const std::vector<std::string>& candidates,
                                       size_t limit) {
  if (word.empty() || limit == 0) return {};
  const std::string needle = lower(word);
  // Rank: 0 = same ignoring case, 1 = contains the word, 2 + distance for near misses.
  struct Ranked {
    size_t rank;
    size_t length;
    const std::string* name;
  };
  std::vector<Ranked> ranked;
  for (const std::string& candidate : candidates) {
    const std::string hay = lower(candidate);
    if (hay == needle) {
      ranked.push_back({0, candidate.size(), &candidate});
    } else if (needle.size() >= 3 && hay.find(needle) != std::string::npos) {
      ranked.push_back({1, candidate.size(), &candidate});
    } else {
      // Cheap length filter before the quadratic distance.
      size_t longer = std::max(hay.size(), needle.size());
      size_t allowed = std::max<size_t>(2, longer / 3);
      size_t diff = hay.size() > needle.size() ? hay.size() - needle.size() : needle.size() - hay.size();
      if (diff > allowed) continue;
      size_t d = edit_distance(needle, hay);
      if (d <= allowed) ranked.push_back({2 + d, candidate.size(), &candidate});
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& x, const Ranked& y) {
    return x.rank != y.rank ? x.rank < y.rank : x.length < y.length;
  });
  std::vector<std::string> out;
  for (const Ranked& r : ranked) {
    if (out.size() == limit) break;
    out.push_back(*r.name);
  }
  return out;
}

std::string join_alternatives(const std::vector<std::string>& names, std::string_view last_sep) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += (i + 1 == names.size()) ? std::string(last_sep) : std::string(", ");
    out += names[i];
  }
  return out;
}

}  // namespace gpttrace
