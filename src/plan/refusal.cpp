// Refusal messages and suggestions: ranked by overlap of words (English) or character pairs (Chinese).
#include "plan/refusal.h"

#include <algorithm>
#include <set>

#include "plan/event_traits.h"

namespace gpttrace::plan {

namespace {

// Comparable units of text: English word stems (first 5 letters) and Chinese character pairs.
std::set<std::string> features(const std::vector<Token>& tokens) {
  static const std::set<std::string> kStop = {"the", "a", "an", "by", "of", "with", "and", "in", "to", "for", "show",
                                              "trace", "count", "me", "what", "which", "who", "is", "are", "how"};
  std::set<std::string> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::Word && !kStop.contains(t.text)) out.insert(t.text.substr(0, 5));
    if (t.kind == TokenKind::Cjk && i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::Cjk)
      out.insert(t.text + tokens[i + 1].text);
  }
  return out;
}

}  // namespace

std::vector<std::string> closest_examples(const std::vector<Token>& tokens, const std::vector<int>& event_scores,
                                          std::string_view language) {
  std::set<std::string> wanted = features(tokens);
  struct Ranked {
    int score;
    size_t order;
    std::string_view text;
  };
  std::vector<Ranked> ranked;
  const auto& table = all_event_traits();
  for (size_t k = 0; k < table.size(); ++k) {
    std::string_view example = language == "zh" ? table[k].example_zh : table[k].example_en;
    int score = 0;
    for (const std::string& f : features(tokenize(example))) score += wanted.contains(f) ? 2 : 0;
    size_t kind = static_cast<size_t>(table[k].kind);
    if (kind < event_scores.size()) score += event_scores[kind];
    ranked.push_back({score, k, example});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
  std::vector<std::string> out;
  for (size_t k = 0; k < 3 && k < ranked.size(); ++k) out.emplace_back(ranked[k].text);
  return out;
}

std::string understood_but_not(const std::vector<Token>& tokens, std::string_view leftover, std::string_view language) {
  std::string understood;
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (!tokens[k].consumed || tokens[k].kind == TokenKind::Punct) continue;
    if (!understood.empty() && (tokens[k].kind != TokenKind::Cjk || (k > 0 && tokens[k - 1].kind != TokenKind::Cjk)))
      understood += ' ';
    understood += join_tokens(tokens, k, k + 1);
  }
  if (language == "zh") {
    if (understood.empty()) return "无法理解“" + std::string(leftover) + "”";
    return "理解了“" + understood + "”，但无法理解“" + std::string(leftover) + "”";
  }
  if (understood.empty()) return "I did not understand '" + std::string(leftover) + "'";
  return "I understood '" + understood + "' but not '" + std::string(leftover) + "'";
}

Understanding refuse(std::string message, const std::vector<Token>& tokens, const std::vector<int>& event_scores,
                     std::string_view language) {
  return Understanding{std::nullopt, std::move(message), closest_examples(tokens, event_scores, language)};
}

}  // namespace gpttrace::plan
