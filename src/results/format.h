// Internal helpers shared by the text renderer and the summary: numbers, keys, bucket labels, ordering.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "results/meaning.h"
#include "results/results.h"

namespace gpttrace::detail {

// 1234567 -> "1,234,567"; -1000 -> "-1,000".
std::string group_digits(int64_t value);
std::string group_digits_unsigned(uint64_t value);

// Kernel strings (comm, str()) may hold control bytes: they are shown as \xHH so that a traced
// program's name cannot drive the terminal.
std::string sanitize(std::string_view text);

// Map value for a table cell: numbers with thousands separators, strings sanitized.
std::string value_text(const MapValue& value);

// Key parts joined for prose: {"cat", "3557"} -> "cat, 3557".
std::string key_text(const std::vector<std::string>& key);

// Terminal columns taken by UTF-8 text: two for East Asian wide characters, one for other code points.
size_t display_width(std::string_view text);

// Unit of a map's values from its name alone (@lat_ns, @usecs, @bytes); None when the name says nothing.
using Unit = ValueUnit;
Unit unit_from_name(std::string_view map_name);

// "[4K, 8K)", "[0]", "[-inf, 0)", "[100, inf)"; with a unit "[1.02us, 2.05us)" or "[4KiB, 8KiB)".
std::string bucket_label(const HistBucket& bucket, Unit unit);

// Key order: part by part, numerically when both parts are integers (pids), else bytewise.
bool key_less(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Table order: numbers by value descending, then strings; ties and strings by key.
std::vector<const MapEntry*> sorted_entries(const MapResult& map);

// Sum of the numeric values (saturating), and whether a share of it means something.
struct MapTotal {
  int64_t sum = 0;
  size_t numeric = 0;  // entries holding a number
  bool nonnegative = true;
};
MapTotal map_total(const MapResult& map);

uint64_t hist_total(const Histogram& hist);

// Histograms of a keyed hist by total count descending, ties by key.
std::vector<const Histogram*> sorted_hists(const HistResult& hist);

// The bucket that holds quantile q (0 < q <= 1) of the samples, or nullptr for an empty histogram.
const HistBucket* quantile_bucket(const Histogram& hist, double q);

// Buckets without the empty leading and trailing ones: [first, last) indexes into hist.buckets.
struct BucketRange {
  size_t first = 0, last = 0;
};
BucketRange nonempty_range(const Histogram& hist);

}  // namespace gpttrace::detail
