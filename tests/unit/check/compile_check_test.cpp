// Tests for reading bpftrace's error text (golden fixtures) and for the real compile check.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "check/compile_check.h"
#include "kernel/catalog.h"

namespace gpttrace {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(GPTTRACE_FIXTURES_DIR) + "/check/" + name);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty()) << name;
  return text.str();
}

TEST(ParseBpftraceErrors, LocatedErrorsWithSourceAndUnderline) {
  Diagnostics diags = parse_bpftrace_errors(fixture("field.stderr"));
  ASSERT_EQ(diags.items().size(), 2u);
  const Diagnostic& d = diags.items()[0];
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.loc.line, 1);
  EXPECT_EQ(d.loc.col_begin, 55);
  EXPECT_EQ(d.loc.col_end, 72);
  EXPECT_NE(d.message.find("does not contain a field named 'filenme'"), std::string::npos);
  EXPECT_TRUE(d.hints.empty());
  EXPECT_EQ(diags.items()[1].loc.col_end, 73);
}

TEST(ParseBpftraceErrors, IgnoresTheMemlockAndFilterFunctionNoise) {
  for (const char* name : {"syntax.stderr", "unknown_tracepoint.stderr", "unsafe.stderr", "multiple.stderr",
                           "dflag_noise.stderr"}) {
    Diagnostics diags = parse_bpftrace_errors(fixture(name));
    ASSERT_EQ(diags.items().size(), 1u) << name << "\n" << diags.format("");
    EXPECT_EQ(diags.items()[0].message.find("RLIMIT"), std::string::npos) << name;
    EXPECT_TRUE(diags.items()[0].loc.known()) << name;
  }
  EXPECT_TRUE(parse_bpftrace_errors(fixture("attach_uprobe.stderr")).empty());
}

TEST(ParseBpftraceErrors, SyntaxErrorWithBlankUnderline) {
  Diagnostics diags = parse_bpftrace_errors(fixture("syntax.stderr"));
  EXPECT_EQ(diags.items()[0].message, "syntax error, unexpected end of file, expecting }");
  EXPECT_EQ(diags.items()[0].loc.col_begin, 16);
}

TEST(ParseBpftraceErrors, AttachFailureKeepsWarningAndUnlocatedErrorWithContext) {
  Diagnostics diags = parse_bpftrace_errors(fixture("attach_kprobe.stderr"));
  ASSERT_EQ(diags.items().size(), 2u) << diags.format("");
  EXPECT_EQ(diags.items()[0].severity, Severity::Warning);
  EXPECT_NE(diags.items()[0].message.find("vfs_read is not traceable"), std::string::npos);
  // The create_probe_event line explains the failure; it is kept as a hint of the warning before it.
  ASSERT_EQ(diags.items()[0].hints.size(), 1u);
  EXPECT_NE(diags.items()[0].hints[0].find("kprobe_events"), std::string::npos);
  EXPECT_EQ(diags.items()[1].severity, Severity::Error);
  EXPECT_EQ(diags.items()[1].message, "Error attaching probe: 'kprobe:vfs_read'");
  EXPECT_FALSE(diags.items()[1].loc.known());
}

// The real compile check on this machine (tests run as root with bpftrace installed, as in CI).
class RealCompileCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    bpftrace_ = make_real_catalog()->bpftrace();
    ASSERT_TRUE(bpftrace_.found) << "bpftrace must be installed (scripts/setup.sh installs it)";
  }
  BpftraceInfo bpftrace_;
};

TEST_F(RealCompileCheck, AcceptsAValidProgram) {
  Diagnostics diags;
  ASSERT_TRUE(compile_check(bpftrace_, "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }", false, diags));
  EXPECT_TRUE(diags.empty()) << diags.format("");
}

TEST_F(RealCompileCheck, ReportsTypeErrorsTheStaticChecksCannotSee) {
  Diagnostics diags;
  std::string program = "BEGIN { printf(\"%s\\n\", 1); }";
  ASSERT_TRUE(compile_check(bpftrace_, program, false, diags));
  ASSERT_TRUE(diags.has_errors());
  EXPECT_NE(diags.items()[0].message.find("%s specifier expects a value of type string"), std::string::npos);
  EXPECT_EQ(diags.items()[0].loc.col_begin, 9);
}

TEST_F(RealCompileCheck, UnsafeNeedsTheFlagInBpftraceToo) {
  Diagnostics refused, allowed;
  ASSERT_TRUE(compile_check(bpftrace_, "BEGIN { system(\"true\"); exit(); }", false, refused));
  EXPECT_TRUE(refused.has_errors());
  ASSERT_TRUE(compile_check(bpftrace_, "BEGIN { system(\"true\"); exit(); }", true, allowed));
  EXPECT_FALSE(allowed.has_errors()) << allowed.format("");
}

TEST(CompileCheck, MissingBpftraceIsAnErrorWithAFix) {
  Diagnostics diags;
  auto result = compile_check(BpftraceInfo{}, "BEGIN {}", false, diags);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().fix.find("apt-get install bpftrace"), std::string::npos);
}

}  // namespace
}  // namespace gpttrace
