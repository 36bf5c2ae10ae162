// summarize: a few sentences computed only from the parsed data (shares, totals, percentiles, warnings).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "results/format.h"
#include "results/render.h"
#include "results/stacks.h"

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

// The sentences' language and the titles of each map, from the meaning when there is one.
struct Voice {
  const ResultsMeaning* meaning = nullptr;
  bool zh() const { return meaning && meaning->zh(); }
  const MapInfo* info(const std::string& name) const { return meaning ? meaning->find(name) : nullptr; }
  std::string keys(size_t n) const { return zh() ? fmt::format("{} 个键", group_digits(static_cast<int64_t>(n))) : plural(n, "key", "keys"); }
  // "@opens (count)" / "@usecs (latency, us)": the map and what its numbers are.
  std::string map(const std::string& name) const {
    const MapInfo* i = info(name);
    if (!i || i->value_title.empty()) return name;
    return fmt::format("{} ({})", name, title_with_unit(i->value_title, i->unit));
  }
  detail::Unit unit(const std::string& name) const {
    const MapInfo* i = info(name);
    return i ? i->unit : detail::unit_from_name(name);
  }
};

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

// A key for prose; a stack reads as its innermost frame.
std::string key_words(const MapEntry& e, const Voice& v, const std::string& map) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < e.key.size(); ++i) {
    if (!is_stack_key(v.meaning, map, i, e.key[i])) {
      parts.push_back(detail::sanitize(e.key[i]));
      continue;
    }
    auto frames = stack_frames(e.key[i]);
    parts.push_back(frames.empty() ? std::string(empty_stack_label(v.zh()))
                                   : (v.zh() ? "栈顶 " : "the stack at ") + detail::sanitize(frames[0]));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string top_map_sentence(const MapResult& m, const Voice& v) {
  const auto rows = detail::sorted_entries(m);
  const int64_t total = detail::map_total(m).sum;
  const auto value = [](const MapEntry* e) { return std::get<int64_t>(e->value); };
  std::string s = v.zh() ? fmt::format("{} 在 {} 中占比最大：{} / {}（{}，共 {}）。", key_words(*rows[0], v, m.name),
                                       v.map(m.name), amount(value(rows[0])), amount(total),
                                       share(value(rows[0]), total), v.keys(rows.size()))
                         : fmt::format("{} has the largest share of {}: {} of {} ({}, {}).",
                                       key_words(*rows[0], v, m.name), v.map(m.name), amount(value(rows[0])),
                                       amount(total), share(value(rows[0]), total), v.keys(rows.size()));
  std::vector<std::string> next;
  for (size_t i = 1; i < std::min<size_t>(rows.size(), 3); ++i)
    next.push_back(fmt::format("{} {} ({})", key_words(*rows[i], v, m.name), amount(value(rows[i])),
                               share(value(rows[i]), total)));
  if (!next.empty()) s += fmt::format(fmt::runtime(v.zh() ? "其次：{}。" : " Next: {}."), fmt::join(next, ", "));
  return s;
}

std::string map_sentence(const MapResult& m, const Voice& v) {
  if (m.entries.empty()) return m.name + (v.zh() ? "：没有数据。" : ": no entries.");
  if (is_scalar(m))
    return fmt::format("{} = {}{}.", v.map(m.name), detail::value_text(m.entries[0].value),
                       m.averages ? " (average)" : "");
  const auto t = detail::map_total(m);
  if (t.numeric != m.entries.size())
    return fmt::format(fmt::runtime(v.zh() ? "{}：{}，值为文本。" : "{}: {} with text values."), m.name, v.keys(m.entries.size()));
  const auto rows = detail::sorted_entries(m);
  if (m.averages)
    return fmt::format(fmt::runtime(v.zh() ? "{}：{} 的平均值；最高 {}（{}）。" : "{}: averages for {}; highest {} ({})."),
                       v.map(m.name), v.keys(m.entries.size()), key_words(*rows[0], v, m.name),
                       amount(std::get<int64_t>(rows[0]->value)));
  return fmt::format(fmt::runtime(v.zh() ? "{}：{}，合计 {}；最大 {}（{}）。" : "{}: {}, total {}; largest {} ({})."),
                     v.map(m.name), v.keys(m.entries.size()), amount(t.sum), key_words(*rows[0], v, m.name),
                     amount(std::get<int64_t>(rows[0]->value)));
}

std::string percentiles(const Histogram& h, detail::Unit unit) {
  std::vector<std::string> parts;
  for (const auto& [name, q] : {std::pair{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}})
    parts.push_back(
        fmt::format("{} in {}", name, detail::bucket_label(*detail::quantile_bucket(h, q), unit)));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string hist_sentence(const HistResult& hist, const Voice& v) {
  const auto unit = v.unit(hist.name);
  const auto order = detail::sorted_hists(hist);
  uint64_t samples = 0;
  for (const auto* h : order)
    if (__builtin_add_overflow(samples, detail::hist_total(*h), &samples))
      samples = std::numeric_limits<uint64_t>::max();
  if (samples == 0) return hist.name + (v.zh() ? "：没有样本。" : ": no samples.");
  const std::string count =
      v.zh() ? amount(samples) + " 个样本" : amount(samples) + (samples == 1 ? " sample" : " samples");
  if (order.size() == 1 && order[0]->key.empty())
    return fmt::format("{}: {}; {}.", v.map(hist.name), count, percentiles(*order[0], unit));
  const Histogram& top = *order[0];
  const uint64_t top_total = detail::hist_total(top);
  return fmt::format(fmt::runtime(v.zh() ? "{}：{}，{}；{} 最多（{}，{}）：{}。" : "{}: {} over {}; {} has the most ({}, {}): {}."),
                     v.map(hist.name), count, v.keys(order.size()), detail::key_text(top.key), amount(top_total),
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

// Per-second tables: the total over the run, the average rate, the busiest second and the top key's share.
std::string rate_sentence(const std::string& name, const std::vector<const Snapshot*>& seconds, const Voice& v) {
  std::map<std::vector<std::string>, int64_t> by_key;
  int64_t total = 0, busiest = -1;
  std::string busiest_time;
  for (const Snapshot* s : seconds) {
    int64_t in_second = 0;
    for (const MapEntry& e : s->map.entries) {
      const auto* n = std::get_if<int64_t>(&e.value);
      if (!n) continue;
      in_second += *n;
      by_key[e.key] += *n;
    }
    total += in_second;
    if (in_second > busiest) busiest = in_second, busiest_time = s->time;
  }
  const size_t n = seconds.size();
  const auto per_second = [&](int64_t x) { return amount(static_cast<int64_t>(std::llround(static_cast<double>(x) / n))); };
  std::string out = v.zh() ? fmt::format("{}：{} 秒内共 {}，平均每秒 {}", v.map(name), n, amount(total), per_second(total))
                           : fmt::format("{}: {} over {} {}, {}/s on average", v.map(name), amount(total), n,
                                         n == 1 ? "second" : "seconds", per_second(total));
  if (!busiest_time.empty() && n > 1)
    out += fmt::format(fmt::runtime(v.zh() ? "；最高的一秒 {} 有 {}" : "; busiest second {} with {}"), busiest_time, amount(busiest));
  const auto top = std::max_element(by_key.begin(), by_key.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  if (top != by_key.end() && total > 0 && by_key.size() > 1)
    out += fmt::format(fmt::runtime(v.zh() ? "；{} 占 {}（每秒 {}）" : "; {} made {} ({}/s)"), detail::key_text(top->first),
                       share(top->second, total), per_second(top->second));
  return out + (v.zh() ? "。" : ".");
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

std::vector<std::string> summarize(const Results& results, const ResultsMeaning* meaning) {
  const Voice v{meaning};
  std::vector<std::string> out;
  // Per-second tables first: their rate is the answer; their time lines are not events.
  std::vector<std::string> rate_maps;
  for (const Snapshot& s : results.snapshots)
    if (std::find(rate_maps.begin(), rate_maps.end(), s.map.name) == rate_maps.end()) rate_maps.push_back(s.map.name);
  for (const std::string& name : rate_maps) {
    std::vector<const Snapshot*> seconds;
    for (const Snapshot& s : results.snapshots)
      if (s.map.name == name) seconds.push_back(&s);
    out.push_back(rate_sentence(name, seconds, v));
  }
  const MapResult* top = biggest_keyed_map(results);
  if (top) out.push_back(top_map_sentence(*top, v));
  size_t map_sentences = out.size();
  for (const auto& m : results.maps) {
    if (&m == top) continue;
    if (map_sentences++ == kMaxMapSentences) break;
    out.push_back(map_sentence(m, v));
  }
  for (size_t i = 0; i < std::min(results.hists.size(), kMaxHistSentences); ++i)
    out.push_back(hist_sentence(results.hists[i], v));
  for (size_t i = 0; i < std::min(results.stats.size(), kMaxStatsSentences); ++i)
    out.push_back(stats_sentence(results.stats[i]));
  const size_t events =
      results.events.size() > results.framing_lines ? results.events.size() - results.framing_lines : 0;
  if (events > 0 && results.traced_seconds >= 0.5) {
    double rate = static_cast<double>(events) / results.traced_seconds;
    out.push_back(v.zh() ? fmt::format("共输出 {} 行事件，{:.1f} 秒内平均每秒 {:.1f} 行。",
                                       group_digits(static_cast<int64_t>(events)), results.traced_seconds, rate)
                         : fmt::format("{} printed in {:.1f} s ({:.1f} per second).",
                                       plural(events, "event line was", "event lines were"), results.traced_seconds,
                                       rate));
  } else if (events > 0) {
    out.push_back(v.zh() ? fmt::format("共输出 {} 行事件。", group_digits(static_cast<int64_t>(events)))
                         : fmt::format("{} printed.", plural(events, "event line was", "event lines were")));
  }
  const bool no_data = results.maps.empty() && results.hists.empty() && results.stats.empty() && events == 0 &&
                       results.snapshots.empty();
  if (no_data && v.zh())
    out.push_back(fmt::format("没有收集到数据（已挂载 {} 个探针）。", std::max(results.attached_probes, 0)));
  else if (no_data)
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
