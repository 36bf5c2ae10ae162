// render_text and human_count: maps as sorted tables, histograms with bars, stats tables.
#include "results/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

#include "results/format.h"

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

std::vector<Column> key_columns(size_t parts) {
  std::vector<Column> columns;
  for (size_t i = 0; i < std::max<size_t>(parts, 1); ++i)
    columns.push_back({i == 0 ? "key" : fmt::format("key{}", i + 1), Align::Left});
  return columns;
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

void render_map(std::string& out, const MapResult& map, const RenderOptions& options, const Styler& style) {
  if (map.entries.empty()) {
    out += style.title(map.name) + ": no entries\n";
    return;
  }
  if (map.entries.size() == 1 && map.entries[0].key.empty()) {
    out += style.title(map.name) + ": " + detail::value_text(map.entries[0].value) +
           (map.averages ? " (average)\n" : "\n");
    return;
  }
  const auto rows_in_order = detail::sorted_entries(map);
  const auto total = detail::map_total(map);
  const bool numeric = total.numeric == map.entries.size();
  const bool shares = numeric && !map.averages && total.nonnegative && total.sum > 0;

  std::vector<std::vector<std::string>> keys;
  keys.reserve(map.entries.size());
  for (const auto& e : map.entries) keys.push_back(e.key);
  const size_t parts = key_parts(keys);

  auto columns = key_columns(parts);
  const char* value_header = map.averages ? "average" : numeric ? "count" : "value";
  columns.push_back({value_header, numeric ? Align::Right : Align::Left});
  if (shares) columns.push_back({"%", Align::Right});

  const size_t shown = std::min(options.top_n, rows_in_order.size());
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
  const size_t n = map.entries.size();
  out += style.title(map.name) +
         fmt::format(" ({} {})\n", group_digits(static_cast<int64_t>(n)), n == 1 ? "key" : "keys");
  append_table(out, columns, rows);
  if (shown < n) {
    const std::string more = fmt::format("  … and {} more", group_digits(static_cast<int64_t>(n - shown)));
    const bool with_total = numeric && !map.averages;
    out += with_total ? more + fmt::format(" (total {})\n", group_digits(total.sum)) : more + "\n";
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
  const auto unit = detail::unit_from_name(hist.name);
  const auto order = detail::sorted_hists(hist);
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
    out += style.title(title) + " (" + samples(total) + ")\n";
    render_buckets(out, h, unit, options, style);
  }
  if (shown < order.size()) {
    uint64_t rest = 0;
    for (size_t i = shown; i < order.size(); ++i) rest += detail::hist_total(*order[i]);
    out += fmt::format("\n{}: … and {} more keys ({})\n", hist.name,
                       group_digits(static_cast<int64_t>(order.size() - shown)), samples(rest));
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
  auto columns = key_columns(parts);
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
  if (shown < n) out += fmt::format("  … and {} more\n", group_digits(static_cast<int64_t>(n - shown)));
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
