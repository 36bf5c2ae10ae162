// Presents Results: maps as sorted tables, histograms with bars, a deterministic summary, and JSON.
#pragma once

#include <cstddef>
#include <string>

#include "results/meaning.h"
#include "results/results.h"

namespace gpttrace {

struct RenderOptions {
  size_t top_n = 20;        // rows per map table; the rest are folded into "... and K more"
  bool color = false;       // ANSI colors (only when stdout is a terminal)
  size_t bar_width = 40;    // histogram bar width in characters
  // Column titles, units and stack keys; null: generic titles ("key", "count"), stacks by their shape.
  const ResultsMeaning* meaning = nullptr;
  bool keep_order = false;  // rows in the order given (live per-second tables), not sorted by value
};

// Tables and histograms for the maps, hists and stats (events are streamed separately by the caller).
// Map tables are sorted by value descending (numbers) or key (strings); bucket labels are readable
// ("[4K, 8K)", "[1ms, 2ms)" is not guessed: units are only added when the map name says ns/us/ms/bytes).
std::string render_text(const Results& results, const RenderOptions& options = {});

// A few deterministic sentences, e.g. "evwk_sys made 91% of 1.2 M syscalls (@[comm], 14 keys)".
// With a meaning: in its language, maps named with what their values are, stacks by their top frame.
// Per-second snapshots give a rate; listing header lines and time lines are not counted as events.
std::vector<std::string> summarize(const Results& results, const ResultsMeaning* meaning = nullptr);

// Machine-readable results: {"events":[...],"maps":{...},"hists":{...},"stats":{...},"attached_probes":N,
// "lost_events":N,"helper_errors":[...],"summary":[...]}. `extra` (a JSON object text, may be empty) is
// merged at the top level, e.g. the program and run metadata.
// With a meaning: "columns" (titles, units, decoders per map); decoded keys carry "raw_key".
std::string render_json(const Results& results, const std::string& extra_json_object = {},
                        const ResultsMeaning* meaning = nullptr);

// Orders a map's entries for a live table that is printed again every second: keys seen before keep their
// place in `order`, new keys follow by value (descending) and are appended to `order`.
void keep_row_order(MapResult& map, std::vector<std::vector<std::string>>& order);

// 1234567 -> "1.2 M", 950 -> "950"; used by tables and summaries.
std::string human_count(int64_t value);

}  // namespace gpttrace
