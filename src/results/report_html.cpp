// report_html: sections of escaped text, HTML tables and SVG charts drawn here; flame graphs inlined.
#include "results/report_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "results/flamegraph.h"
#include "results/format.h"
#include "results/render.h"
#include "results/stacks.h"

namespace gpttrace {
namespace {

constexpr size_t kMaxTableRows = 2000;
constexpr size_t kMaxStackRows = 20;  // the flame graph above shows them all
constexpr size_t kMaxEventLines = 10000;
constexpr size_t kMaxHistKeys = 20;
constexpr size_t kSeriesLines = 6;  // keys drawn in a per-second chart (the largest), besides the total

std::string esc(std::string_view text) { return markup_escape(text, true); }

constexpr std::string_view kStyle = R"CSS(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
header { background: #1d2b45; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 6px; font-size: 22px; }
header .req { font-size: 17px; color: #ffd479; }
header .run { color: #c5cde0; font-size: 13px; margin-top: 4px; }
main { padding: 8px 28px 40px; max-width: 1280px; }
section { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); margin: 16px 0; padding: 14px 18px; }
h2 { font-size: 17px; margin: 0 0 10px; color: #24406f; }
h3 { font-size: 15px; margin: 14px 0 6px; }
pre { background: #f0f2f6; padding: 10px; border-radius: 6px; overflow-x: auto; font-size: 12.5px; }
table { border-collapse: collapse; font-size: 13px; }
th { text-align: left; border-bottom: 2px solid #c9d1e0; padding: 4px 10px; color: #34496e; }
td { border-bottom: 1px solid #eceff5; padding: 3px 10px; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td .raw { color: #8a94a6; font-size: 11px; margin-left: 6px; }
.share { display: inline-block; height: 10px; background: #4c7bd9; border-radius: 2px; margin-right: 6px; }
ul.summary li { margin: 4px 0; }
.frames { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre; color: #333; }
.note { color: #8a5a00; }
svg text { font-family: system-ui, sans-serif; }
)CSS";

// Marks the page ready once every flame graph's own script has run; an error anywhere leaves it unset.
constexpr std::string_view kReadyScript = R"JS(
(function () {
  var graphs = document.querySelectorAll("svg.flamegraph");
  for (var i = 0; i < graphs.length; i++)
    if (graphs[i].getAttribute("data-ready") !== "1") throw new Error("flame graph " + i + " not ready");
  document.body.setAttribute("data-report-ready", "1");
})();
)JS";

struct Page {
  const ResultsMeaning& meaning;
  std::string html;
  int graphs = 0;

  bool zh() const { return meaning.zh(); }
  const MapInfo* info(const std::string& name) const { return meaning.find(name); }

  std::string key_title(const std::string& map, size_t i) const {
    const MapInfo* m = info(map);
    if (m && i < m->keys.size() && !m->keys[i].title.empty()) return m->keys[i].title;
    return i == 0 ? "key" : fmt::format("key{}", i + 1);
  }

  std::string value_title(const MapResult& map) const {
    const MapInfo* m = info(map.name);
    if (m && !m->value_title.empty()) return title_with_unit(m->value_title, m->unit);
    return map.averages ? "average" : "value";
  }

  // A decoded key cell shows its raw value beside the name.
  std::string key_cell(const std::vector<std::string>& key, const std::vector<std::string>& raw, size_t i) const {
    std::string cell = esc(i < key.size() ? key[i] : "");
    if (i < raw.size() && i < key.size() && raw[i] != key[i]) cell += "<span class=\"raw\">" + esc(raw[i]) + "</span>";
    return cell;
  }

  void map_section(const MapResult& map) {
    if (map.entries.size() == 1 && map.entries[0].key.empty()) {
      html += fmt::format("<h3>{}</h3><p>{}: <b>{}</b></p>\n", esc(map.name), esc(value_title(map)),
                          esc(detail::value_text(map.entries[0].value)));
      return;
    }
    const auto rows = detail::sorted_entries(map);
    const auto total = detail::map_total(map);
    const bool shares = total.numeric == map.entries.size() && !map.averages && total.nonnegative && total.sum > 0;
    bool stacked = false;
    size_t parts = 0;
    for (const MapEntry& e : map.entries) {
      parts = std::max(parts, e.key.size());
      for (size_t i = 0; i < e.key.size(); ++i) stacked = stacked || is_stack_key(&meaning, map.name, i, e.key[i]);
    }
    html += fmt::format("<h3>{} <small>({} {})</small></h3>\n", esc(map.name), detail::group_digits(static_cast<int64_t>(rows.size())),
                        stacked ? "stacks" : "keys");
    if (stacked) {
      Results only;
      only.maps.push_back(map);
      FlameGraphOptions fg;
      fg.id = fmt::format("fg{}", graphs++);
      fg.title = map.name + " — " + value_title(map);
      fg.subtitle = zh() ? "悬停查看帧与占比，点击放大，Search 搜索" : "hover: frame and share; click: zoom; Search: highlight";
      fg.standalone = false;
      html += flamegraph_svg(folded_stacks(only, &meaning), fg);
    }
    html += "<table><tr>";
    if (stacked) html += fmt::format("<th>{}</th>", esc(value_title(map)));
    for (size_t i = 0; i < parts; ++i)
      if (!stacked || map.entries.empty() || !is_stack_key(&meaning, map.name, i, rows[0]->key.size() > i ? rows[0]->key[i] : ""))
        html += fmt::format("<th>{}</th>", esc(key_title(map.name, i)));
    if (!stacked) html += fmt::format("<th>{}</th>", esc(value_title(map)));
    if (shares) html += "<th>%</th>";
    if (stacked) html += fmt::format("<th>{}</th>", zh() ? "栈（最内层在上）" : "stack (innermost first)");
    html += "</tr>\n";
    const size_t shown = std::min(rows.size(), stacked ? kMaxStackRows : kMaxTableRows);
    for (size_t r = 0; r < shown; ++r) {
      const MapEntry& e = *rows[r];
      std::string frames;
      std::string cells;
      for (size_t i = 0; i < parts; ++i) {
        if (i < e.key.size() && is_stack_key(&meaning, map.name, i, e.key[i])) {
          auto f = stack_frames(e.key[i]);
          if (f.empty()) f.emplace_back(empty_stack_label(zh()));
          for (const std::string& frame : f) frames += esc(frame) + "\n";
        } else {
          cells += "<td>" + key_cell(e.key, e.raw_key, i) + "</td>";
        }
      }
      const std::string value = "<td class=\"num\">" + esc(detail::value_text(e.value)) + "</td>";
      std::string share;
      if (shares) {
        const double pct = 100.0 * static_cast<double>(std::get<int64_t>(e.value)) / static_cast<double>(total.sum);
        share = fmt::format("<td class=\"num\"><span class=\"share\" style=\"width:{:.0f}px\"></span>{:.1f}%</td>", pct, pct);
      }
      html += "<tr>" + (stacked ? value + cells : cells + value) + share +
              (stacked ? "<td class=\"frames\">" + frames + "</td>" : "") + "</tr>\n";
    }
    html += "</table>\n";
    if (shown < rows.size())
      html += fmt::format("<p class=\"note\">… and {} more rows (the JSON output has all of them).</p>\n",
                          detail::group_digits(static_cast<int64_t>(rows.size() - shown)));
  }

  // Horizontal bars per bucket, scaled to the largest, with the percentiles under the chart.
  void hist_chart(const std::string& title, const Histogram& h, detail::Unit unit) {
    const auto range = detail::nonempty_range(h);
    uint64_t peak = 1;
    for (size_t i = range.first; i < range.last; ++i) peak = std::max(peak, h.buckets[i].count);
    const int row = 20, label_w = 170, bar_w = 560, height = static_cast<int>(range.last - range.first) * row + 10;
    html += fmt::format("<h3>{} <small>({} samples)</small></h3>\n", esc(title),
                        detail::group_digits_unsigned(detail::hist_total(h)));
    html += fmt::format("<svg class=\"hist\" width=\"{}\" height=\"{}\" role=\"img\">\n", label_w + bar_w + 120, height);
    const HistBucket* p50 = detail::quantile_bucket(h, 0.5);
    const HistBucket* p99 = detail::quantile_bucket(h, 0.99);
    for (size_t i = range.first; i < range.last; ++i) {
      const HistBucket& b = h.buckets[i];
      const int y = static_cast<int>(i - range.first) * row + 4;
      const double w = static_cast<double>(b.count) / static_cast<double>(peak) * bar_w;
      const char* fill = &b == p50 ? "#2f9e44" : &b == p99 ? "#e8590c" : "#4c7bd9";
      html += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text><rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" "
          "height=\"{}\" fill=\"{}\" rx=\"2\"><title>{}: {}</title></rect><text x=\"{:.1f}\" y=\"{}\" font-size=\"12\">{}</text>\n",
          label_w - 8, y + 13, esc(detail::bucket_label(b, unit)), label_w, y, std::max(w, b.count ? 1.0 : 0.0), row - 4,
          fill, esc(detail::bucket_label(b, unit)), b.count, label_w + w + 6, y + 13,
          detail::group_digits_unsigned(b.count));
    }
    html += "</svg>\n<p>";
    for (const auto& [name, q] : {std::pair{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}})
      if (const HistBucket* b = detail::quantile_bucket(h, q))
        html += fmt::format("<b>{}</b> in {} &nbsp; ", name, esc(detail::bucket_label(*b, unit)));
    html += zh() ? "（绿色：p50 所在桶，橙色：p99 所在桶）</p>\n" : "(green: the p50 bucket, orange: the p99 bucket)</p>\n";
  }

  void hist_section(const HistResult& hist) {
    const MapInfo* m = info(hist.name);
    const auto unit = m ? m->unit : detail::unit_from_name(hist.name);
    const auto order = detail::sorted_hists(hist);
    const std::string what = m && !m->value_title.empty() ? " — " + title_with_unit(m->value_title, unit) : "";
    for (size_t i = 0; i < std::min(order.size(), kMaxHistKeys); ++i) {
      std::string title = hist.name + what;
      if (!order[i]->key.empty()) title += " [" + detail::key_text(order[i]->key) + "]";
      hist_chart(title, *order[i], unit);
    }
    if (order.size() > kMaxHistKeys)
      html += fmt::format("<p class=\"note\">… and {} more keys (in the JSON output).</p>\n", order.size() - kMaxHistKeys);
  }

  void stats_section(const StatsResult& stats) {
    html += fmt::format("<h3>{}</h3><table><tr>", esc(stats.name));
    size_t parts = 0;
    for (const Stats& s : stats.stats) parts = std::max(parts, s.key.size());
    for (size_t i = 0; i < parts; ++i) html += fmt::format("<th>{}</th>", esc(key_title(stats.name, i)));
    html += "<th>count</th><th>average</th><th>total</th></tr>\n";
    for (const Stats& s : stats.stats) {
      html += "<tr>";
      for (size_t i = 0; i < parts; ++i) html += "<td>" + key_cell(s.key, s.raw_key, i) + "</td>";
      html += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                          detail::group_digits(s.count), detail::group_digits(s.average), detail::group_digits(s.total));
    }
    html += "</table>\n";
  }

  // One line per key (the largest few) plus the total, one point per printed second.
  void series_chart(const std::string& name, const std::vector<const Snapshot*>& seconds) {
    std::map<std::vector<std::string>, std::vector<int64_t>> lines;
    std::vector<int64_t> totals(seconds.size(), 0);
    for (size_t t = 0; t < seconds.size(); ++t)
      for (const MapEntry& e : seconds[t]->map.entries)
        if (const auto* v = std::get_if<int64_t>(&e.value)) {
          auto& line = lines[e.key];
          line.resize(seconds.size(), 0);
          line[t] = *v;
          totals[t] += *v;
        }
    std::vector<std::pair<int64_t, std::vector<std::string>>> ranked;
    for (const auto& [key, values] : lines) {
      int64_t sum = 0;
      for (int64_t v : values) sum += v;
      ranked.emplace_back(sum, key);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    const int w = 900, h = 300, left = 70, bottom = 30, top = 10, right = 180;
    int64_t peak = 1;
    for (int64_t v : totals) peak = std::max(peak, v);
    const size_t n = seconds.size();
    auto px = [&](size_t t) { return left + (n > 1 ? static_cast<double>(t) * (w - left - right) / (n - 1) : 0.0); };
    auto py = [&](int64_t v) { return top + (h - top - bottom) * (1.0 - static_cast<double>(v) / static_cast<double>(peak)); };
    html += fmt::format("<h3>{} — {}</h3>\n<svg class=\"series\" width=\"{}\" height=\"{}\" role=\"img\">\n", esc(name),
                        zh() ? "每秒" : "per second", w, h);
    html += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#888\"/><line x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" "
                        "y2=\"{2}\" stroke=\"#888\"/>\n",
                        left, top, h - bottom, w - right);
    for (int k = 0; k <= 4; ++k) {
      const int64_t v = peak * k / 4;
      html += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"11\">{}</text>\n", left - 6, py(v) + 4,
                          human_count(v));
    }
    for (size_t t = 0; t < n; t += std::max<size_t>(1, n / 8))
      html += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}</text>\n", px(t), h - bottom + 16,
                          esc(seconds[t]->time.empty() ? std::to_string(t + 1) : seconds[t]->time));
    static constexpr const char* kColors[] = {"#1d2b45", "#4c7bd9", "#e8590c", "#2f9e44", "#ae3ec9", "#f59f00", "#0c8599"};
    auto polyline = [&](const std::vector<int64_t>& values, const char* color, const std::string& label, size_t slot) {
      std::string points;
      for (size_t t = 0; t < n; ++t) points += fmt::format("{:.1f},{:.1f} ", px(t), py(values[t]));
      html += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"><title>{}</title></polyline>\n",
                          color, points, esc(label));
      if (n == 1) html += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>\n", px(0), py(values[0]), color);
      html += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n",
                          w - right + 12, top + 4 + slot * 18, color, w - right + 26, top + 13 + slot * 18, esc(label));
    };
    polyline(totals, kColors[0], zh() ? "合计" : "total", 0);
    for (size_t i = 0; i < std::min(ranked.size(), kSeriesLines); ++i) {
      auto values = lines[ranked[i].second];
      polyline(values, kColors[1 + i], detail::key_text(ranked[i].second), i + 1);
    }
    html += "</svg>\n";
  }
};

}  // namespace

std::string report_html(const Results& results, const ResultsMeaning& meaning, const ReportInput& input) {
  Page page{meaning, {}};
  const bool zh = meaning.zh();
  std::string& h = page.html;
  h += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n<title>gpttrace: {}</title>\n<style>{}</style></head>\n<body>\n",
                   zh ? "zh" : "en", esc(input.request.empty() ? "bpftrace program" : input.request), kStyle);
  h += "<header><h1>gpttrace report</h1>";
  if (!input.request.empty()) h += "<div class=\"req\">" + esc(input.request) + "</div>";
  if (!input.description.empty()) h += "<div>" + esc(input.description) + "</div>";
  if (!input.run.empty()) h += "<div class=\"run\">" + esc(input.run) + "</div>";
  h += "</header>\n<main>\n";

  h += fmt::format("<section id=\"summary\"><h2>{}</h2><ul class=\"summary\">", zh ? "摘要" : "Summary");
  for (const std::string& s : summarize(results, &meaning)) h += "<li>" + esc(s) + "</li>";
  h += "</ul></section>\n";

  std::vector<std::string> series_names;
  for (const Snapshot& s : results.snapshots)
    if (std::find(series_names.begin(), series_names.end(), s.map.name) == series_names.end()) series_names.push_back(s.map.name);
  if (!series_names.empty()) {
    h += fmt::format("<section id=\"series\"><h2>{}</h2>\n", zh ? "每秒变化" : "Per second");
    for (const std::string& name : series_names) {
      std::vector<const Snapshot*> seconds;
      for (const Snapshot& s : results.snapshots)
        if (s.map.name == name) seconds.push_back(&s);
      page.series_chart(name, seconds);
    }
    h += "</section>\n";
  }
  const bool tables = !results.maps.empty() || !results.stats.empty();
  if (tables) {
    h += fmt::format("<section id=\"tables\"><h2>{}</h2>\n", zh ? "结果" : "Results");
    for (const MapResult& m : results.maps) page.map_section(m);
    for (const StatsResult& s : results.stats) page.stats_section(s);
    h += "</section>\n";
  }
  if (!results.hists.empty()) {
    h += fmt::format("<section id=\"histograms\"><h2>{}</h2>\n", zh ? "分布" : "Histograms");
    for (const HistResult& hist : results.hists) page.hist_section(hist);
    h += "</section>\n";
  }
  const size_t events = results.events.size();
  if (events > results.framing_lines && results.snapshots.empty()) {
    h += fmt::format("<section id=\"events\"><h2>{}</h2><pre>", zh ? "事件" : "Events");
    for (size_t i = 0; i < std::min(events, kMaxEventLines); ++i) h += esc(results.events[i]) + "\n";
    h += "</pre>";
    if (events > kMaxEventLines)
      h += fmt::format("<p class=\"note\">… and {} more lines (the JSON output has all of them).</p>",
                       detail::group_digits(static_cast<int64_t>(events - kMaxEventLines)));
    h += "</section>\n";
  }
  if (!input.notes.empty()) {
    h += fmt::format("<section id=\"notes\"><h2>{}</h2><ul>", zh ? "注意" : "Notes");
    for (const std::string& n : input.notes) h += "<li class=\"note\">" + esc(n) + "</li>";
    h += "</ul></section>\n";
  }
  if (!input.plan.empty())
    h += fmt::format("<section id=\"plan\"><h2>{}</h2><pre>{}</pre></section>\n", zh ? "计划" : "Plan", esc(input.plan));
  h += fmt::format("<section id=\"program\"><h2>{}</h2><pre>{}</pre></section>\n", zh ? "程序" : "Program", esc(input.program));
  if (!input.machine.empty()) {
    h += fmt::format("<section id=\"machine\"><h2>{}</h2><table>", zh ? "本机" : "Machine");
    for (const auto& [name, value] : input.machine) h += "<tr><th>" + esc(name) + "</th><td>" + esc(value) + "</td></tr>";
    h += "</table></section>\n";
  }
  h += "</main>\n<script>" + std::string(kReadyScript) + "</script>\n</body></html>\n";
  return h;
}

}  // namespace gpttrace
