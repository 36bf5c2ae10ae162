// Strict parsing of numbers given by the user (flags, environment): units, ranges, one-line errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"

namespace gpttrace {

// A duration in seconds: a decimal number with an optional unit, "5", "2.5", "2.5s", "500ms", "2m", "1h".
// Refuses garbage, nan, inf, negatives and anything outside [min_seconds, max_seconds]; the error names
// `what` (e.g. "--duration"), the value and the accepted range.
Result<double> parse_seconds(std::string_view what, std::string_view text, double min_seconds, double max_seconds);

// A whole number in [min, max] ("20"); the error names `what`, the value and the range.
Result<uint64_t> parse_count(std::string_view what, std::string_view text, uint64_t min, uint64_t max);

// "10 ms", "1 s", "1 h", "7 days": a duration for messages.
std::string describe_seconds(double seconds);

}  // namespace gpttrace
