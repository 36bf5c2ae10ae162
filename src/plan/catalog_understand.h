// Understanding a request against the live catalog: any tracepoint, found by its name, its category or the
// bridge of everyday words, with the computations every event supports (list, count, rate, sum, average,
// histogram of a field, latency between paired events) and filters and keys on its own fields.
#pragma once

#include <optional>
#include <string_view>

#include "plan/understand.h"

namespace gpttrace {
class KernelCatalog;
}

namespace gpttrace::plan {

// How the request named its tracepoint; a stronger naming beats a curated event found from weaker words.
enum class CatalogNaming {
  Words,   // all the words of a tracepoint's name ("task rename" -> task:task_rename)
  Fallback,  // a bridge phrase whose subject a curated event covers: only when the curated planner can't
  Bridge,  // an everyday phrase of the bridge ("hardware interrupts" -> irq:irq_handler_entry)
  Exact,   // the tracepoint itself ("kfree_skb", "irq:softirq_entry")
};

struct CatalogUnderstanding {
  Understanding understanding;  // a Tracepoint spec, or a refusal naming what was not understood
  CatalogNaming naming = CatalogNaming::Words;
  size_t first_token = 0, last_token = 0;  // where the event was named, [first, last)
};

// nullopt when the request names no tracepoint this kernel has; the caller then keeps its own answer.
std::optional<CatalogUnderstanding> understand_with_catalog(std::string_view request, const KernelCatalog& catalog);

}  // namespace gpttrace::plan
