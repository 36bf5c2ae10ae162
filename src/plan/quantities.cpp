// Reading numbers and units from tokens; unit tables are small and fixed.
#include "plan/quantities.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <string>
#include <utility>

namespace gpttrace::plan {

namespace {

struct UnitWord {
  std::string_view word;
  UnitKind kind;
  double scale;
};

constexpr double kNs = 1, kUs = 1e3, kMs = 1e6, kSec = 1e9, kMin = 60e9, kHour = 3600e9;
constexpr double kKiB = 1024, kMiB = 1024.0 * 1024, kGiB = 1024.0 * 1024 * 1024;

constexpr std::array<UnitWord, 47> kUnits{{
    {"ns", UnitKind::Time, kNs}, {"nsec", UnitKind::Time, kNs}, {"nanosecond", UnitKind::Time, kNs},
    {"nanoseconds", UnitKind::Time, kNs}, {"纳秒", UnitKind::Time, kNs},
    {"us", UnitKind::Time, kUs}, {"usec", UnitKind::Time, kUs}, {"usecs", UnitKind::Time, kUs},
    {"microsecond", UnitKind::Time, kUs}, {"microseconds", UnitKind::Time, kUs}, {"微秒", UnitKind::Time, kUs},
    {"ms", UnitKind::Time, kMs}, {"msec", UnitKind::Time, kMs}, {"msecs", UnitKind::Time, kMs},
    {"millisecond", UnitKind::Time, kMs}, {"milliseconds", UnitKind::Time, kMs}, {"毫秒", UnitKind::Time, kMs},
    {"s", UnitKind::Time, kSec}, {"sec", UnitKind::Time, kSec}, {"secs", UnitKind::Time, kSec},
    {"second", UnitKind::Time, kSec}, {"seconds", UnitKind::Time, kSec}, {"秒", UnitKind::Time, kSec},
    {"秒钟", UnitKind::Time, kSec},
    {"m", UnitKind::Time, kMin}, {"min", UnitKind::Time, kMin}, {"mins", UnitKind::Time, kMin},
    {"minute", UnitKind::Time, kMin}, {"minutes", UnitKind::Time, kMin}, {"分钟", UnitKind::Time, kMin},
    {"h", UnitKind::Time, kHour}, {"hr", UnitKind::Time, kHour}, {"hour", UnitKind::Time, kHour},
    {"hours", UnitKind::Time, kHour}, {"小时", UnitKind::Time, kHour},
    {"b", UnitKind::Size, 1}, {"byte", UnitKind::Size, 1}, {"bytes", UnitKind::Size, 1}, {"字节", UnitKind::Size, 1},
    {"k", UnitKind::Size, kKiB}, {"kb", UnitKind::Size, kKiB}, {"kib", UnitKind::Size, kKiB},
    {"mb", UnitKind::Size, kMiB}, {"mib", UnitKind::Size, kMiB},
    {"gb", UnitKind::Size, kGiB}, {"gib", UnitKind::Size, kGiB},
    {"hz", UnitKind::Frequency, 1},
}};

constexpr std::array<UnitWord, 5> kMoreUnits{{
    {"hertz", UnitKind::Frequency, 1}, {"赫兹", UnitKind::Frequency, 1}, {"kilobytes", UnitKind::Size, kKiB},
    {"megabytes", UnitKind::Size, kMiB}, {"gigabytes", UnitKind::Size, kGiB},
}};

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : 3;
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out += cp;
    i += extra + 1;
  }
  return out;
}

int digit_value(char32_t c) {
  switch (c) {
    case U'零': case U'〇': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

int multiplier(char32_t c) {
  switch (c) {
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    case U'万': return 10000;
    default: return 0;
  }
}

constexpr std::array<std::pair<std::string_view, int>, 26> kEnglishNumbers{{
    {"zero", 0}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7},
    {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"fifteen", 15}, {"twenty", 20},
    {"thirty", 30}, {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"ninety", 90}, {"hundred", 100},
    {"a", 1}, {"an", 1}, {"couple", 2}, {"few", 3}, {"half", 0},
}};

bool numeral_char(char32_t c) { return digit_value(c) >= 0 || multiplier(c) > 0; }

}  // namespace

std::optional<Unit> unit_from_word(std::string_view word) {
  for (const auto& u : kUnits)
    if (u.word == word) return Unit{u.kind, u.scale};
  for (const auto& u : kMoreUnits)
    if (u.word == word) return Unit{u.kind, u.scale};
  return std::nullopt;
}

std::optional<double> chinese_numeral(std::u32string_view text) {
  if (text.empty()) return std::nullopt;
  double total = 0, section = 0, pending = -1;
  for (char32_t c : text) {
    if (int d = digit_value(c); d >= 0) {
      pending = d;
    } else if (int m = multiplier(c); m > 0) {
      double base = pending < 0 ? 1 : pending;  // "十五": 十 alone means 10
      if (m == 10000) {
        total = (section + (pending < 0 ? 0 : pending)) * m;
        section = 0;
      } else {
        section += base * m;
      }
      pending = -1;
    } else {
      return std::nullopt;
    }
  }
  return total + section + (pending < 0 ? 0 : pending);
}

std::optional<NumberMatch> read_number(const std::vector<Token>& tokens, size_t i, bool allow_chinese) {
  if (i >= tokens.size()) return std::nullopt;
  const Token& t = tokens[i];
  if (t.kind == TokenKind::Number) return NumberMatch{std::strtod(t.text.c_str(), nullptr), 1};
  if (t.kind == TokenKind::Word) {
    for (const auto& [word, value] : kEnglishNumbers)
      if (t.text == word && word != "half" && word != "couple" && word != "few") return NumberMatch{double(value), 1};
    return std::nullopt;
  }
  if (!allow_chinese || t.kind != TokenKind::Cjk) return std::nullopt;
  std::u32string run;
  size_t j = i;
  while (j < tokens.size() && tokens[j].kind == TokenKind::Cjk) {
    std::u32string c = to_u32(tokens[j].text);
    if (c.size() != 1 || !numeral_char(c[0])) break;
    run += c;
    ++j;
  }
  if (j == i) return std::nullopt;
  auto value = chinese_numeral(run);
  if (!value) return std::nullopt;
  return NumberMatch{*value, j - i};
}

std::optional<Quantity> read_quantity(const std::vector<Token>& tokens, size_t i) {
  if (i >= tokens.size()) return std::nullopt;
  double value = 0;
  size_t length = 0;
  if (tokens[i].text == "半") {  // "半分钟", "半小时"
    value = 0.5;
    length = 1;
  } else if (tokens[i].text == "half" && i + 1 < tokens.size() && (tokens[i + 1].text == "a" || tokens[i + 1].text == "an")) {
    value = 0.5;  // "half a minute"
    length = 2;
  } else if (auto number = read_number(tokens, i, true)) {
    value = number->value;
    length = number->length;
    if (i + length < tokens.size() && tokens[i + length].text == "个") ++length;  // "两个小时"
  } else {
    return std::nullopt;
  }
  size_t u = i + length;
  if (u >= tokens.size()) return std::nullopt;
  // Chinese units span several one-character tokens: try the longest first.
  if (tokens[u].kind == TokenKind::Cjk) {
    for (size_t span : {2u, 1u}) {
      if (u + span > tokens.size()) continue;
      std::string word;
      for (size_t k = u; k < u + span; ++k) word += tokens[k].text;
      if (auto unit = unit_from_word(word)) return Quantity{value * unit->scale, unit->kind, length + span};
    }
    return std::nullopt;
  }
  if (tokens[u].kind != TokenKind::Word) return std::nullopt;
  if (auto unit = unit_from_word(tokens[u].text)) return Quantity{value * unit->scale, unit->kind, length + 1};
  return std::nullopt;
}

}  // namespace gpttrace::plan
