// Numbers and units: Arabic and Chinese numerals, durations, sizes, frequencies; and the tokenizer under them.
#include <gtest/gtest.h>

#include "plan/quantities.h"
#include "plan/text.h"

namespace gpttrace::plan {
namespace {

std::optional<Quantity> quantity(std::string_view text) { return read_quantity(tokenize(text), 0); }

TEST(ChineseNumerals, Values) {
  EXPECT_EQ(chinese_numeral(U"五"), 5);
  EXPECT_EQ(chinese_numeral(U"两"), 2);
  EXPECT_EQ(chinese_numeral(U"十"), 10);
  EXPECT_EQ(chinese_numeral(U"十五"), 15);
  EXPECT_EQ(chinese_numeral(U"二十"), 20);
  EXPECT_EQ(chinese_numeral(U"九十九"), 99);
  EXPECT_EQ(chinese_numeral(U"一百零五"), 105);
  EXPECT_EQ(chinese_numeral(U"三千"), 3000);
  EXPECT_EQ(chinese_numeral(U"一万"), 10000);
  EXPECT_FALSE(chinese_numeral(U"秒"));
}

TEST(Quantities, Durations) {
  EXPECT_DOUBLE_EQ(quantity("5 seconds")->value, 5e9);
  EXPECT_DOUBLE_EQ(quantity("5秒")->value, 5e9);
  EXPECT_DOUBLE_EQ(quantity("五秒")->value, 5e9);
  EXPECT_DOUBLE_EQ(quantity("两分钟")->value, 120e9);
  EXPECT_DOUBLE_EQ(quantity("两个小时")->value, 7200e9);
  EXPECT_DOUBLE_EQ(quantity("半分钟")->value, 30e9);
  EXPECT_DOUBLE_EQ(quantity("1.5s")->value, 1.5e9);
  EXPECT_DOUBLE_EQ(quantity("100 ms")->value, 100e6);
  EXPECT_DOUBLE_EQ(quantity("50ms")->value, 50e6);
  EXPECT_DOUBLE_EQ(quantity("50毫秒")->value, 50e6);
  EXPECT_DOUBLE_EQ(quantity("20 us")->value, 20e3);
  EXPECT_DOUBLE_EQ(quantity("20µs")->value, 20e3);
  EXPECT_DOUBLE_EQ(quantity("ten seconds")->value, 10e9);
  EXPECT_DOUBLE_EQ(quantity("a minute")->value, 60e9);
  EXPECT_EQ(quantity("5 seconds")->kind, UnitKind::Time);
  EXPECT_EQ(quantity("5 seconds")->length, 2u);
  EXPECT_EQ(quantity("五秒")->length, 2u);
}

TEST(Quantities, SizesAndFrequencies) {
  EXPECT_DOUBLE_EQ(quantity("10KB")->value, 10 * 1024.0);
  EXPECT_DOUBLE_EQ(quantity("1 MB")->value, 1024.0 * 1024);
  EXPECT_DOUBLE_EQ(quantity("4096 bytes")->value, 4096);
  EXPECT_DOUBLE_EQ(quantity("100字节")->value, 100);
  EXPECT_EQ(quantity("10KB")->kind, UnitKind::Size);
  EXPECT_DOUBLE_EQ(quantity("99 Hz")->value, 99);
  EXPECT_DOUBLE_EQ(quantity("99赫兹")->value, 99);
  EXPECT_EQ(quantity("49 hertz")->kind, UnitKind::Frequency);
}

TEST(Quantities, NotQuantities) {
  EXPECT_FALSE(quantity("5 processes"));
  EXPECT_FALSE(quantity("seconds"));
  EXPECT_FALSE(quantity("一下"));
}

TEST(Tokenizer, WordsNumbersPathsAndChinese) {
  auto t = tokenize("Which FILES does nginx open? /etc/passwd, 50ms");
  ASSERT_EQ(t.size(), 10u);
  EXPECT_EQ(t[0].text, "which");
  EXPECT_EQ(t[1].original, "FILES");
  EXPECT_EQ(t[4].text, "open");
  EXPECT_EQ(t[5].text, "?");
  EXPECT_EQ(t[6].kind, TokenKind::Path);
  EXPECT_EQ(t[6].text, "/etc/passwd");
  EXPECT_EQ(t[7].text, ",");
  EXPECT_EQ(t[8].kind, TokenKind::Number);
  EXPECT_EQ(t[9].text, "ms");

  auto zh = tokenize("追踪ｎｇｉｎｘ进程，５秒");
  EXPECT_EQ(zh[0].kind, TokenKind::Cjk);
  EXPECT_EQ(zh[2].text, "nginx");  // full-width folded
  EXPECT_EQ(zh[5].text, ",");
  EXPECT_EQ(zh[6].text, "5");

  auto probe = tokenize("uprobe:/bin/bash:readline vfs_read() gnome-shell 'my app' “引号”");
  EXPECT_EQ(probe[0].text, "uprobe:/bin/bash:readline");
  EXPECT_EQ(probe[1].text, "vfs_read");
  EXPECT_TRUE(probe[4].hyphen_after);
  EXPECT_EQ(probe[6].kind, TokenKind::Quoted);
  EXPECT_EQ(probe[6].original, "my app");
  EXPECT_EQ(probe[7].original, "引号");
}

}  // namespace
}  // namespace gpttrace::plan
