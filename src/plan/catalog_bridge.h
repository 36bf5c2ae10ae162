// The bilingual bridge from everyday words to kernel tracepoints, and field-name abbreviations: the data
// that lets the planner understand requests about any tracepoint of the live catalog.
#pragma once

#include <string_view>
#include <vector>

namespace gpttrace::plan {

struct BridgeEntry {
  std::vector<std::string_view> phrases;  // lexicon phrases (English stems with '*', Chinese terms)
  std::vector<std::string_view> events;   // "CAT:BEGIN" or "CAT:BEGIN>CAT:END", in order of preference
  // A curated event covers this subject: the entry only answers when the curated planner cannot (for the
  // fields the curated event does not offer, e.g. "retransmits by destination port").
  bool fallback_only = false;
};

struct FieldAlias {
  std::string_view field;                 // a field name or a part of one: "addr", "dport", "exit_reason"
  std::vector<std::string_view> phrases;  // how people say it: "address", "destination port", "目标端口"
};

const std::vector<BridgeEntry>& bridge_entries();
const std::vector<FieldAlias>& field_aliases();

// Whether the task running at a tracepoint is the one the event is about. Interrupt-side events (irq,
// softirq, NMI, IPI, timer expiry) and CPU power events run on whatever task the CPU had: comm and pid there
// are not the event's, so they are neither keys nor filters (nor is the tracer left out by pid).
bool in_process_context(std::string_view category, std::string_view name);

}  // namespace gpttrace::plan
