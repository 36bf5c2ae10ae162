// Worked-example corpus from the planner's per-event example requests, ranked by shared words.
#include "llm/examples.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "codegen/generate.h"
#include "plan/event_traits.h"
#include "plan/understand.h"

namespace gpttrace {

namespace {

// Lower-case words of 3+ letters, with a trailing plural 's' dropped ("faults" ~ "fault").
std::set<std::string> words_of(std::string_view text) {
  std::set<std::string> words;
  std::string word;
  auto flush = [&] {
    if (word.size() > 3 && word.back() == 's') word.pop_back();
    if (word.size() >= 3) words.insert(word);
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  static const std::set<std::string> stop = {"the", "and", "for", "with", "how", "many", "per", "show",
                                             "trace", "each", "what", "which", "from", "all", "by"};
  for (const std::string& s : stop) words.erase(s);
  return words;
}

}  // namespace

std::vector<WorkedExample> build_examples(const KernelCatalog& catalog) {
  std::vector<WorkedExample> examples;
  for (const EventTraits& traits : all_event_traits()) {
    if (traits.example_en.empty()) continue;
    Understanding understanding = understand_request(traits.example_en, &catalog);
    if (!understanding.spec) continue;
    Result<GeneratedProgram> generated = generate_program(*understanding.spec, catalog);
    if (!generated) continue;
    examples.push_back({std::string(traits.example_en), generated->source, generated->description});
  }
  return examples;
}

std::vector<const WorkedExample*> rank_examples(const std::vector<WorkedExample>& examples, std::string_view query,
                                          size_t limit) {
  std::set<std::string> wanted = words_of(query);
  std::vector<std::pair<size_t, const WorkedExample*>> scored;
  for (const WorkedExample& e : examples) {
    std::set<std::string> have = words_of(e.request + " " + e.program);
    size_t shared = std::count_if(wanted.begin(), wanted.end(), [&](const std::string& w) { return have.count(w); });
    if (shared > 0) scored.emplace_back(shared, &e);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<const WorkedExample*> out;
  for (size_t i = 0; i < scored.size() && i < limit; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace gpttrace
