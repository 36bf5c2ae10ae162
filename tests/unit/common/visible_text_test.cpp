// Control characters from outside text are shown as escapes; printable text and UTF-8 are kept.
#include <gtest/gtest.h>

#include "common/visible_text.h"

namespace gpttrace {
namespace {

TEST(VisibleControls, EscapesC0DelAndC1ButKeepsTextTabsAndUtf8) {
  EXPECT_EQ(visible_controls("ok\r\x1b[2Khidden"), "ok\\r\\e[2Khidden");
  EXPECT_EQ(visible_controls("bell\x07 del\x7f nul", false), "bell\\x07 del\\x7f nul");
  EXPECT_EQ(visible_controls(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(visible_controls("csi \xc2\x9b" "2J"), "csi \\u009b2J");
  EXPECT_EQ(visible_controls("两行\n\tindented"), "两行\n\tindented");
  EXPECT_EQ(visible_controls("one\nline", false), "one\\nline");
  EXPECT_EQ(visible_controls("é \xc2\xa0 nbsp"), "é \xc2\xa0 nbsp");
}

}  // namespace
}  // namespace gpttrace
