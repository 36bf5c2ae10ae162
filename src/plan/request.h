// The planner's working state for one request, shared by its passes (words.cpp, decide.cpp, understand.cpp).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "plan/lexicon.h"
#include "plan/slots.h"
#include "plan/text.h"
#include "plan/trace_spec.h"

namespace gpttrace {
class KernelCatalog;
}

namespace gpttrace::plan {

struct EventMatch {
  EventKind event;
  Span span;
  std::string syscall;  // set when the term is a syscall name ("read", "openat", "sync")
};

struct Request {
  std::vector<Token> tokens;
  std::string language;  // "en" or "zh"
  Slots slots;

  std::vector<int> scores = std::vector<int>(kCuratedEventKinds, 0);  // per EventKind
  std::vector<EventMatch> matches;
  std::vector<std::string> syscalls;  // exact syscall names the request used

  std::vector<Key> group_keys;  // "by process", "按文件", stacks
  std::vector<Key> question_keys;  // "which files", "who": what a question asks about
  std::vector<Key> field_keys;  // "with exit codes": fields of a listing
  bool any_stack = false;       // "stacks" without kernel/user: the event decides
  bool question = false;        // "which ...", "who ...", "谁", "哪些"
  bool recipient = false;       // "to whom", "给谁": the receiving side is asked for (shown by a listing)
  std::optional<std::string> comm;
  Span comm_span;
  std::set<AggWord> agg_words;
  std::optional<Measure> measure_word;
  std::optional<Measure> weak_measure;  // "data", "数据": bytes when the event carries bytes
  bool failures = false;
};

// Passes, in order (words.cpp).
void scan_grouping(Request& r);                  // group markers + key nouns, questions, stack nouns, fields
void scan_events(Request& r);                    // event terms and syscall names -> scores, matches
void scan_names(Request& r, EventKind event, const KernelCatalog* catalog);  // process names
void scan_modifiers(Request& r);                 // aggregation, measure, failure words
void consume_fillers(Request& r);

}  // namespace gpttrace::plan
