// render_text and human_count: maps as sorted tables, histograms with bars, stats tables.
#include "results/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

#include "results/format.h"
#include "results/stacks.h"

namespace gpttrace {
namespace {

using detail::display_width;
using detail::group_digits;

enum class Align { Left, Right };

struct Column {
  std::string header;
  Align align = Align::Left;
};

class Styler {
 public:
  explicit Styler(bool color) : color_(color) {}
  std::string title(const std::string& s) const { return color_ ? "\x1b[1m" + s + "\x1b[0m" : s; }
  std::string bar(const std::string& s) const {
    return color_ && !s.empty() ? "\x1b[36m" + s + "\x1b[0m" : s;
  }

 private:
  bool color_;
};

std::string pad(const std::string& cell, size_t width, Align align) {
  const size_t w = display_width(cell);
  const std::string fill(width > w ? width - w : 0, ' ');
  return align == Align::Left ? cell + fill : fill + cell;
}

// Rows indented by two spaces, columns separated by two; trailing spaces trimmed.
void append_table(std::string& out, const std::vector<Column>& columns,
                  const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    widths[c] = display_width(columns[c].header);
    for (const auto& row : rows) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  auto emit = [&](auto cell_of) {
    std::string line;
    for (size_t c = 0; c < columns.size(); ++c) line += "  " + pad(cell_of(c), widths[c], columns[c].align);
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  };
  emit([&](size_t c) { return columns[c].header; });
  for (const auto& row : rows) emit([&](size_t c) { return row[c]; });
}

// Key column titles from the map's meaning; "key", "key2", ... where it has none.
std::vector<Column> key_columns(size_t parts, const MapInfo* info) {
  std::vector<Column> columns;
  for (size_t i = 0; i < std::max<size_t>(parts, 1); ++i) {
    const bool titled = info && i < info->keys.size() && !info->keys[i].title.empty();
    columns.push_back({titled ? info->keys[i].title : i == 0 ? "key" : fmt::format("key{}", i + 1), Align::Left});
  }
  return columns;
}

const MapInfo* info_of(const RenderOptions& options, const std::string& name) {
  return options.meaning ? options.meaning->find(name) : nullptr;
}

// How to see what a cut left out.
std::string more_hint(size_t rows) {
  return fmt::format("--top {} shows all", rows);
}

size_t key_parts(const std::vector<std::vector<std::string>>& keys) {
  size_t parts = 0;
  for (const auto& k : keys) parts = std::max(parts, k.size());
  return parts;
}

void append_key_cells(std::vector<std::string>& row, const std::vector<std::string>& key, size_t parts) {
  for (size_t i = 0; i < std::max<size_t>(parts, 1); ++i)
    row.push_back(i < key.size() ? detail::sanitize(key[i]) : "");
}

std::string percent(int64_t part, int64_t total) {
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(total));
}

bool has_stack_key(const MapResult& map, const RenderOptions& options) {
  for (const MapEntry& e : map.entries)
    for (size_t i = 0; i < e.key.size(); ++i)
      if (is_stack_key(options.meaning, map.name, i, e.key[i])) return true;
  return false;
}

// Stack-keyed rows: the value (and share, and any other key parts) on one line, then the frames one per
// line, innermost first, indented under it.
void render_stack_rows(std::string& out, const MapResult& map, const std::vector<const MapEntry*>& rows,
                       size_t shown, int64_t total, const std::vector<Column>& columns,
                       const RenderOptions& options, const Styler& style) {
  const bool zh = options.meaning && options.meaning->zh();
  size_t value_width = 0;
  for (size_t i = 0; i < shown; ++i) value_width = std::max(value_width, detail::value_text(rows[i]->value).size());
  // "@ (12 kernel stacks, innermost frame first): count, %, process"
  std::vector<std::string> titles = {columns[columns.size() - (total > 0 ? 2 : 1)].header};
  if (total > 0) titles.emplace_back("%");
  std::string stack_title = zh ? "栈" : "stack";
  for (size_t i = 0; i + (total > 0 ? 2 : 1) < columns.size(); ++i) {
    const bool stack = !rows.empty() && i < rows[0]->key.size() && is_stack_key(options.meaning, map.name, i, rows[0]->key[i]);
    if (stack && columns[i].header.rfind("key", 0) != 0) stack_title = columns[i].header;
    if (!stack) titles.push_back(columns[i].header);
  }
  const size_t n = map.entries.size();
  out += style.title(map.name) +
         (zh ? fmt::format(" （{} 个{}，最内层在前）：{}\n", group_digits(static_cast<int64_t>(n)), stack_title,
                           fmt::join(titles, ", "))
             : fmt::format(" ({} {}{}, innermost frame first): {}\n", group_digits(static_cast<int64_t>(n)), stack_title,
                           n == 1 ? "" : "s", fmt::join(titles, ", ")));
  for (size_t r = 0; r < shown; ++r) {
    const MapEntry& e = *rows[r];
    std::string line = "  " + pad(detail::value_text(e.value), value_width, Align::Right);
    if (total > 0) line += "  " + pad(percent(std::get<int64_t>(e.value), total), 6, Align::Right);
    std::vector<std::string> frames;
    for (size_t i = 0; i < e.key.size(); ++i) {
      if (!is_stack_key(options.meaning, map.name, i, e.key[i])) {
        line += "  " + detail::sanitize(e.key[i]);
        continue;
      }
      auto part = stack_frames(e.key[i]);
      if (part.empty()) part.emplace_back(empty_stack_label(zh));
      frames.insert(frames.end(), part.begin(), part.end());
    }
    out += line + "\n";
    for (const std::string& frame : frames) out += "      " + detail::sanitize(frame) + "\n";
  }
}

void render_map(std::string& out, const MapResult& map, const RenderOptions& options, const Styler& style) {
  if (map.entries.empty()) {
    out += style.title(map.name) + ": no entries\n";
    return;
  }
  if (map.entries.size() == 1 && map.entries[0].key.empty()) {
    // "@bytes: 1,234 (bytes)", "@lat: 56 (average latency, us)": the value and what it is.
    const MapInfo* info = info_of(options, map.name);
    std::string what = map.averages ? " (average)" : "";
    if (info && !info->value_title.empty()) {
      const std::string_view unit = unit_label(info->unit);
      what = " (" + info->value_title + (unit.empty() || unit == info->value_title ? "" : ", " + std::string(unit)) + ")";
    }
    out += style.title(map.name) + ": " + detail::value_text(map.entries[0].value) + what + "\n";
    return;
  }
  std::vector<const MapEntry*> rows_in_order;
  if (options.keep_order) {
    for (const MapEntry& e : map.entries) rows_in_order.push_back(&e);
  } else {
    rows_in_order = detail::sorted_entries(map);
  }
  const auto total = detail::map_total(map);
  const bool numeric = total.numeric == map.entries.size();
  const bool shares = numeric && !map.averages && total.nonnegative && total.sum > 0;

  std::vector<std::vector<std::string>> keys;
  keys.reserve(map.entries.size());
  for (const auto& e : map.entries) keys.push_back(e.key);
  const size_t parts = key_parts(keys);

  const MapInfo* info = info_of(options, map.name);
  auto columns = key_columns(parts, info);
  std::string value_header = map.averages ? "average" : numeric ? "count" : "value";
  if (info && !info->value_title.empty()) value_header = title_with_unit(info->value_title, info->unit);
  columns.push_back({value_header, numeric ? Align::Right : Align::Left});
  if (shares) columns.push_back({"%", Align::Right});

  const size_t n = map.entries.size();
  const size_t shown = std::min(options.top_n, rows_in_order.size());
  if (has_stack_key(map, options)) {
    render_stack_rows(out, map, rows_in_order, shown, shares ? total.sum : 0, columns, options, style);
  } else {
    std::vector<std::vector<std::string>> rows;
    rows.reserve(shown);
    for (size_t i = 0; i < shown; ++i) {
      const MapEntry& e = *rows_in_order[i];
      std::vector<std::string> row;
      append_key_cells(row, e.key, parts);
      row.push_back(detail::value_text(e.value));
      if (shares) row.push_back(percent(std::get<int64_t>(e.value), total.sum));
      rows.push_back(std::move(row));
    }
    out += style.title(map.name) +
           fmt::format(" ({} {})\n", group_digits(static_cast<int64_t>(n)), n == 1 ? "key" : "keys");
    append_table(out, columns, rows);
  }
  if (shown < n) {
    const std::string more = fmt::format("  … and {} more", group_digits(static_cast<int64_t>(n - shown)));
    const bool with_total = numeric && !map.averages;
    out += more + (with_total ? fmt::format(" (total {}; {})\n", group_digits(total.sum), more_hint(n))
                              : fmt::format(" ({})\n", more_hint(n)));
  }
}

// Buckets with bars scaled to the largest bucket, bpftrace-style, without empty leading/trailing buckets.
void render_buckets(std::string& out, const Histogram& hist, detail::Unit unit, const RenderOptions& options,
                    const Styler& style) {
  const auto range = detail::nonempty_range(hist);
  uint64_t peak = 0;
  std::vector<std::string> labels;
  size_t label_width = 0, count_width = 0;
  for (size_t i = range.first; i < range.last; ++i) {
    peak = std::max(peak, hist.buckets[i].count);
    labels.push_back(detail::bucket_label(hist.buckets[i], unit));
    label_width = std::max(label_width, display_width(labels.back()));
    count_width = std::max(count_width, detail::group_digits_unsigned(hist.buckets[i].count).size());
  }
  for (size_t i = range.first; i < range.last; ++i) {
    const uint64_t count = hist.buckets[i].count;
    std::string line = "  " + pad(labels[i - range.first], label_width, Align::Left) + "  " +
                       pad(detail::group_digits_unsigned(count), count_width, Align::Right);
    if (options.bar_width > 0) {
      // long double keeps the ratio exact enough for counts up to 2^64.
      const auto filled = static_cast<size_t>(static_cast<long double>(count) * options.bar_width / peak);
      line += " |" + style.bar(std::string(filled, '@')) + std::string(options.bar_width - filled, ' ') + "|";
    }
    out += line + "\n";
  }
}

std::string samples(uint64_t n) {
  return detail::group_digits_unsigned(n) + (n == 1 ? " sample" : " samples");
}

void render_hist(std::string& out, const HistResult& hist, const RenderOptions& options,
                 const Styler& style) {
  const MapInfo* info = info_of(options, hist.name);
  const auto unit = info ? info->unit : detail::unit_from_name(hist.name);
  const auto order = detail::sorted_hists(hist);
  // "@usecs, latency (us), by process": what the buckets measure and what the keys are.
  std::string what;
  if (info && !info->value_title.empty()) {
    what = ", " + title_with_unit(info->value_title, unit);
    std::vector<std::string> key_titles;
    for (const ColumnInfo& k : info->keys) key_titles.push_back(k.title);
    if (!key_titles.empty())
      what += (options.meaning->zh() ? "，按" : ", by ") + fmt::format("{}", fmt::join(key_titles, ", "));
  }
  if (order.empty()) {
    out += style.title(hist.name) + ": no entries\n";
    return;
  }
  const size_t shown = std::min(options.top_n, order.size());
  for (size_t i = 0; i < shown; ++i) {
    const Histogram& h = *order[i];
    const std::string title = h.key.empty() ? hist.name : hist.name + "[" + detail::key_text(h.key) + "]";
    const uint64_t total = detail::hist_total(h);
    if (i) out += "\n";
    if (total == 0) {
      out += style.title(title) + ": no samples\n";
      continue;
    }
    out += style.title(title) + " (" + samples(total) + what + ")\n";
    render_buckets(out, h, unit, options, style);
  }
  if (shown < order.size()) {
    uint64_t rest = 0;
    for (size_t i = shown; i < order.size(); ++i) rest += detail::hist_total(*order[i]);
    out += fmt::format("\n{}: … and {} more keys ({}; {})\n", hist.name,
                       group_digits(static_cast<int64_t>(order.size() - shown)), samples(rest),
                       more_hint(order.size()));
  }
}

void render_stats(std::string& out, const StatsResult& stats, const RenderOptions& options,
                  const Styler& style) {
  if (stats.stats.size() == 1 && stats.stats[0].key.empty()) {
    const Stats& s = stats.stats[0];
    out += style.title(stats.name) + fmt::format(": count {}, average {}, total {}\n", group_digits(s.count),
                                                 group_digits(s.average), group_digits(s.total));
    return;
  }
  std::vector<const Stats*> order;
  std::vector<std::vector<std::string>> keys;
  for (const auto& s : stats.stats) {
    order.push_back(&s);
    keys.push_back(s.key);
  }
  std::stable_sort(order.begin(), order.end(), [](const Stats* a, const Stats* b) {
    if (a->total != b->total) return a->total > b->total;
    return detail::key_less(a->key, b->key);
  });
  const size_t parts = key_parts(keys);
  auto columns = key_columns(parts, info_of(options, stats.name));
  for (const char* name : {"count", "average", "total"}) columns.push_back({name, Align::Right});
  const size_t shown = std::min(options.top_n, order.size());
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < shown; ++i) {
    std::vector<std::string> row;
    append_key_cells(row, order[i]->key, parts);
    row.push_back(group_digits(order[i]->count));
    row.push_back(group_digits(order[i]->average));
    row.push_back(group_digits(order[i]->total));
    rows.push_back(std::move(row));
  }
  const size_t n = order.size();
  out += style.title(stats.name) +
         fmt::format(" ({} {})\n", group_digits(static_cast<int64_t>(n)), n == 1 ? "key" : "keys");
  append_table(out, columns, rows);
  if (shown < n)
    out += fmt::format("  … and {} more ({})\n", group_digits(static_cast<int64_t>(n - shown)), more_hint(n));
}

}  // namespace

std::string render_text(const Results& results, const RenderOptions& options) {
  const Styler style(options.color);
  std::string out;
  auto block = [&](auto render, const auto& item) {
    if (!out.empty()) out += "\n";
    render(out, item, options, style);
  };
  // Scalars are one line each, so they are kept together rather than separated by blank lines.
  for (const auto& m : results.maps) {
    const bool scalar = m.entries.size() == 1 && m.entries[0].key.empty();
    if (scalar) render_map(out, m, options, style);
  }
  for (const auto& m : results.maps) {
    const bool scalar = m.entries.size() == 1 && m.entries[0].key.empty();
    if (!scalar) block(render_map, m);
  }
  for (const auto& h : results.hists) block(render_hist, h);
  for (const auto& s : results.stats) block(render_stats, s);
  return out;
}

void keep_row_order(MapResult& map, std::vector<std::vector<std::string>>& order) {
  std::vector<MapEntry> sorted;
  for (const MapEntry* e : detail::sorted_entries(map)) sorted.push_back(*e);
  std::vector<MapEntry> out;
  for (const auto& key : order) {
    auto it = std::find_if(sorted.begin(), sorted.end(), [&](const MapEntry& e) { return e.key == key; });
    if (it == sorted.end()) continue;
    out.push_back(std::move(*it));
    sorted.erase(it);
  }
  for (MapEntry& e : sorted) {
    order.push_back(e.key);
    out.push_back(std::move(e));
  }
  map.entries = std::move(out);
}

std::string human_count(int64_t value) {
  const uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  const std::string sign = value < 0 ? "-" : "";
  if (magnitude < 1000) return sign + std::to_string(magnitude);
  static constexpr std::array<const char*, 6> kSuffix = {"K", "M", "G", "T", "P", "E"};
  double scaled = static_cast<double>(magnitude);
  for (size_t i = 0; i < kSuffix.size(); ++i) {
    scaled /= 1000.0;
    // One decimal below 100 ("1.2 M", "12.3 K"), none above ("123 K"); rounding up may reach the next unit.
    if (scaled >= 999.5 && i + 1 < kSuffix.size()) continue;
    std::string text = scaled < 99.95 ? fmt::format("{:.1f}", scaled) : fmt::format("{:.0f}", scaled);
    if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
    return sign + text + " " + kSuffix[i];
  }
  return {};  // unreachable: int64 magnitudes end at E
}

}  // namespace gpttrace
