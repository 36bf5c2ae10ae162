// The EN/ZH vocabulary of requests: phrase tables built once, matched against tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "plan/text.h"
#include "plan/trace_spec.h"

namespace gpttrace::plan {

// A phrase is matched token by token; a phrase token ending in '*' matches any word with that prefix
// ("fork*" matches "forks", "forking"). Chinese phrases are one token per character, so they match
// inside runs of Chinese text without word boundaries.
struct PhraseEntry {
  std::vector<std::string> tokens;
  int value = 0;   // an enum value, cast
  int weight = 1;  // for event terms: how strongly the phrase names the event
};

struct PhraseMatch {
  const PhraseEntry* entry = nullptr;
  size_t length = 0;
};

struct PhraseSpec {
  std::string_view text;
  int value = 0;
  int weight = 1;
};

class PhraseTable {
 public:
  explicit PhraseTable(std::initializer_list<PhraseSpec> specs) : PhraseTable(std::vector<PhraseSpec>(specs)) {}
  explicit PhraseTable(const std::vector<PhraseSpec>& specs);
  // The longest phrase matching at tokens[i] whose tokens are all unconsumed.
  std::optional<PhraseMatch> longest(const std::vector<Token>& tokens, size_t i) const;
  const std::vector<PhraseEntry>& entries() const { return entries_; }

 private:
  std::vector<PhraseEntry> entries_;
  std::unordered_map<std::string, std::vector<size_t>> by_first_;  // exact first token -> entries
  std::vector<size_t> prefix_first_;                                // entries whose first token is a prefix
};

bool token_matches(const Token& token, std::string_view pattern);

// Key nouns beyond Key: "stack" without saying kernel or user (chosen by the event).
constexpr int kAnyStack = 100;

enum class AggWord { Count, Sum, Histogram, Average, Stats, Rate, List };

const PhraseTable& event_terms();        // value: EventKind, weight 1..5 (the event model's words)
const PhraseTable& key_nouns();          // value: Key or kAnyStack
const PhraseTable& group_markers();      // "by", "per", "for each", "按", "每个"
const PhraseTable& field_markers();      // "with", "including", "及其", "和": output fields of a listing
const PhraseTable& question_words();     // "which", "who", "谁", "哪些"
const PhraseTable& aggregation_words();  // value: AggWord
const PhraseTable& measure_words();      // value: Measure (Bytes, Latency); weight 0: weak ("data")
const PhraseTable& failure_words();      // "failed", "失败"
const PhraseTable& comparison_words();   // value: Comparison ("longer than", "超过", ">")
const PhraseTable& duration_markers();   // "for", "during", "持续"
const PhraseTable& filler_words();       // known words that carry no meaning for the plan
const PhraseTable& unsupported_topics(); // "gpu", "显存": things no event covers; value kNeedsPmu: hardware counters
constexpr int kNeedsPmu = 1;
const PhraseTable& significant_words();  // filter/grouping words that must not be left unused
// Requests to change the system: value kChangeReturn (make calls fail or return something) anywhere in the
// request, kImperativeOnly (kill, throttle, block) only as the request's first word.
constexpr int kChangeReturn = 1;
constexpr int kImperativeOnly = 2;
const PhraseTable& change_verbs();
// Words naming a side of an event before a process noun ("target", "parent", "目标", "父"): value ProcessSide.
const PhraseTable& side_words();
// Words saying which way something goes: value kSend ("sent", "发送") or kReceive ("received", "收到", "被发送").
constexpr int kSend = 1;
constexpr int kReceive = 2;
const PhraseTable& direction_words();

// Whether the word at tokens[i] belongs to any table above (so it is not a process or function name).
bool in_vocabulary(const std::vector<Token>& tokens, size_t i);

std::optional<int> signal_number(std::string_view name);  // "sigkill"/"kill" -> 9, "sigterm" -> 15
bool known_library(std::string_view name);                // "libc", "libpthread", "libssl"
bool known_binary(std::string_view name);                 // common program names: "bash", "nginx", "python3"
// English function words (quantifiers, determiners, pronouns, prepositions, wh-words, prefixes like "non"):
// never a process or function name on their own ("how much", "how many", "non-zero").
bool function_word(std::string_view word);

}  // namespace gpttrace::plan
