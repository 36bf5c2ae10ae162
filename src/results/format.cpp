// Number, key and bucket-label formatting and the orderings used by tables, histograms and summaries.
#include "results/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace gpttrace::detail {

std::string group_digits_unsigned(uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string group_digits(int64_t value) {
  if (value >= 0) return group_digits_unsigned(static_cast<uint64_t>(value));
  // Negate in unsigned arithmetic so INT64_MIN works.
  return "-" + group_digits_unsigned(0 - static_cast<uint64_t>(value));
}

std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out;
}

std::string value_text(const MapValue& value) {
  if (const auto* n = std::get_if<int64_t>(&value)) return group_digits(*n);
  return sanitize(std::get<std::string>(value));
}

std::string key_text(const std::vector<std::string>& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i) out += ", ";
    out += sanitize(key[i]);
  }
  return out;
}

size_t display_width(std::string_view text) {
  // Terminal columns: East Asian wide code points (CJK, Hangul, full-width forms) take two.
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

Unit unit_from_name(std::string_view map_name) {
  // Split "@read_lat_ns" into lower-case words "read", "lat", "ns" and look for a unit word.
  std::string word;
  Unit unit = Unit::None;
  auto check = [&] {
    if (word == "ns" || word == "nsec" || word == "nsecs") unit = Unit::Nanoseconds;
    if (word == "us" || word == "usec" || word == "usecs") unit = Unit::Microseconds;
    if (word == "ms" || word == "msec" || word == "msecs") unit = Unit::Milliseconds;
    if (word == "bytes") unit = Unit::Bytes;
    word.clear();
  };
  for (const char c : map_name) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      word += static_cast<char>(c | 0x20);
    } else {
      check();
    }
  }
  check();
  return unit;
}

namespace {

// bpftrace's own style: exact multiples of 1024 get K, M, G, T, P, E ("4K"); others stay plain.
std::string power_label(uint64_t magnitude, std::string_view binary_suffix) {
  static constexpr std::array<const char*, 6> kPrefix = {"K", "M", "G", "T", "P", "E"};
  if (magnitude == 0) return "0";
  int power = 0;
  while (magnitude % 1024 == 0 && power < 6) {
    magnitude /= 1024;
    ++power;
  }
  if (power == 0) return std::to_string(magnitude);
  return fmt::format("{}{}{}", magnitude, kPrefix[power - 1], binary_suffix);
}

// 1024 ns -> "1.02us": three significant digits in the largest unit that keeps the number >= 1.
std::string time_label(uint64_t ns) {
  static constexpr std::array<std::pair<double, const char*>, 4> kUnits = {
      {{1.0, "ns"}, {1e3, "us"}, {1e6, "ms"}, {1e9, "s"}}};
  for (size_t i = 0; i < kUnits.size(); ++i) {
    const double scaled = static_cast<double>(ns) / kUnits[i].first;
    const bool last = i + 1 == kUnits.size();
    if (scaled < 999.5 || last) {
      if (last && scaled >= 999.5) return fmt::format("{:.0f}{}", scaled, kUnits[i].second);
      return fmt::format("{:.3g}{}", scaled, kUnits[i].second);
    }
  }
  return {};  // unreachable: the last unit always returns
}

// A bucket bound as text; `bound` may be 2^63 (one past INT64_MAX), hence the separate sign.
std::string bound_label(bool negative, uint64_t magnitude, Unit unit) {
  if (magnitude == 0) return "0";  // zero needs no unit
  std::string text;
  switch (unit) {
    case Unit::None:
    case Unit::Count:
      text = power_label(magnitude, "");
      break;
    case Unit::Bytes:
      text =
          magnitude % 1024 == 0 && magnitude ? power_label(magnitude, "iB") : std::to_string(magnitude) + "B";
      break;
    case Unit::Nanoseconds:
    case Unit::Microseconds:
    case Unit::Milliseconds: {
      const uint64_t scale = unit == Unit::Nanoseconds ? 1 : unit == Unit::Microseconds ? 1000 : 1000000;
      const uint64_t limit = std::numeric_limits<uint64_t>::max() / scale;
      text = magnitude > limit ? std::to_string(magnitude) + (unit == Unit::Microseconds ? "us" : "ms")
                               : time_label(magnitude * scale);
      break;
    }
  }
  return negative ? "-" + text : text;
}

std::string bound_label(int64_t v, Unit unit) {
  return bound_label(v < 0, v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v), unit);
}

// Label of max + 1, the exclusive upper bound, without overflowing at INT64_MAX.
std::string upper_label(int64_t max, Unit unit) {
  if (max == std::numeric_limits<int64_t>::max()) return bound_label(false, uint64_t{1} << 63, unit);
  return bound_label(max + 1, unit);
}

std::optional<int64_t> parse_integer(const std::string& s) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::string bucket_label(const HistBucket& b, Unit unit) {
  if (!b.min && !b.max) return "[-inf, inf)";
  if (!b.min) return fmt::format("[-inf, {})", upper_label(*b.max, unit));
  if (!b.max) return fmt::format("[{}, inf)", bound_label(*b.min, unit));
  if (*b.min == *b.max) return fmt::format("[{}]", bound_label(*b.min, unit));
  return fmt::format("[{}, {})", bound_label(*b.min, unit), upper_label(*b.max, unit));
}

bool key_less(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    const auto x = parse_integer(a[i]), y = parse_integer(b[i]);
    if (x && y && *x != *y) return *x < *y;
    if (x.has_value() != y.has_value()) return x.has_value();  // numbers before words
    return a[i] < b[i];
  }
  return a.size() < b.size();
}

std::vector<const MapEntry*> sorted_entries(const MapResult& map) {
  std::vector<const MapEntry*> rows;
  rows.reserve(map.entries.size());
  for (const auto& e : map.entries) rows.push_back(&e);
  std::stable_sort(rows.begin(), rows.end(), [](const MapEntry* a, const MapEntry* b) {
    const auto* x = std::get_if<int64_t>(&a->value);
    const auto* y = std::get_if<int64_t>(&b->value);
    if (x && y && *x != *y) return *x > *y;
    if ((x != nullptr) != (y != nullptr)) return x != nullptr;
    return key_less(a->key, b->key);
  });
  return rows;
}

MapTotal map_total(const MapResult& map) {
  MapTotal total;
  for (const auto& e : map.entries) {
    const auto* n = std::get_if<int64_t>(&e.value);
    if (!n) continue;
    ++total.numeric;
    if (*n < 0) total.nonnegative = false;
    if (__builtin_add_overflow(total.sum, *n, &total.sum))
      total.sum = *n > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return total;
}

uint64_t hist_total(const Histogram& hist) {
  uint64_t total = 0;
  for (const auto& b : hist.buckets)
    if (__builtin_add_overflow(total, b.count, &total)) return std::numeric_limits<uint64_t>::max();
  return total;
}

std::vector<const Histogram*> sorted_hists(const HistResult& hist) {
  std::vector<std::pair<uint64_t, const Histogram*>> order;
  order.reserve(hist.hists.size());
  for (const auto& h : hist.hists) order.emplace_back(hist_total(h), &h);
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return key_less(a.second->key, b.second->key);
  });
  std::vector<const Histogram*> out;
  out.reserve(order.size());
  for (const auto& [total, h] : order) out.push_back(h);
  return out;
}

const HistBucket* quantile_bucket(const Histogram& hist, double q) {
  const uint64_t total = hist_total(hist);
  if (total == 0) return nullptr;
  // The sample of rank ceil(q * total), counted from 1.
  const auto rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * static_cast<double>(total))));
  uint64_t seen = 0;
  const HistBucket* last = nullptr;
  for (const auto& b : hist.buckets) {
    if (b.count == 0) continue;
    last = &b;
    if (__builtin_add_overflow(seen, b.count, &seen) || seen >= rank) return &b;
  }
  return last;  // only when rounding put the rank past the total
}

BucketRange nonempty_range(const Histogram& hist) {
  BucketRange r{0, hist.buckets.size()};
  while (r.first < r.last && hist.buckets[r.first].count == 0) ++r.first;
  while (r.last > r.first && hist.buckets[r.last - 1].count == 0) --r.last;
  return r;
}

}  // namespace gpttrace::detail
