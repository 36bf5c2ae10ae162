// layout_for_reading: long predicates and bodies split, strings untouched, only whitespace changed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/program_layout.h"

namespace gpttrace {
namespace {

std::string without_space(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }), s.end());
  return s;
}

TEST(ProgramLayout, ShortLinesStayAsWritten) {
  const std::string program = "tracepoint:syscalls:sys_enter_openat /pid == 1/ { @[comm] = count(); }\n";
  EXPECT_EQ(layout_for_reading(program), program);
}

TEST(ProgramLayout, LongPredicateOneConditionPerLine) {
  const std::string program =
      "tracepoint:syscalls:sys_enter_read\n/(pid == 1234) && (tid == 1235) && (uid == 1000) && (comm == \"a && b\") || "
      "(cgroup == 4242)/ { @_start[tid] = nsecs; }\n";
  EXPECT_EQ(layout_for_reading(program),
            "tracepoint:syscalls:sys_enter_read\n/(pid == 1234) &&\n (tid == 1235) &&\n (uid == 1000) &&\n "
            "(comm == \"a && b\") ||\n (cgroup == 4242)/ { @_start[tid] = nsecs; }\n");
}

TEST(ProgramLayout, LongBodyOneStatementPerLineStringsKept) {
  const std::string program =
      "tracepoint:syscalls:sys_exit_read /@_start[tid]/ { $lat = nsecs - @_start[tid]; if ($lat > 1000000) { "
      "printf(\"%s; slow {%d}\\n\", comm, $lat); } delete(@_start[tid]); }";
  const std::string laid = layout_for_reading(program);
  EXPECT_EQ(laid,
            "tracepoint:syscalls:sys_exit_read /@_start[tid]/ {\n  $lat = nsecs - @_start[tid];\n  if ($lat > 1000000) { "
            "printf(\"%s; slow {%d}\\n\", comm, $lat); }\n  delete(@_start[tid]);\n}");
  EXPECT_EQ(without_space(laid), without_space(program));
}

// Every program of the example corpus (hand-written bpftrace of all shapes): laying it out changes only
// whitespace, and laying out a laid-out program changes nothing.
TEST(ProgramLayout, CorpusProgramsChangeOnlyWhitespace) {
  const std::filesystem::path corpus = std::filesystem::path(GPTTRACE_FIXTURES_DIR) / "../../knowledge/examples";
  size_t programs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (entry.path().extension() != ".bt") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string laid = layout_for_reading(text.str());
    EXPECT_EQ(without_space(laid), without_space(text.str())) << entry.path();
    EXPECT_EQ(layout_for_reading(laid), laid) << entry.path();
    ++programs;
  }
  EXPECT_GT(programs, 100u);
}

}  // namespace
}  // namespace gpttrace
