// Tests for the static checks against fixture catalogs captured from a real kernel.
#include <gtest/gtest.h>

#include "check/checks.h"
#include "check/parser.h"
#include "kernel/fixture_catalog.h"

namespace gpttrace {
namespace {

class ChecksTest : public ::testing::Test {
 protected:
  ChecksTest() : catalog_(load_fixture_catalog(GPTTRACE_FIXTURES_DIR "/kernel/tracefs")) {}

  Diagnostics check(std::string_view src, CheckOptions options = {}) {
    Diagnostics diags;
    ParsedProgram program = parse_program(src, diags);
    EXPECT_FALSE(diags.has_errors()) << "parse: " << diags.format(src);
    check_program(program, catalog_, options, diags);
    return diags;
  }

  // The one error expected, with its code.
  Diagnostic only_error(const Diagnostics& diags, const std::string& code) {
    EXPECT_EQ(diags.items().size(), 1u) << diags.format("");
    EXPECT_EQ(diags.items().front().code, code);
    return diags.items().empty() ? Diagnostic{} : diags.items().front();
  }

  static std::string hints(const Diagnostic& d) {
    std::string all;
    for (const std::string& h : d.hints) all += h + "\n";
    return all;
  }

  FixtureCatalog catalog_;
};

TEST_F(ChecksTest, AcceptsAValidProgram) {
  Diagnostics diags = check(
      "tracepoint:syscalls:sys_enter_openat /comm == \"cat\"/ { printf(\"%s\\n\", str(args->filename)); }\n"
      "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); } profile:hz:99 { @s[kstack] = count(); }\n"
      "software:page-faults:1 { @pf[comm] = count(); } interval:s:1 { exit(); }");
  EXPECT_TRUE(diags.empty()) << diags.format("");
}

TEST_F(ChecksTest, KprobeWithoutKprobesSuggestsTheSyscallTracepoints) {
  Diagnostic d = only_error(check("kprobe:vfs_read { @ = count(); }"), "probe-type-unavailable");
  EXPECT_EQ(d.loc.col_begin, 1);
  EXPECT_EQ(d.loc.col_end, 15);
  EXPECT_NE(hints(d).find("tracepoint:syscalls:sys_enter_read"), std::string::npos) << hints(d);
}

TEST_F(ChecksTest, KprobeOnOpenSuggestsOpenat) {
  Diagnostic d = only_error(check("kprobe:do_sys_openat2 { @ = count(); }"), "probe-type-unavailable");
  EXPECT_EQ(hints(d).find("tracepoint:syscalls:sys_enter_openat"), hints(d).find("tracepoint:"));
}

TEST_F(ChecksTest, KfuncAndHardwareAreRefusedWithAlternatives) {
  Diagnostic kfunc = only_error(check("kfunc:vfs_write { @ = count(); }"), "probe-type-unavailable");
  EXPECT_NE(hints(kfunc).find("sys_enter_write"), std::string::npos);
  Diagnostic hw = only_error(check("hardware:cycles:1000 { @ = count(); }"), "probe-type-unavailable");
  EXPECT_FALSE(hw.hints.empty());
}

TEST_F(ChecksTest, UnknownTracepointHasDidYouMean) {
  Diagnostic d = only_error(check("tracepoint:syscalls:sys_enter_opnat { @ = count(); }"), "unknown-probe");
  EXPECT_NE(hints(d).find("tracepoint:syscalls:sys_enter_openat"), std::string::npos) << hints(d);
  Diagnostic cat = only_error(check("tracepoint:sched:sys_enter_openat { }"), "unknown-probe");
  EXPECT_NE(hints(cat).find("syscalls:sys_enter_openat"), std::string::npos) << hints(cat);
}

TEST_F(ChecksTest, WrongFieldListsTheRealFields) {
  std::string_view src = "tracepoint:syscalls:sys_enter_openat { printf(\"%s\\n\", str(args->path)); }";
  Diagnostic d = only_error(check(src), "unknown-field");
  EXPECT_EQ(src.substr(d.loc.col_begin - 1, d.loc.col_end - d.loc.col_begin + 1), "args->path");
  EXPECT_NE(hints(d).find("filename"), std::string::npos);
  EXPECT_NE(hints(d).find("its fields are: "), std::string::npos);
  EXPECT_NE(hints(d).find("flags"), std::string::npos);
  Diagnostic typo = only_error(check("tracepoint:syscalls:sys_enter_openat { @[str(args->filenme)] = count(); }"),
                                      "unknown-field");
  EXPECT_EQ(typo.hints.front(), "did you mean filename?");
}

TEST_F(ChecksTest, FieldsAreCheckedAgainstEveryTracepointOfTheBlock) {
  only_error(check("tracepoint:syscalls:sys_enter_read, tracepoint:syscalls:sys_enter_openat { @[args->count] = 1; }"),
             "unknown-field");
  EXPECT_TRUE(check("tracepoint:syscalls:sys_enter_read, tracepoint:syscalls:sys_enter_write { @ = sum(args->count); }")
                  .empty());
}

TEST_F(ChecksTest, DataLocFieldsNeedStr) {
  const Diagnostic& d =
      only_error(check("tracepoint:sched:sched_process_fork { printf(\"%s\\n\", args->parent_comm); }"),
                 "data-loc-field");
  EXPECT_EQ(d.hints.front(), "write str(args->parent_comm)");
  EXPECT_TRUE(check("tracepoint:sched:sched_process_fork { printf(\"%s\\n\", str(args->parent_comm)); }").empty());
}

TEST_F(ChecksTest, DotSyntaxNeedsBpftrace019) {
  Diagnostic d = only_error(check("tracepoint:syscalls:sys_enter_read { @ = sum(args.count); }"), "dialect");
  EXPECT_EQ(d.hints.front(), "write args->count");
  catalog_.set_bpftrace_version(0, 20, 0);
  EXPECT_TRUE(check("tracepoint:syscalls:sys_enter_read { @ = sum(args.count); }").empty());
}

TEST_F(ChecksTest, UnsafeBuiltinsNeedTheFlag) {
  std::string_view src = "tracepoint:syscalls:sys_enter_kill { system(\"echo hi\"); signal(9); }";
  Diagnostics diags = check(src);
  ASSERT_EQ(diags.items().size(), 2u);
  EXPECT_EQ(diags.items()[0].code, "unsafe-builtin");
  EXPECT_EQ(src.substr(diags.items()[0].loc.col_begin - 1, 6), "system");
  EXPECT_EQ(diags.items()[1].code, "unsafe-builtin");
  EXPECT_TRUE(check(src, CheckOptions{.allow_unsafe = true}).empty());
  EXPECT_TRUE(is_unsafe_builtin("override"));
  EXPECT_FALSE(is_unsafe_builtin("printf"));
}

TEST_F(ChecksTest, CatOfAFileNeedsTheFlag) {
  Diagnostic d = only_error(check("BEGIN { cat(\"/etc/shadow\"); }"), "unsafe-builtin");
  EXPECT_NE(d.message.find("cat() reads a file"), std::string::npos) << d.message;
  EXPECT_TRUE(check("BEGIN { cat(\"/etc/hostname\"); }", CheckOptions{.allow_unsafe = true}).empty());
}

TEST_F(ChecksTest, ObfuscatedUnsafeCallsAreStillFound) {
  for (const char* src : {
           "BEGIN { system /* hidden */ (\"id\"); }",
           "BEGIN { system\n(\"id\"); }",
           "BEGIN { if (1) { signal(9); } }",
           "BEGIN /1/ { @x = 1; override(0); }",
           "#define RUN system\nBEGIN { RUN(\"id\"); }",
           "#define RUN(x) system(x)\nBEGIN { RUN(\"id\"); }",
           "#define RUN sys\\\ntem\nBEGIN { RUN(\"id\"); }",
           "#define PASTE(a, b) a##b\nBEGIN { PASTE(sys, tem)(\"id\"); }",
           "#  define  READ cat\nBEGIN { READ(\"/etc/shadow\"); }",
           "#include \"/etc/shadow\"\nBEGIN { }",
           "#include </etc/shadow>\nBEGIN { }",
           "#include <../../etc/shadow>\nBEGIN { }",
       }) {
    Diagnostics diags = check(src);
    ASSERT_TRUE(diags.has_errors()) << src;
    EXPECT_EQ(diags.items().front().code, "unsafe-builtin") << src;
    EXPECT_FALSE(check(src, CheckOptions{.allow_unsafe = true}).has_errors()) << src;
  }
  EXPECT_TRUE(check("#include <linux/sched.h>\n#define PRINT printf\nBEGIN { PRINT(\"hi\"); }").empty());
}

TEST_F(ChecksTest, OneListOfUnsafeBuiltins) {
  EXPECT_EQ(unsafe_builtin_names(), "system(), signal(), override(), cat(), skboutput()");
  for (const UnsafeBuiltin& unsafe : unsafe_builtins()) EXPECT_TRUE(is_unsafe_builtin(unsafe.name));
}

TEST_F(ChecksTest, WildcardsAreCountedAgainstTheLimit) {
  EXPECT_TRUE(check("tracepoint:syscalls:sys_enter_* { @[probe] = count(); }").empty());
  Diagnostics diags = check("tracepoint:syscalls:sys_enter_* { @[probe] = count(); }", CheckOptions{.max_probes = 5});
  Diagnostic d = only_error(diags, "too-many-probes");
  EXPECT_NE(d.message.find("more than the limit of 5"), std::string::npos);
  only_error(check("tracepoint:nosuch:* { }"), "unknown-probe");
}

TEST_F(ChecksTest, UnknownProbeTypeAndBadTimersAndSoftwareEvents) {
  Diagnostic type = only_error(check("tracepiont:syscalls:sys_enter_read { }"), "unknown-probe-type");
  EXPECT_EQ(type.hints.front().rfind("did you mean tracepoint", 0), 0u);
  only_error(check("profile:hz { }"), "bad-probe");
  only_error(check("interval:minutes:1 { }"), "bad-probe");
  Diagnostic sw = only_error(check("software:page-fault:1 { }"), "unknown-probe");
  EXPECT_NE(hints(sw).find("page-faults"), std::string::npos);
}

TEST_F(ChecksTest, UprobesAreCheckedAgainstTheBinarysSymbols) {
  catalog_.add_binary("bash", "/usr/bin/bash", {"readline", "main", "rl_insert"});
  EXPECT_TRUE(check("uretprobe:bash:readline { printf(\"%s\\n\", str(retval)); }").empty());
  Diagnostic d = only_error(check("uprobe:/usr/bin/bash:readlin { }"), "unknown-symbol");
  EXPECT_EQ(d.hints.front(), "did you mean readline?");
  only_error(check("uprobe:/no/such/binary:main { }"), "unknown-binary");
}

TEST_F(ChecksTest, KprobesWhereTheKernelHasThemAreCheckedAgainstBtf) {
  catalog_.set_support(ProbeType::Kprobe, ProbeSupport{true, "", ""});
  catalog_.add_function(KernelFunction{"vfs_read", "ssize_t", {{"file", "struct file *"}}});
  EXPECT_TRUE(check("kprobe:vfs_read { @ = count(); }").empty());
  Diagnostic d = only_error(check("kprobe:vfs_raed { @ = count(); }"), "unknown-probe");
  EXPECT_EQ(d.hints.front(), "did you mean vfs_read?");
}

TEST(TracepointAlternatives, OnlyNamesTracepointsTheCatalogHas) {
  FixtureCatalog catalog = load_fixture_catalog(GPTTRACE_FIXTURES_DIR "/kernel/tracefs");
  auto alternatives = tracepoint_alternatives(catalog, "vfs_write");
  ASSERT_FALSE(alternatives.empty());
  EXPECT_EQ(alternatives.front(), "syscalls:sys_enter_write");
  for (const std::string& name : alternatives) {
    size_t colon = name.find(':');
    EXPECT_TRUE(catalog.tracepoint(name.substr(0, colon), name.substr(colon + 1))) << name;
  }
  EXPECT_EQ(tracepoint_alternatives(catalog, "kfree_skb").front(), "skb:kfree_skb");
  EXPECT_TRUE(tracepoint_alternatives(catalog, "completely_unknown_fn").empty());
}

}  // namespace
}  // namespace gpttrace
