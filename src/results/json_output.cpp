// render_json: Results as one JSON document for scripts and the MCP server.
//
// Shape (every map kind is a list of entries, so scalar and keyed maps read the same way):
//   {"events": ["line", ...],
//    "maps":  {"@name": [{"key": ["cat", "18498"], "value": 31 | "text"}, ...]},   key [] for scalars
//    "average_maps": ["@name", ...],                  maps holding avg() values rather than counts
//    "hists": {"@name": [{"key": [...], "buckets": [{"min": I, "max": I, "count": N}, ...]}]},
//             "min"/"max" left out where bpftrace left them out
//    "stats": {"@name": [{"key": [...], "count": N, "average": N, "total": N}]},
//    "attached_probes": N, "lost_events": N, "unparsed_lines": N,
//    "helper_errors": [{"helper": "probe_read", "retcode": -14, "line": 1, "col": 37}],
//    "summary": ["sentence", ...]}
// plus the members of `extra_json_object`; the fields above win over extra members of the same name.
#include <nlohmann/json.hpp>

#include "results/render.h"

namespace gpttrace {
namespace {

using json = nlohmann::json;

json map_value(const MapValue& v) {
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  return std::get<std::string>(v);
}

json buckets_json(const std::vector<HistBucket>& buckets) {
  json out = json::array();
  for (const auto& b : buckets) {
    json bucket = json::object();
    if (b.min) bucket["min"] = *b.min;
    if (b.max) bucket["max"] = *b.max;
    bucket["count"] = b.count;
    out.push_back(std::move(bucket));
  }
  return out;
}

}  // namespace

std::string render_json(const Results& results, const std::string& extra_json_object) {
  json doc = json::object();
  doc["events"] = results.events;

  json maps = json::object();
  json average_maps = json::array();
  for (const auto& m : results.maps) {
    json entries = json::array();
    for (const auto& e : m.entries) entries.push_back({{"key", e.key}, {"value", map_value(e.value)}});
    maps[m.name] = std::move(entries);
    if (m.averages) average_maps.push_back(m.name);
  }
  doc["maps"] = std::move(maps);
  doc["average_maps"] = std::move(average_maps);

  json hists = json::object();
  for (const auto& h : results.hists) {
    json list = json::array();
    for (const auto& one : h.hists)
      list.push_back({{"key", one.key}, {"buckets", buckets_json(one.buckets)}});
    hists[h.name] = std::move(list);
  }
  doc["hists"] = std::move(hists);

  json stats = json::object();
  for (const auto& s : results.stats) {
    json list = json::array();
    for (const auto& one : s.stats)
      list.push_back(
          {{"key", one.key}, {"count", one.count}, {"average", one.average}, {"total", one.total}});
    stats[s.name] = std::move(list);
  }
  doc["stats"] = std::move(stats);

  doc["attached_probes"] = results.attached_probes;
  doc["lost_events"] = results.lost_events;
  doc["unparsed_lines"] = results.unparsed_lines;
  json errors = json::array();
  for (const auto& e : results.helper_errors)
    errors.push_back({{"helper", e.helper}, {"retcode", e.retcode}, {"line", e.line}, {"col", e.col}});
  doc["helper_errors"] = std::move(errors);
  doc["summary"] = summarize(results);

  if (!extra_json_object.empty()) {
    const json extra = json::parse(extra_json_object, nullptr, false);
    if (extra.is_object())
      for (const auto& [key, value] : extra.items())
        if (!doc.contains(key)) doc[key] = value;
  }
  // Kernel strings are raw bytes; invalid UTF-8 is replaced rather than thrown on.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace gpttrace
