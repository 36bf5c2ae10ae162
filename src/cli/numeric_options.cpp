// Checks the numeric flags with the strict parsers of common/numbers.
#include "cli/numeric_options.h"

#include <functional>

#include "common/numbers.h"

namespace gpttrace {

Result<void> parse_numeric_options(const NumericFlags& flags, Options& options) {
  if (!flags.duration.empty()) {
    auto seconds = parse_seconds("--duration", flags.duration, kMinDurationSeconds, kMaxDurationSeconds);
    if (!seconds) return tl::unexpected(seconds.error());
    options.duration_seconds = *seconds;
  }
  struct Count {
    const char* flag;
    const std::string& text;
    uint64_t max;
    std::function<void(uint64_t)> store;
  };
  const Count counts[] = {
      {"--top", flags.top, kMaxTop, [&](uint64_t n) { options.top = n; }},
      {"--max-probes", flags.max_probes, kMaxMaxProbes, [&](uint64_t n) { options.max_probes = n; }},
      {"--max-rounds", flags.max_rounds, kMaxMaxRounds, [&](uint64_t n) { options.max_rounds = static_cast<int>(n); }},
  };
  for (const Count& count : counts) {
    if (count.text.empty()) continue;
    auto value = parse_count(count.flag, count.text, 1, count.max);
    if (!value) return tl::unexpected(value.error());
    count.store(*value);
  }
  return {};
}

}  // namespace gpttrace
