// Grounded answers to questions about what can be traced here ("can I probe kfree_skb?", "tcp 有哪些
// tracepoint?", "fields of sched:sched_switch"), built only from facts read from the live catalog.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/catalog.h"

namespace gpttrace {

// One fact and where it was read, so prose (offline or from an LLM) can cite it.
struct AskFact {
  std::string text;    // "tcp_v4_connect is in this kernel's BTF: int tcp_v4_connect(struct sock *sk, ...)"
  std::string source;  // "BTF", "/proc/kallsyms", "tracefs", "probe support", "bpftrace"
};

struct AskAnswer {
  bool understood = false;            // the question named a function, probe, probe type or subsystem
  std::string language = "en";        // "zh" when the question is in Chinese
  std::vector<AskFact> facts;
  std::vector<std::string> try_next;  // commands that work here: "gpttrace -e '...'", "gpttrace probes tcp"
  std::string prose;                  // the offline answer written from the facts
};

// Whether a symbol is in /proc/kallsyms; injectable so tests need no /proc.
using SymbolLookup = std::function<bool(std::string_view name)>;
SymbolLookup kallsyms_lookup();  // reads /proc/kallsyms once, on first use

AskAnswer answer_question(std::string_view question, const KernelCatalog& catalog, const SymbolLookup& kallsyms);

// The hook for an LLM: given the question and the facts, returns prose that cites them, or nullopt to keep
// the offline prose (no provider, a failure, or a refusal). The LLM stage supplies it.
using AskProseWriter = std::function<std::optional<std::string>(std::string_view question, const AskAnswer& facts)>;

}  // namespace gpttrace
