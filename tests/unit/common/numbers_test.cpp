// Strict number parsing for flags and environment: units, ranges and the one-line errors.
#include <gtest/gtest.h>

#include "common/numbers.h"

namespace gpttrace {
namespace {

TEST(ParseSeconds, AcceptsPlainNumbersAndUnits) {
  for (auto [text, want] : {std::pair{"5", 5.0}, {"2.5", 2.5}, {"5s", 5.0}, {"500ms", 0.5}, {"2m", 120.0},
                            {"1min", 60.0}, {"1h", 3600.0}, {"0.01", 0.01}}) {
    auto got = parse_seconds("--duration", text, 0.01, 3600);
    ASSERT_TRUE(got) << text << ": " << got.error().message;
    EXPECT_DOUBLE_EQ(*got, want) << text;
  }
}

TEST(ParseSeconds, RefusesGarbageAndOutOfRangeNamingValueAndRange) {
  for (const char* text : {"0.0001", "1e-300", "nan", "inf", "-5", "1e18", "0", "5x", "", " 5", "0x10", "5 s",
                           "1.5.2", "2h", "99999999999999999999999"}) {
    auto got = parse_seconds("--duration", text, 0.01, 3600);
    ASSERT_FALSE(got) << text;
    EXPECT_NE(got.error().message.find(std::string("--duration '") + text), std::string::npos) << got.error().message;
    EXPECT_EQ(got.error().fix, "give 10 ms to 1 h, e.g. 5, 2.5, 500ms or 2m") << text;
  }
}

TEST(ParseCount, WholeNumbersInRange) {
  EXPECT_EQ(*parse_count("--top", "20", 1, 100000), 20u);
  for (const char* text : {"0", "-1", "2.5", "1e3", "abc", "", "100001", "18446744073709551616", "+3"}) {
    auto got = parse_count("--top", text, 1, 100000);
    ASSERT_FALSE(got) << text;
    EXPECT_NE(got.error().message.find("--top '"), std::string::npos);
    EXPECT_EQ(got.error().fix, "give a whole number from 1 to 100000");
  }
}

TEST(ParseSeconds, ControlCharactersInTheValueAreNotEchoed) {
  auto got = parse_seconds("--duration", "5\x1b[2K", 0.01, 3600);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace gpttrace
