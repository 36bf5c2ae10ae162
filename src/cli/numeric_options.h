// The numeric flags as typed (--duration, --top, --max-probes, --max-rounds), checked into Options.
#pragma once

#include <string>

#include "cli/options.h"
#include "common/error.h"

namespace gpttrace {

struct NumericFlags {
  std::string duration, top, max_probes, max_rounds;  // empty = not given
};

// The accepted ranges, one place for the parser and the messages.
inline constexpr double kMinDurationSeconds = 0.01;
inline constexpr double kMaxDurationSeconds = 3600;  // the runner's hard cap on a trace
inline constexpr uint64_t kMaxTop = 100000;
inline constexpr uint64_t kMaxMaxProbes = 100000;
inline constexpr uint64_t kMaxMaxRounds = 50;

// Fills options from the flags given; the first bad one is an error naming the value and the range.
Result<void> parse_numeric_options(const NumericFlags& flags, Options& options);

}  // namespace gpttrace
