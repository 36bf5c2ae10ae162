// summarize: a few sentences computed only from the parsed data (shares, totals, percentiles, warnings).
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "results/format.h"
#include "results/render.h"

namespace gpttrace {
namespace {

using detail::group_digits;

constexpr size_t kMaxMapSentences = 5;
constexpr size_t kMaxHistSentences = 3;
constexpr size_t kMaxStatsSentences = 2;

// "25%", "2.5%", "<0.1%": whole percents when that is precise enough.
std::string share(uint64_t part, uint64_t total) {
  const double pct = 100.0 * static_cast<double>(part) / static_cast<double>(total);
  if (pct >= 9.95) return fmt::format("{:.0f}%", pct);
  if (pct >= 0.05) return fmt::format("{:.1f}%", pct);
  return part ? "<0.1%" : "0%";
}

std::string share(int64_t part, int64_t total) {
  return share(static_cast<uint64_t>(part), static_cast<uint64_t>(total));
}

// Exact below 10,000, "1.2 M" style above: prose wants the magnitude, tables carry the digits.
std::string amount(int64_t v) {
  return v > -10000 && v < 10000 ? group_digits(v) : human_count(v);
}

std::string amount(uint64_t v) {
  return v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ? detail::group_digits_unsigned(v)
                                                                        : amount(static_cast<int64_t>(v));
}

std::string plural(size_t n, const char* one, const char* many) {
  return group_digits(static_cast<int64_t>(n)) + " " + (n == 1 ? one : many);
}

bool is_scalar(const MapResult& m) {
  return m.entries.size() == 1 && m.entries[0].key.empty();
}

// The keyed numeric map with the largest nonnegative total: the one a reader most likely asked about.
const MapResult* biggest_keyed_map(const Results& results) {
  const MapResult* best = nullptr;
  int64_t best_sum = 0;
  for (const auto& m : results.maps) {
    if (is_scalar(m) || m.entries.size() < 2 || m.averages) continue;
    const auto t = detail::map_total(m);
    if (t.numeric != m.entries.size() || !t.nonnegative || t.sum <= 0) continue;
    if (!best || t.sum > best_sum) {
      best = &m;
      best_sum = t.sum;
    }
  }
  return best;
}

std::string top_map_sentence(const MapResult& m) {
  const auto rows = detail::sorted_entries(m);
  const int64_t total = detail::map_total(m).sum;
  const auto value = [](const MapEntry* e) { return std::get<int64_t>(e->value); };
  std::string s = fmt::format("{} has the largest share of {}: {} of {} ({}, {}).",
                              detail::key_text(rows[0]->key), m.name, amount(value(rows[0])), amount(total),
                              share(value(rows[0]), total), plural(rows.size(), "key", "keys"));
  std::vector<std::string> next;
  for (size_t i = 1; i < std::min<size_t>(rows.size(), 3); ++i)
    next.push_back(fmt::format("{} {} ({})", detail::key_text(rows[i]->key), amount(value(rows[i])),
                               share(value(rows[i]), total)));
  if (!next.empty()) s += fmt::format(" Next: {}.", fmt::join(next, ", "));
  return s;
}

std::string map_sentence(const MapResult& m) {
  if (m.entries.empty()) return m.name + ": no entries.";
  if (is_scalar(m))
    return fmt::format("{} = {}{}.", m.name, detail::value_text(m.entries[0].value),
                       m.averages ? " (average)" : "");
  const auto t = detail::map_total(m);
  if (t.numeric != m.entries.size())
    return fmt::format("{}: {} with text values.", m.name, plural(m.entries.size(), "key", "keys"));
  const auto rows = detail::sorted_entries(m);
  if (m.averages)
    return fmt::format("{}: averages for {}; highest {} ({}).", m.name,
                       plural(m.entries.size(), "key", "keys"), detail::key_text(rows[0]->key),
                       amount(std::get<int64_t>(rows[0]->value)));
  return fmt::format("{}: {}, total {}; largest {} ({}).", m.name, plural(m.entries.size(), "key", "keys"),
                     amount(t.sum), detail::key_text(rows[0]->key),
                     amount(std::get<int64_t>(rows[0]->value)));
}

std::string percentiles(const Histogram& h, detail::Unit unit) {
  std::vector<std::string> parts;
  for (const auto& [name, q] : {std::pair{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}})
    parts.push_back(
        fmt::format("{} in {}", name, detail::bucket_label(*detail::quantile_bucket(h, q), unit)));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string hist_sentence(const HistResult& hist) {
  const auto unit = detail::unit_from_name(hist.name);
  const auto order = detail::sorted_hists(hist);
  uint64_t samples = 0;
  for (const auto* h : order)
    if (__builtin_add_overflow(samples, detail::hist_total(*h), &samples))
      samples = std::numeric_limits<uint64_t>::max();
  if (samples == 0) return hist.name + ": no samples.";
  const std::string count = amount(samples) + (samples == 1 ? " sample" : " samples");
  if (order.size() == 1 && order[0]->key.empty())
    return fmt::format("{}: {}; {}.", hist.name, count, percentiles(*order[0], unit));
  const Histogram& top = *order[0];
  const uint64_t top_total = detail::hist_total(top);
  return fmt::format("{}: {} over {}; {} has the most ({}, {}): {}.", hist.name, count,
                     plural(order.size(), "key", "keys"), detail::key_text(top.key), amount(top_total),
                     share(top_total, samples), percentiles(top, unit));
}

std::string stats_sentence(const StatsResult& stats) {
  if (stats.stats.empty()) return stats.name + ": no entries.";
  if (stats.stats.size() == 1 && stats.stats[0].key.empty()) {
    const Stats& s = stats.stats[0];
    return fmt::format("{}: {} values, average {}, total {}.", stats.name, amount(s.count), amount(s.average),
                       amount(s.total));
  }
  const auto top =
      std::min_element(stats.stats.begin(), stats.stats.end(), [](const Stats& a, const Stats& b) {
        if (a.total != b.total) return a.total > b.total;
        return detail::key_less(a.key, b.key);
      });
  int64_t sum = 0;
  bool nonnegative = true;
  for (const auto& s : stats.stats) {
    nonnegative = nonnegative && s.total >= 0;
    if (__builtin_add_overflow(sum, s.total, &sum)) nonnegative = false;
  }
  const std::string of_all =
      nonnegative && sum > 0 ? fmt::format(" ({} of all)", share(top->total, sum)) : "";
  return fmt::format("{}: {}; {} has the largest total, {}{}, from {} values averaging {}.", stats.name,
                     plural(stats.stats.size(), "key", "keys"), detail::key_text(top->key),
                     amount(top->total), of_all, amount(top->count), amount(top->average));
}

std::string helper_error_sentence(const std::vector<HelperError>& errors) {
  // Group identical errors so a probe that fails a million times reads as one line with a count.
  std::map<std::tuple<int, int, std::string, int64_t>, size_t> groups;
  for (const auto& e : errors) ++groups[{e.line, e.col, e.helper, e.retcode}];
  std::vector<std::string> parts;
  for (const auto& [where, n] : groups) {
    if (parts.size() == 3) {
      parts.push_back("…");
      break;
    }
    const auto& [line, col, helper, retcode] = where;
    parts.push_back(
        fmt::format("{} returned {} at {}:{}{}", detail::sanitize(helper), retcode, line, col,
                    n > 1 ? fmt::format(" ({} times)", group_digits(static_cast<int64_t>(n))) : ""));
  }
  return fmt::format("Warning: {} ({}); values those helpers read are 0 or empty.",
                     plural(errors.size(), "BPF helper error", "BPF helper errors"), fmt::join(parts, "; "));
}

}  // namespace

std::vector<std::string> summarize(const Results& results) {
  std::vector<std::string> out;
  const MapResult* top = biggest_keyed_map(results);
  if (top) out.push_back(top_map_sentence(*top));
  size_t map_sentences = out.size();
  for (const auto& m : results.maps) {
    if (&m == top) continue;
    if (map_sentences++ == kMaxMapSentences) break;
    out.push_back(map_sentence(m));
  }
  for (size_t i = 0; i < std::min(results.hists.size(), kMaxHistSentences); ++i)
    out.push_back(hist_sentence(results.hists[i]));
  for (size_t i = 0; i < std::min(results.stats.size(), kMaxStatsSentences); ++i)
    out.push_back(stats_sentence(results.stats[i]));
  if (!results.events.empty())
    out.push_back(fmt::format("{} printed.", plural(results.events.size(), "line was", "lines were")));
  const bool no_data =
      results.maps.empty() && results.hists.empty() && results.stats.empty() && results.events.empty();
  if (no_data)
    out.push_back(
        fmt::format("No data was collected ({} attached).",
                    plural(static_cast<size_t>(std::max(results.attached_probes, 0)), "probe", "probes")));
  if (results.lost_events)
    out.push_back(fmt::format(
        "Warning: {} lost (bpftrace's output buffer overflowed), so printed output is incomplete; "
        "in-kernel map totals are not affected.",
        results.lost_events == 1 ? std::string("1 event was")
                                 : amount(results.lost_events) + " events were"));
  if (!results.helper_errors.empty()) out.push_back(helper_error_sentence(results.helper_errors));
  if (results.unparsed_lines)
    out.push_back(fmt::format("Note: {} not understood.",
                              results.unparsed_lines == 1
                                  ? std::string("1 line of output was")
                                  : amount(results.unparsed_lines) + " lines of output were"));
  return out;
}

}  // namespace gpttrace
