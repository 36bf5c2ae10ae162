// Parsers of machine text, tested on golden fixtures captured from the development VM.
#include <gtest/gtest.h>

#include <filesystem>

#include "kernel/fixture_catalog.h"
#include "test_util.h"

namespace gpttrace {
namespace {

const TracepointField* find_field(const std::vector<TracepointField>& fields, std::string_view name) {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

TEST(TracefsFormat, CommonFieldsAreFlagged) {
  auto fields =
      parse_tracepoint_format(test::read_fixture("tracefs/events/syscalls/sys_enter_openat/format"));
  ASSERT_TRUE(fields) << fields.error().message;
  ASSERT_GE(fields->size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE((*fields)[i].common) << (*fields)[i].name;
    EXPECT_TRUE((*fields)[i].name.starts_with("common_"));
  }
  const auto* pid = find_field(*fields, "common_pid");
  ASSERT_NE(pid, nullptr);
  EXPECT_EQ(pid->type, "int");
  EXPECT_TRUE(pid->is_signed);
  EXPECT_EQ(pid->offset, 4);
  EXPECT_EQ(pid->size, 4);
}

TEST(TracefsFormat, PointerAndScalarFields) {
  auto fields =
      parse_tracepoint_format(test::read_fixture("tracefs/events/syscalls/sys_enter_openat/format"));
  ASSERT_TRUE(fields);
  const auto* filename = find_field(*fields, "filename");
  ASSERT_NE(filename, nullptr);
  EXPECT_EQ(filename->type, "const char *");
  EXPECT_EQ(filename->offset, 24);
  EXPECT_EQ(filename->size, 8);
  EXPECT_FALSE(filename->is_signed);
  EXPECT_FALSE(filename->data_loc);
  EXPECT_FALSE(filename->common);
  const auto* mode = find_field(*fields, "mode");
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(mode->type, "umode_t");

  auto execve =
      parse_tracepoint_format(test::read_fixture("tracefs/events/syscalls/sys_enter_execve/format"));
  ASSERT_TRUE(execve);
  const auto* argv = find_field(*execve, "argv");
  ASSERT_NE(argv, nullptr);
  EXPECT_EQ(argv->type, "const char *const *");
}

TEST(TracefsFormat, DataLocFields) {
  auto fields = parse_tracepoint_format(test::read_fixture("tracefs/events/sched/sched_process_fork/format"));
  ASSERT_TRUE(fields);
  const auto* parent_comm = find_field(*fields, "parent_comm");
  ASSERT_NE(parent_comm, nullptr);
  EXPECT_EQ(parent_comm->type, "__data_loc char[]");
  EXPECT_TRUE(parent_comm->data_loc);
  EXPECT_EQ(parent_comm->size, 4);  // 16-bit offset + 16-bit length
  const auto* child_pid = find_field(*fields, "child_pid");
  ASSERT_NE(child_pid, nullptr);
  EXPECT_EQ(child_pid->type, "pid_t");
  EXPECT_TRUE(child_pid->is_signed);
  EXPECT_FALSE(child_pid->data_loc);
}

TEST(TracefsFormat, ArrayFieldsKeepTheirLengthOnTheType) {
  auto fields = parse_tracepoint_format(test::read_fixture("tracefs/events/sched/sched_switch/format"));
  ASSERT_TRUE(fields);
  const auto* prev_comm = find_field(*fields, "prev_comm");
  ASSERT_NE(prev_comm, nullptr);
  EXPECT_EQ(prev_comm->type, "char[16]");
  EXPECT_EQ(prev_comm->size, 16);
  EXPECT_FALSE(prev_comm->data_loc);
  const auto* prev_state = find_field(*fields, "prev_state");
  ASSERT_NE(prev_state, nullptr);
  EXPECT_EQ(prev_state->type, "long");
  EXPECT_TRUE(prev_state->is_signed);
}

// Every captured format parses, with one field per "field:" line, and fields laid out in order.
TEST(TracefsFormat, AllGoldenFixturesParseConsistently) {
  namespace fs = std::filesystem;
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(test::fixture_path("tracefs/events"))) {
    if (entry.path().filename() != "format") continue;
    ++files;
    std::string text = test::read_text(entry.path().string());
    size_t field_lines = 0;
    for (size_t pos = text.find("\tfield:"); pos != std::string::npos; pos = text.find("\tfield:", pos + 1))
      ++field_lines;
    auto fields = parse_tracepoint_format(text);
    ASSERT_TRUE(fields) << entry.path() << ": " << fields.error().message;
    EXPECT_EQ(fields->size(), field_lines) << entry.path();
    int last_end = 0;
    for (const auto& f : *fields) {
      EXPECT_FALSE(f.name.empty()) << entry.path();
      EXPECT_FALSE(f.type.empty()) << entry.path() << " " << f.name;
      EXPECT_GE(f.offset, last_end) << entry.path() << " " << f.name;
      EXPECT_GT(f.size, 0) << entry.path() << " " << f.name;
      EXPECT_EQ(f.data_loc, f.type.starts_with("__data_loc")) << entry.path() << " " << f.name;
      last_end = f.offset + f.size;
    }
  }
  EXPECT_GE(files, 80u);
}

TEST(TracefsFormat, RejectsTextThatIsNotAFormatFile) {
  EXPECT_FALSE(parse_tracepoint_format("hello world\n"));
  auto bad = parse_tracepoint_format("name: x\nformat:\n\tfield:int;\toffset:0;\tsize:4;\tsigned:1;\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 3"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(parse_tracepoint_format("format:\n\tfield:int x;\toffset:zero;\tsize:4;\n"));
}

TEST(TracefsFormat, OldKernelsWithoutSignedAndRelLoc) {
  auto fields = parse_tracepoint_format(
      "name: t\nID: 1\nformat:\n\tfield:int a;\toffset:8;\tsize:4;\n"
      "\tfield:__rel_loc char[] s;\toffset:12;\tsize:4;\tsigned:0;\n\nprint fmt: \"x\"\n\tfield:int "
      "ghost;\n");
  ASSERT_TRUE(fields) << fields.error().message;
  ASSERT_EQ(fields->size(), 2u);  // the field: text after print fmt is not a field
  EXPECT_FALSE((*fields)[0].is_signed);
  EXPECT_TRUE((*fields)[1].data_loc);
}

TEST(TracefsFormat, ParseTracepointDropsCommonFields) {
  auto tp = parse_tracepoint("sched", "sched_switch",
                             test::read_fixture("tracefs/events/sched/sched_switch/format"));
  ASSERT_TRUE(tp);
  EXPECT_EQ(tp->full_name(), "sched:sched_switch");
  ASSERT_FALSE(tp->fields.empty());
  for (const auto& f : tp->fields) EXPECT_FALSE(f.common) << f.name;
  EXPECT_EQ(tp->fields.front().name, "prev_comm");
}

TEST(BpftraceVersion, InstalledVersionFixture) {
  BpftraceInfo info = parse_bpftrace_version(test::read_fixture("bpftrace-version.txt"));
  ASSERT_TRUE(info.found);
  EXPECT_EQ(info.version, "0.17.0");
  EXPECT_EQ(info.major, 0);
  EXPECT_EQ(info.minor, 17);
  EXPECT_FALSE(info.args_dot);
  EXPECT_FALSE(info.fentry_spelling);
  EXPECT_FALSE(info.has_dry_run);
  EXPECT_FALSE(info.rawtracepoint);
}

TEST(BpftraceVersion, DialectCutOffs) {
  struct Case {
    const char* text;
    int minor;
    bool args_dot, fentry, dry_run;
  };
  const Case cases[] = {
      {"bpftrace v0.18.1", 18, false, false, false},     {"bpftrace v0.19.0", 19, true, false, false},
      {"bpftrace v0.20.0-rc1\n", 20, true, true, false}, {"bpftrace v0.21.2", 21, true, true, false},
      {"bpftrace v0.22.0", 22, true, true, true},        {"bpftrace 0.23.5", 23, true, true, true},
  };
  for (const Case& c : cases) {
    BpftraceInfo info = parse_bpftrace_version(c.text);
    ASSERT_TRUE(info.found) << c.text;
    EXPECT_EQ(info.minor, c.minor) << c.text;
    EXPECT_EQ(info.args_dot, c.args_dot) << c.text;
    EXPECT_EQ(info.fentry_spelling, c.fentry) << c.text;
    EXPECT_EQ(info.has_dry_run, c.dry_run) << c.text;
    EXPECT_EQ(info.rawtracepoint, c.minor >= 19) << c.text;
  }
  EXPECT_TRUE(parse_bpftrace_version("bpftrace v1.0.0").has_dry_run);
  EXPECT_EQ(parse_bpftrace_version("bpftrace v0.20").version, "0.20.0");
}

TEST(BpftraceVersion, GarbageIsNotAVersion) {
  for (const char* text : {"", "bpftrace", "command not found", "bpftrace vX.Y", "error 42", "abc1.2"}) {
    BpftraceInfo info = parse_bpftrace_version(text);
    EXPECT_FALSE(info.found) << text;
    EXPECT_TRUE(info.version.empty()) << text;
    EXPECT_FALSE(info.args_dot) << text;
  }
}

TEST(BpftraceInfoText, InstalledInfoFixture) {
  auto info = parse_bpftrace_info(test::read_fixture("bpftrace-info.txt"));
  ASSERT_TRUE(info.count("kfunc"));
  EXPECT_EQ(info["kfunc"], "no");
  EXPECT_EQ(info["kprobe"], "yes");  // what bpftrace claims; kprobe_events says otherwise here
  EXPECT_EQ(info["iter:task"], "no");
  EXPECT_EQ(info["btf"], "yes");
  EXPECT_EQ(info["version"], "v0.17.0");
  EXPECT_FALSE(info.count("Probe types"));  // section headers are not keys
}

}  // namespace
}  // namespace gpttrace
