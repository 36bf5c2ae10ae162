// Tests for the structural bpftrace parser: attach points, predicates, fields, calls, locations, errors.
#include <gtest/gtest.h>

#include "check/parser.h"

namespace gpttrace {
namespace {

ParsedProgram parse_ok(std::string_view src) {
  Diagnostics diags;
  ParsedProgram program = parse_program(src, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.format(src);
  return program;
}

TEST(Parser, OneTracepointWithPredicateFieldsAndCalls) {
  std::string_view src =
      "tracepoint:syscalls:sys_enter_openat /comm == \"cat\"/ { printf(\"%s\\n\", str(args->filename)); "
      "@[comm] = count(); }";
  ParsedProgram p = parse_ok(src);
  ASSERT_EQ(p.probes.size(), 1u);
  const ProbeBlock& b = p.probes[0];
  ASSERT_EQ(b.attach_points.size(), 1u);
  EXPECT_EQ(b.attach_points[0].type, ProbeType::Tracepoint);
  EXPECT_EQ(b.attach_points[0].parts, (std::vector<std::string>{"syscalls", "sys_enter_openat"}));
  EXPECT_EQ(b.attach_points[0].loc.col_begin, 1);
  EXPECT_EQ(b.attach_points[0].loc.col_end, 36);
  EXPECT_TRUE(b.has_predicate);
  ASSERT_EQ(b.fields.size(), 1u);
  EXPECT_EQ(b.fields[0].name, "filename");
  EXPECT_TRUE(b.fields[0].inside_str);
  EXPECT_FALSE(b.fields[0].dot_syntax);
  EXPECT_EQ(src.substr(b.fields[0].loc.col_begin - 1, b.fields[0].loc.col_end - b.fields[0].loc.col_begin + 1),
            "args->filename");
  std::vector<std::string> calls;
  for (const Call& c : b.calls) calls.push_back(c.name);
  EXPECT_EQ(calls, (std::vector<std::string>{"printf", "str", "count"}));
}

TEST(Parser, SeveralProbesAttachListsAndLines) {
  ParsedProgram p = parse_ok(
      "BEGIN { printf(\"hi\\n\"); }\n"
      "tracepoint:syscalls:sys_enter_read,\n  t:syscalls:sys_enter_write { @[probe] = count(); }\n"
      "END { clear(@); }\n");
  ASSERT_EQ(p.probes.size(), 3u);
  EXPECT_EQ(p.probes[0].attach_points[0].type, ProbeType::Begin);
  ASSERT_EQ(p.probes[1].attach_points.size(), 2u);
  EXPECT_EQ(p.probes[1].attach_points[1].type, ProbeType::Tracepoint);
  EXPECT_EQ(p.probes[1].attach_points[1].loc.line, 3);
  EXPECT_EQ(p.probes[1].attach_points[1].loc.col_begin, 3);
  EXPECT_EQ(p.probes[2].attach_points[0].type, ProbeType::End);
}

TEST(Parser, UprobePathsKeepSlashesAndColonsSplitTheRest) {
  ParsedProgram p = parse_ok("uretprobe:/bin/bash:readline /pid == 1/ { printf(\"%s\\n\", str(retval)); }");
  const AttachPoint& ap = p.probes[0].attach_points[0];
  EXPECT_EQ(ap.type, ProbeType::Uretprobe);
  EXPECT_EQ(ap.parts, (std::vector<std::string>{"/bin/bash", "readline"}));
  EXPECT_TRUE(p.probes[0].has_predicate);
  ParsedProgram lib = parse_ok("uprobe:libc:malloc { @bytes = sum(arg0); }");
  EXPECT_EQ(lib.probes[0].attach_points[0].parts, (std::vector<std::string>{"libc", "malloc"}));
}

TEST(Parser, WildcardsUnknownTypesAndAliases) {
  ParsedProgram p = parse_ok("tracepoint:syscalls:sys_enter_* { @[probe] = count(); } k:vfs_read {} foo:bar {}");
  EXPECT_TRUE(p.probes[0].attach_points[0].wildcard);
  EXPECT_EQ(p.probes[1].attach_points[0].type, ProbeType::Kprobe);
  EXPECT_FALSE(p.probes[2].attach_points[0].type.has_value());
  EXPECT_EQ(p.probes[2].attach_points[0].type_text, "foo");
}

TEST(Parser, FieldsOutsideStrAndDotSyntaxAndMembersThatAreNotArgs) {
  ParsedProgram p = parse_ok(
      "tracepoint:sched:sched_process_fork { @[args.parent_comm] = count(); "
      "$t = curtask->parent->pid; @x[$args] = 1; if (args->child_pid > 0) { printf(\"%d\", args->child_pid); } }");
  const auto& fields = p.probes[0].fields;
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].name, "parent_comm");
  EXPECT_TRUE(fields[0].dot_syntax);
  EXPECT_FALSE(fields[0].inside_str);
  EXPECT_EQ(fields[1].name, "child_pid");
  EXPECT_FALSE(fields[2].inside_str);  // inside printf(), not str()
  for (const Call& c : p.probes[0].calls) EXPECT_NE(c.name, "if");
}

TEST(Parser, CommentsStringsIncludesAndStructsAreSkipped) {
  ParsedProgram p = parse_ok(
      "#include <linux/sched.h>\n"
      "struct foo { int a; };\n"
      "// system(\"x\") in a comment\n"
      "/* and args->nope in a block comment */\n"
      "BEGIN { printf(\"system( args->no } {\\n\"); }\n");
  ASSERT_EQ(p.probes.size(), 1u);
  EXPECT_TRUE(p.probes[0].fields.empty());
  ASSERT_EQ(p.probes[0].calls.size(), 1u);
  EXPECT_EQ(p.probes[0].calls[0].name, "printf");
}

TEST(Parser, DivisionInsideParenthesesInAPredicate) {
  ParsedProgram p = parse_ok("profile:hz:99 /(pid / 2) > 1/ { @[kstack] = count(); }");
  ASSERT_EQ(p.probes.size(), 1u);
  EXPECT_EQ(p.probes[0].attach_points[0].parts, (std::vector<std::string>{"hz", "99"}));
}

TEST(Parser, ReportsSyntaxErrorsWithLocations) {
  struct Case {
    const char* src;
    const char* message_part;
    int line, col;
  } cases[] = {
      {"BEGIN { printf(\"x\"); ", "no closing '}'", 1, 7},
      {"tracepoint:syscalls:sys_enter_read", "expected '{'", 1, 1},
      {"BEGIN { printf(\"unterminated); }", "unterminated string", 1, 16},
      {"BEGIN {}\n}", "expected a probe", 2, 1},
      {"tracepoint:a:b /pid == 1 { }", "predicate", 1, 29},
  };
  for (const Case& c : cases) {
    Diagnostics diags;
    parse_program(c.src, diags);
    ASSERT_TRUE(diags.has_errors()) << c.src;
    const Diagnostic& d = diags.items().front();
    EXPECT_NE(d.message.find(c.message_part), std::string::npos) << c.src << " -> " << d.message;
    EXPECT_EQ(d.loc.line, c.line) << c.src;
    EXPECT_EQ(d.loc.col_begin, c.col) << c.src;
  }
}

}  // namespace
}  // namespace gpttrace
