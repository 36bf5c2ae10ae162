// ResultsParser: one bpftrace `-f json` stdout line at a time into typed Results, never throwing.
//
// Accepted grammar (one JSON object per line; bpftrace 0.17 unless noted):
//   {"type": "attached_probes", "data": {"probes": N}}       newest: {"type":"attached_probes", "count":N}
//   {"type": "printf"|"time"|"cat"|"join"|"syscall", "data": "text"}   text may hold several or part of a
//   line
//   {"type": "value", "data": SCALAR}                        print() of a non-map value: one whole line
//   {"type": "map", "data": {"@name": SCALAR | [TUPLE] | {"k1,k2": VALUE, ...}}}
//   {"type": "hist", "data": {"@name": [BUCKET...] | {"key": [BUCKET...], ...}}}
//        BUCKET = {"min": I, "max": I, "count": N}; no "min" on the first (negative) bucket, no "max" on
//        the last lhist bucket
//   {"type": "stats", "data": {"@name": {"count": N, "average": N, "total": N} | {"key": {...}, ...}}}
//        avg() maps are printed as "stats" with plain numbers ({"@a": 15} or {"@a": {"x": 15}}): those
//        become maps, because they hold one number per key
//   {"type": "lost_events", "data": {"events": N}}           newest: {"type":"lost_events", "count":N}
//   {"type": "helper_error", "helper": "probe_read", "retcode": -14, "line": 1, "col": 37}
// Newest bpftrace prints integers that a double cannot hold as strings; they stay strings here too.
#include "results/results.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace gpttrace {
namespace {

using json = nlohmann::json;

// bpftrace nests at most 5 levels (data -> map -> key -> buckets -> bucket); deeper lines are not its
// output and are refused before parsing so that nothing downstream recurses without bound.
constexpr int kMaxDepth = 32;

bool nesting_within_limit(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

// bpftrace copies comm and str() bytes as they are; one invalid UTF-8 byte or raw control byte would make
// the whole line (often the whole exit dump) unparsable. This replaces invalid sequences with U+FFFD
// and raw control bytes with \u00XX escapes (bpftrace's own syntax never puts control bytes outside
// strings, only spaces).
std::string repair_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    bool valid = len != 0 && i + len <= n && p[i + 1] >= lo && p[i + 1] <= hi;
    for (size_t k = 2; valid && k < len; ++k) valid = p[i + k] >= 0x80 && p[i + k] <= 0xBF;
    if (valid) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// bpftrace 0.17 escapes bytes >= 0x80 in some strings (join, str) as a sign-extended char: "\uffffffe5"
// for 0xE5. Those turn back into the raw bytes, so UTF-8 text (e.g. Chinese arguments) survives.
std::string undo_sign_extended_escapes(std::string_view text) {
  constexpr std::string_view kEscape = "\\uffffff";
  std::string out;
  size_t start = 0;
  for (size_t at; (at = text.find(kEscape, start)) != std::string_view::npos;) {
    out.append(text.substr(start, at - start));
    size_t hex_at = at + kEscape.size();
    unsigned value = 0;
    bool hex = hex_at + 2 <= text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[hex_at])) &&
               std::isxdigit(static_cast<unsigned char>(text[hex_at + 1]));
    if (!hex) {
      out.append(kEscape);
      start = hex_at;
      continue;
    }
    value = static_cast<unsigned>(std::stoul(std::string(text.substr(hex_at, 2)), nullptr, 16));
    out.push_back(static_cast<char>(value));
    start = hex_at + 2;
  }
  out.append(text.substr(start));
  return out;
}

json parse_line(std::string_view text) {
  std::string unescaped;
  if (text.find("\\uffffff") != std::string_view::npos) {
    unescaped = undo_sign_extended_escapes(text);
    text = unescaped;
  }
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) doc = json::parse(repair_text(text), nullptr, false);
  return doc;
}

// An integer JSON value as int64 (unsigned values above INT64_MAX and non-integral floats refused).
std::optional<int64_t> as_int(const json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<int64_t>();
  if (v.is_number_unsigned()) {
    const auto u = v.get<uint64_t>();
    if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return static_cast<int64_t>(u);
    return std::nullopt;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    // Range first: converting a double outside (-2^63, 2^63) to int64 is undefined. NaN fails both tests.
    constexpr double kLimit = 9223372036854775808.0;  // 2^63, exact in a double
    if (d > -kLimit && d < kLimit && d == std::trunc(d)) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

// Like as_int but saturating, for fields that are counts or positions (never negative in real output).
uint64_t as_count(const json& v) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  const auto i = as_int(v);
  return i && *i > 0 ? static_cast<uint64_t>(*i) : 0;
}

int as_small_int(const json& v) {
  const auto i = as_int(v).value_or(0);
  return static_cast<int>(
      std::clamp<int64_t>(i, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

std::string scalar_text(const json& v);

// Tuple values ([1,"a"]) read as "(1, a)", as bpftrace prints them in text mode.
std::string tuple_text(const json& v) {
  std::string out = "(";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    out += scalar_text(v[i]);
  }
  return out + ")";
}

std::string scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) return tuple_text(v);
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Numbers that fit int64 stay numbers; everything else keeps its exact text.
MapValue to_map_value(const json& v) {
  if (auto i = as_int(v)) return *i;
  return scalar_text(v);
}

// "cat,18498" -> {"cat", "18498"}. A comma inside a key part cannot be told apart (bpftrace joins parts
// with ',' without escaping).
std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t comma; (comma = key.find(',', start)) != std::string::npos; start = comma + 1)
    parts.push_back(key.substr(start, comma - start));
  parts.push_back(key.substr(start));
  return parts;
}

// Later dumps of a name replace earlier ones in place, so the order of first appearance is kept.
template <typename T>
void put(std::vector<T>& items, T item) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == item.name; });
  if (it == items.end()) {
    items.push_back(std::move(item));
  } else {
    *it = std::move(item);
  }
}

MapResult to_map(const std::string& name, const json& v) {
  MapResult map{name, {}};
  if (v.is_object()) {
    map.entries.reserve(v.size());
    for (const auto& [key, value] : v.items()) map.entries.push_back({split_key(key), to_map_value(value)});
  } else {
    map.entries.push_back({{}, to_map_value(v)});
  }
  return map;
}

std::optional<std::vector<HistBucket>> to_buckets(const json& v) {
  if (!v.is_array()) return std::nullopt;
  std::vector<HistBucket> buckets;
  buckets.reserve(v.size());
  for (const auto& b : v) {
    if (!b.is_object()) return std::nullopt;
    HistBucket bucket;
    if (auto it = b.find("min"); it != b.end()) bucket.min = as_int(*it);
    if (auto it = b.find("max"); it != b.end()) bucket.max = as_int(*it);
    if (auto it = b.find("count"); it != b.end()) bucket.count = as_count(*it);
    buckets.push_back(bucket);
  }
  return buckets;
}

std::optional<HistResult> to_hist(const std::string& name, const json& v) {
  HistResult hist{name, {}};
  if (v.is_array()) {
    auto buckets = to_buckets(v);
    if (!buckets) return std::nullopt;
    hist.hists.push_back({{}, std::move(*buckets)});
    return hist;
  }
  if (!v.is_object()) return std::nullopt;
  for (const auto& [key, value] : v.items()) {
    auto buckets = to_buckets(value);
    if (!buckets) return std::nullopt;
    hist.hists.push_back({split_key(key), std::move(*buckets)});
  }
  return hist;
}

bool is_stats_object(const json& v) {
  if (!v.is_object()) return false;
  auto count = v.find("count");
  return count != v.end() && count->is_number() && (v.contains("average") || v.contains("total"));
}

Stats to_stats(std::vector<std::string> key, const json& v) {
  Stats s;
  s.key = std::move(key);
  s.count = as_int(v.value("count", json())).value_or(0);
  s.average = as_int(v.value("average", json())).value_or(0);
  s.total = as_int(v.value("total", json())).value_or(0);
  return s;
}

// A "stats" dump holds either stats() objects or avg() numbers; the latter are returned as a map.
std::variant<StatsResult, MapResult, std::monostate> to_stats_or_map(const std::string& name, const json& v) {
  if (is_stats_object(v)) return StatsResult{name, {to_stats({}, v)}};
  auto averages = [&] {
    MapResult map = to_map(name, v);
    map.averages = true;
    return map;
  };
  if (v.is_number()) return averages();
  if (!v.is_object()) return std::monostate{};
  const bool all_stats = std::all_of(v.begin(), v.end(), [](const json& x) { return is_stats_object(x); });
  if (all_stats) {
    StatsResult stats{name, {}};
    for (const auto& [key, value] : v.items()) stats.stats.push_back(to_stats(split_key(key), value));
    return stats;
  }
  const bool all_numbers = std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_number(); });
  if (all_numbers) return averages();
  return std::monostate{};
}

// Text for the events of one `value` line: print(5) prints "5" and a newline in text mode.
std::optional<std::string> value_line(const json& data) {
  if (data.is_object() || data.is_null()) return std::nullopt;
  return scalar_text(data) + "\n";
}

// What one parsed object contributes: its kind, and for printf-like output the text to append.
struct Applied {
  LineKind kind = LineKind::Other;
  std::optional<std::string> text;
};

Applied apply(const json& doc, Results& results) {
  const auto type_it = doc.find("type");
  if (type_it == doc.end() || !type_it->is_string()) return {LineKind::Invalid, {}};
  const auto& type = type_it->get_ref<const std::string&>();
  const auto data_it = doc.find("data");
  const json& data = data_it != doc.end() ? *data_it : doc;  // newest versions put some fields at the top

  if (type == "printf" || type == "time" || type == "cat" || type == "join" || type == "syscall") {
    if (!data.is_string()) return {LineKind::Invalid, {}};
    std::string text = data.get<std::string>();
    // join() ends its line in text mode, but its JSON record carries no newline.
    if (type == "join" && (text.empty() || text.back() != '\n')) text += '\n';
    return {LineKind::Event, std::move(text)};
  }
  if (type == "value") {
    auto text = value_line(data);
    if (!text) return {LineKind::Invalid, {}};
    return {LineKind::Event, std::move(text)};
  }
  if (type == "attached_probes" || type == "lost_events") {
    const char* field = type == "attached_probes" ? "probes" : "events";
    const json* n = nullptr;
    if (data.is_object() && data.contains(field)) n = &data[field];
    if (!n && doc.contains("count")) n = &doc["count"];
    if (!n || !n->is_number()) return {LineKind::Invalid, {}};
    if (type == "lost_events") {
      const uint64_t lost = as_count(*n);
      results.lost_events = lost > std::numeric_limits<uint64_t>::max() - results.lost_events
                                ? std::numeric_limits<uint64_t>::max()
                                : results.lost_events + lost;
      return {LineKind::LostEvents, {}};
    }
    results.attached_probes = as_small_int(*n);
    return {LineKind::Attached, {}};
  }
  if (type == "helper_error") {
    HelperError e;
    if (auto it = doc.find("helper"); it != doc.end()) e.helper = scalar_text(*it);
    if (auto it = doc.find("retcode"); it != doc.end()) e.retcode = as_int(*it).value_or(0);
    if (auto it = doc.find("line"); it != doc.end()) e.line = as_small_int(*it);
    if (auto it = doc.find("col"); it != doc.end()) e.col = as_small_int(*it);
    results.helper_errors.push_back(std::move(e));
    return {LineKind::HelperError, {}};
  }
  if (type != "map" && type != "hist" && type != "stats") return {LineKind::Other, {}};
  if (!data.is_object() || data.empty()) return {LineKind::Invalid, {}};

  // Validate every map of the line before storing any, so a bad line changes nothing.
  std::vector<MapResult> maps;
  std::vector<HistResult> hists;
  std::vector<StatsResult> stats;
  for (const auto& [name, value] : data.items()) {
    if (type == "map") {
      maps.push_back(to_map(name, value));
    } else if (type == "hist") {
      auto hist = to_hist(name, value);
      if (!hist) return {LineKind::Invalid, {}};
      hists.push_back(std::move(*hist));
    } else {
      auto parsed = to_stats_or_map(name, value);
      if (auto* s = std::get_if<StatsResult>(&parsed)) {
        stats.push_back(std::move(*s));
      } else if (auto* m = std::get_if<MapResult>(&parsed)) {
        maps.push_back(std::move(*m));
      } else {
        return {LineKind::Invalid, {}};
      }
    }
  }
  for (auto& m : maps) put(results.maps, std::move(m));
  for (auto& h : hists) put(results.hists, std::move(h));
  for (auto& s : stats) put(results.stats, std::move(s));
  if (type == "hist") return {LineKind::Hist, {}};
  return {stats.empty() ? LineKind::Map : LineKind::Stats, {}};
}

}  // namespace

void ResultsParser::append_text(std::string_view text, std::vector<std::string>* new_events) {
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string_view::npos; start = nl + 1) {
    partial_event_.append(text.substr(start, nl - start));
    if (new_events) new_events->push_back(partial_event_);
    results_.events.push_back(std::move(partial_event_));
    partial_event_.clear();
  }
  partial_event_.append(text.substr(start));
}

void ResultsParser::finish(std::vector<std::string>* new_events) {
  if (partial_event_.empty()) return;
  if (new_events) new_events->push_back(partial_event_);
  results_.events.push_back(std::move(partial_event_));
  partial_event_.clear();
}

LineKind ResultsParser::feed(std::string_view line, std::vector<std::string>* new_events) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  const bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
  if (blank) {
    // bpftrace prints two blank lines before its exit dump, which end an unfinished printf line as they
    // do on a terminal. They are expected output, so they are not counted as unparsed.
    finish(new_events);
    return LineKind::Other;
  }
  if (!nesting_within_limit(line)) {
    ++results_.unparsed_lines;
    return LineKind::Invalid;
  }
  const json doc = parse_line(line);
  if (doc.is_discarded() || !doc.is_object()) {
    ++results_.unparsed_lines;
    return LineKind::Invalid;
  }
  Applied applied = apply(doc, results_);
  switch (applied.kind) {
    case LineKind::Event:
      append_text(*applied.text, new_events);
      break;
    case LineKind::Map:
    case LineKind::Hist:
    case LineKind::Stats:
      finish(new_events);  // a dump starts on a new line in text mode
      break;
    case LineKind::Invalid:
    case LineKind::Other:
      ++results_.unparsed_lines;
      break;
    default:
      break;
  }
  return applied.kind;
}

}  // namespace gpttrace
