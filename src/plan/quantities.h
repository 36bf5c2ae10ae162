// Numbers and units in requests: Arabic and Chinese numerals, durations, time thresholds, sizes, frequencies.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "plan/text.h"

namespace gpttrace::plan {

enum class UnitKind { Time, Size, Frequency };

// A unit word and how many base units (ns, bytes, Hz) it stands for.
struct Unit {
  UnitKind kind;
  double scale;
};

// "ms" -> Time 1e6; "秒" -> Time 1e9; "kb" -> Size 1024; "hz" -> Frequency 1.
std::optional<Unit> unit_from_word(std::string_view word);

// A number starting at tokens[i] ("50", "1.5", "五", "二十", "两"): its value and how many tokens it spans.
// Chinese numerals are read only when `allow_chinese`.
struct NumberMatch {
  double value = 0;
  size_t length = 0;
};
std::optional<NumberMatch> read_number(const std::vector<Token>& tokens, size_t i, bool allow_chinese);

// The value of a string of Chinese numerals ("二十五" -> 25, "两" -> 2); nullopt if it is not one.
std::optional<double> chinese_numeral(std::u32string_view text);

// A number followed by a unit at tokens[i] ("50 ms", "5秒", "两分钟", "10KB", "1.5s", "半分钟").
struct Quantity {
  double value = 0;  // in base units: ns for time, bytes for size, Hz for frequency
  UnitKind kind = UnitKind::Time;
  size_t length = 0; // tokens spanned
};
std::optional<Quantity> read_quantity(const std::vector<Token>& tokens, size_t i);

}  // namespace gpttrace::plan
