// Tests for edit distance, "did you mean" ranking and diagnostics rendering.
#include <gtest/gtest.h>

#include "common/diagnostics.h"
#include "common/names.h"

namespace gpttrace {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndTranspositions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("read", "read"), 0u);
  EXPECT_EQ(edit_distance("read", "reads"), 1u);
  EXPECT_EQ(edit_distance("read", "rad"), 1u);
  EXPECT_EQ(edit_distance("read", "reed"), 1u);
  EXPECT_EQ(edit_distance("filename", "filenmae"), 1u);  // transposition
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(ClosestNames, PrefersExactThenSubstringThenNearMisses) {
  std::vector<std::string> names = {"filename", "flags", "mode", "dfd", "FILENAME_X"};
  EXPECT_EQ(closest_names("filenme", names).front(), "filename");
  EXPECT_EQ(closest_names("mdoe", names), (std::vector<std::string>{"mode"}));
  EXPECT_EQ(closest_names("FLAGS", names).front(), "flags");
  auto sub = closest_names("file", names);
  ASSERT_EQ(sub.size(), 2u);
  EXPECT_EQ(sub[0], "filename");  // shorter substring match first
  EXPECT_TRUE(closest_names("zzzzzzzz", names).empty());
  EXPECT_TRUE(closest_names("", names).empty());
}

TEST(ClosestNames, HonoursTheLimit) {
  std::vector<std::string> names = {"ab", "ac", "ad", "ae"};
  EXPECT_EQ(closest_names("aa", names, 2).size(), 2u);
}

TEST(JoinAlternatives, ReadsNaturally) {
  EXPECT_EQ(join_alternatives({"a"}), "a");
  EXPECT_EQ(join_alternatives({"a", "b"}), "a or b");
  EXPECT_EQ(join_alternatives({"a", "b", "c"}), "a, b or c");
  EXPECT_EQ(join_alternatives({"a", "b"}, ", "), "a, b");
}

TEST(Diagnostics, FormatsLikeBpftraceWithUnderlineAndHints) {
  Diagnostics diags;
  diags.error("unknown-field", "no field 'x'", {2, 5, 11}).hints.push_back("did you mean y?");
  diags.warning("w", "unlocated");
  std::string out = diags.format("BEGIN {}\nkp { args->x }\n", "stdin");
  EXPECT_EQ(out,
            "stdin:2:5-11: ERROR: no field 'x'\n"
            "kp { args->x }\n"
            "    ~~~~~~~\n"
            "HINT: did you mean y?\n"
            "stdin: WARNING: unlocated\n");
  EXPECT_TRUE(diags.has_errors());
  Diagnostics only_warning;
  only_warning.warning("w", "x");
  EXPECT_FALSE(only_warning.has_errors());
}

}  // namespace
}  // namespace gpttrace
