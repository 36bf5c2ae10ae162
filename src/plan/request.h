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
  bool as_key = false;  // the word is a key noun that also names the event ("by cpu", "which syscalls")
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
  bool recipient = false;       // "to whom", "给谁", "the child pids": another side is asked for (shown by a listing)
  std::optional<std::string> comm;
  Span comm_span;
  std::set<AggWord> agg_words;
  std::optional<Measure> measure_word;
  bool measure_by = false;      // the measure came after "by" ("count reads by size": per size, not a total)
  std::optional<Measure> weak_measure;  // "data", "数据": bytes when the event carries bytes
  bool failures = false;
  std::string listing_only;     // a side the listing shows but nothing filters or groups ("the child pid")
};

// Passes, in order (words.cpp).
void scan_grouping(Request& r);                  // group markers + key nouns, questions, stack nouns, fields
void scan_events(Request& r);                    // event terms and syscall names -> scores, matches
void scan_names(Request& r, EventKind event, const KernelCatalog* catalog);  // process names
void scan_modifiers(Request& r);                 // aggregation, measure, failure words
void consume_fillers(Request& r);
// Key nouns left over that name a field of the chosen event ("显示 TCP 连接的目标端口", "its exit code"): a
// column of the listing, or one more key of a count. Ones the event lacks stay, and are refused by name.
void read_shown_fields(Request& r, EventKind event);
// Places Slots::sides by the event model's sides: the event's own process, a target pid filter, a column of
// the listing; returns the refusal when the event has no such side or can't filter or group by it.
std::optional<std::string> place_sides(Request& r, EventKind event);
// Reads the words that qualify the event's subject against its model: the direction words ("sent",
// "received", "收到") are consumed when the event goes that way or has no direction and refused the other
// way ("signals received" are not signals sent); "kernel" is refused for a user-space function ("memory
// allocations in the kernel" are not malloc calls).
std::optional<std::string> check_qualifiers(Request& r, EventKind event);

}  // namespace gpttrace::plan
