// Strict parsing of user-given numbers: from_chars (no locale, no hex, no leading blanks), then a unit.
#include "common/numbers.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>

namespace gpttrace {

namespace {

struct Unit {
  std::string_view suffix;
  double seconds;
};
constexpr Unit kUnits[] = {{"", 1}, {"s", 1}, {"ms", 0.001}, {"m", 60}, {"min", 60}, {"h", 3600}};

// Shown values stay one line and short whatever the user typed.
std::string shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 40)) {
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  }
  return text.size() > 40 ? out + "..." : out;
}

}  // namespace

std::string describe_seconds(double seconds) {
  if (seconds < 1) return fmt::format("{:g} ms", seconds * 1000);
  if (seconds < 3600 || std::fmod(seconds, 3600) != 0) return fmt::format("{:g} s", seconds);
  if (seconds < 86400 || std::fmod(seconds, 86400) != 0) return fmt::format("{:g} h", seconds / 3600);
  return fmt::format("{:g} days", seconds / 86400);
}

Result<double> parse_seconds(std::string_view what, std::string_view text, double min_seconds, double max_seconds) {
  std::string range = fmt::format("give {} to {}, e.g. 5, 2.5, 500ms or 2m", describe_seconds(min_seconds),
                                  describe_seconds(max_seconds));
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  std::string_view suffix(end, static_cast<size_t>(text.data() + text.size() - end));
  const Unit* unit = nullptr;
  for (const Unit& u : kUnits) {
    if (suffix == u.suffix) unit = &u;
  }
  if (ec != std::errc() || unit == nullptr || !std::isfinite(value)) {
    return fail(fmt::format("{} '{}' is not a duration", what, shown(text)), range);
  }
  double seconds = value * unit->seconds;
  if (seconds < min_seconds || seconds > max_seconds) {
    return fail(fmt::format("{} '{}' is out of range", what, shown(text)), range);
  }
  return seconds;
}

Result<uint64_t> parse_count(std::string_view what, std::string_view text, uint64_t min, uint64_t max) {
  std::string range = fmt::format("give a whole number from {} to {}", min, max);
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return fail(fmt::format("{} '{}' is out of range", what, shown(text)), range);
  }
  if (ec != std::errc() || end != text.data() + text.size()) {
    return fail(fmt::format("{} '{}' is not a whole number", what, shown(text)), range);
  }
  if (value < min || value > max) return fail(fmt::format("{} '{}' is out of range", what, shown(text)), range);
  return value;
}

}  // namespace gpttrace
