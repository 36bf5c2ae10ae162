// render_json: Results as one JSON document for scripts and the MCP server.
//
// Shape (every map kind is a list of entries, so scalar and keyed maps read the same way):
//   {"events": ["line", ...],                        listing columns decoded (RET -2 -> ENOENT)
//    "raw_events": ["line", ...],                    the lines as bpftrace printed them, when they differ
//    "maps":  {"@name": [{"key": ["cat", "ENOENT"], "value": 31 | "text", "raw_key": ["cat", "2"]}, ...]},
//             key [] for scalars; key holds decoded names (errno, signal, disk, syscall), raw_key (only
//             when a part was decoded) the values bpftrace printed
//    "columns": {"@name": {"keys": [{"title": "process", "decoder": "errno"|...}], "value": "count",
//                "unit": "bytes"|"ns"|"us"|"ms"|"", "function": "count"}}   (with a meaning)
//    "per_second": {"@name": [{"time": "12:00:01", "entries": [{"key": [...], "value": N, "raw_key": [...]}]}]}
//             stack-keyed entries also have "frames": [[frame, ...]] per stack key, innermost first
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
#include "results/stacks.h"

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

std::string_view decoder_name(Decoder d) {
  switch (d) {
    case Decoder::Errno: return "errno";
    case Decoder::ReturnValue: return "return_value";
    case Decoder::Signal: return "signal";
    case Decoder::Disk: return "disk";
    case Decoder::Syscall: return "syscall";
    case Decoder::KernelStack: return "kernel_stack";
    case Decoder::UserStack: return "user_stack";
    default: return "";
  }
}

}  // namespace

std::string render_json(const Results& results, const std::string& extra_json_object,
                        const ResultsMeaning* meaning) {
  json doc = json::object();
  doc["events"] = results.events;
  if (!results.raw_events.empty()) doc["raw_events"] = results.raw_events;

  json maps = json::object();
  json average_maps = json::array();
  for (const auto& m : results.maps) {
    json entries = json::array();
    for (const auto& e : m.entries) {
      json entry = {{"key", e.key}, {"value", map_value(e.value)}};
      if (!e.raw_key.empty()) entry["raw_key"] = e.raw_key;
      for (size_t i = 0; i < e.key.size(); ++i) {
        if (!is_stack_key(meaning, m.name, i, e.key[i])) continue;
        auto frames = stack_frames(e.key[i]);  // innermost first, like the text
        if (frames.empty()) frames.emplace_back(empty_stack_label(meaning && meaning->zh()));
        entry["frames"].push_back(std::move(frames));
      }
      entries.push_back(std::move(entry));
    }
    maps[m.name] = std::move(entries);
    if (m.averages) average_maps.push_back(m.name);
  }
  doc["maps"] = std::move(maps);
  doc["average_maps"] = std::move(average_maps);

  json hists = json::object();
  for (const auto& h : results.hists) {
    json list = json::array();
    for (const auto& one : h.hists)
    {
      json item = {{"key", one.key}, {"buckets", buckets_json(one.buckets)}};
      if (!one.raw_key.empty()) item["raw_key"] = one.raw_key;
      list.push_back(std::move(item));
    }
    hists[h.name] = std::move(list);
  }
  doc["hists"] = std::move(hists);

  json stats = json::object();
  for (const auto& s : results.stats) {
    json list = json::array();
    for (const auto& one : s.stats)
    {
      json item = {{"key", one.key}, {"count", one.count}, {"average", one.average}, {"total", one.total}};
      if (!one.raw_key.empty()) item["raw_key"] = one.raw_key;
      list.push_back(std::move(item));
    }
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
  if (meaning) {
    json columns = json::object();
    for (const auto& [name, info] : meaning->maps) {
      if (name.rfind("@_", 0) == 0) continue;  // bookkeeping maps of generated programs
      json keys = json::array();
      for (const ColumnInfo& k : info.keys) {
        json key = {{"title", k.title}};
        if (k.decoder != Decoder::None) key["decoder"] = decoder_name(k.decoder);
        keys.push_back(std::move(key));
      }
      columns[name] = {{"keys", std::move(keys)},
                       {"value", info.value_title},
                       {"unit", unit_label(info.unit)},
                       {"function", info.function}};
    }
    doc["columns"] = std::move(columns);
  }
  json per_second = json::object();
  for (const Snapshot& snap : results.snapshots) {
    json entries = json::array();
    for (const auto& e : snap.map.entries) {
      json entry = {{"key", e.key}, {"value", map_value(e.value)}};
      if (!e.raw_key.empty()) entry["raw_key"] = e.raw_key;
      entries.push_back(std::move(entry));
    }
    per_second[snap.map.name].push_back({{"time", snap.time}, {"entries", std::move(entries)}});
  }
  if (!per_second.empty()) doc["per_second"] = std::move(per_second);
  doc["summary"] = summarize(results, meaning);

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
