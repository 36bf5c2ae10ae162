// meaning_from_program and apply_plan on programs as the generator writes them and as people write them;
// the decoders against glibc and this machine's block devices; listing decoding.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixture.h"
#include "plan/trace_spec.h"
#include "results/decode.h"
#include "results/meaning.h"

namespace gpttrace {
namespace {

const MapInfo& map_info(const ResultsMeaning& m, const std::string& name) {
  const MapInfo* info = m.find(name);
  EXPECT_NE(info, nullptr) << name;
  static const MapInfo none;
  return info ? *info : none;
}

TEST(Meaning, GeneratedFailedOpensByProcessAndError) {
  // As `gpttrace --dry-run "failed opens by process and error"` prints it.
  const auto m = meaning_from_program(
      "tracepoint:syscalls:sys_exit_open,\ntracepoint:syscalls:sys_exit_openat\n/args->ret < 0/ { @opens[comm, "
      "-args->ret] = count(); }\n");
  const MapInfo& info = map_info(m, "@opens");
  ASSERT_EQ(info.keys.size(), 2u);
  EXPECT_EQ(info.keys[0].title, "process");
  EXPECT_EQ(info.keys[1].title, "error");
  EXPECT_EQ(info.keys[1].decoder, Decoder::Errno);
  EXPECT_EQ(info.value_title, "count");
  EXPECT_EQ(info.unit, ValueUnit::Count);
}

TEST(Meaning, LatencyHistogramUnitFromTheExpression) {
  const auto m = meaning_from_program(
      "tracepoint:syscalls:sys_enter_read { @_start[tid] = nsecs; }\n"
      "tracepoint:syscalls:sys_exit_read /@_start[tid]/ { $lat = nsecs - @_start[tid]; @lat[comm] = hist($lat / 1000); "
      "delete(@_start[tid]); }\n"
      "kprobe:x { @ms = hist((nsecs - @t) / 1000000); @raw = avg(nsecs - @t); }");
  EXPECT_EQ(map_info(m, "@lat").unit, ValueUnit::Microseconds);
  EXPECT_EQ(map_info(m, "@lat").value_title, "latency");
  EXPECT_EQ(map_info(m, "@ms").unit, ValueUnit::Milliseconds);
  EXPECT_EQ(map_info(m, "@raw").unit, ValueUnit::Nanoseconds);
  EXPECT_EQ(map_info(m, "@raw").value_title, "average latency");
  EXPECT_EQ(m.find("@_start"), nullptr);  // a bookkeeping assignment, not an aggregation
}

TEST(Meaning, KeysByWhatTheExpressionReads) {
  const auto m = meaning_from_program(
      "profile:hz:99 { @[kstack] = count(); @u[pid, ustack(perf)] = count(); }\n"
      "tracepoint:signal:signal_generate { @signals[args->sig] = count(); }\n"
      "tracepoint:block:block_rq_issue { @ios[args->dev, cpu] = count(); @bytes[comm] = sum(args->bytes); }\n"
      "tracepoint:raw_syscalls:sys_enter { @sc[args->id] = count(); } // @fake[comm] = count();\n"
      "tracepoint:syscalls:sys_exit_read { @ret[args->ret] = count(); @s[\"@x[comm] = count()\"] = count(); }");
  EXPECT_EQ(map_info(m, "@").keys[0].decoder, Decoder::KernelStack);
  EXPECT_EQ(map_info(m, "@u").keys[1].decoder, Decoder::UserStack);
  EXPECT_EQ(map_info(m, "@u").keys[0].title, "PID");
  EXPECT_EQ(map_info(m, "@signals").keys[0].decoder, Decoder::Signal);
  EXPECT_EQ(map_info(m, "@ios").keys[0].decoder, Decoder::Disk);
  EXPECT_EQ(map_info(m, "@ios").keys[1].title, "CPU");
  EXPECT_EQ(map_info(m, "@bytes").unit, ValueUnit::Bytes);
  EXPECT_EQ(map_info(m, "@sc").keys[0].decoder, Decoder::Syscall);
  EXPECT_EQ(map_info(m, "@ret").keys[0].decoder, Decoder::ReturnValue);
  EXPECT_EQ(m.find("@fake"), nullptr);  // inside a comment
  EXPECT_EQ(m.find("@x"), nullptr);     // inside a string
}

TEST(Meaning, SavedBeginValuesResolveToWhatWasSaved) {
  const auto m = meaning_from_program(
      "tracepoint:signal:signal_generate { @_start[tid] = nsecs; @_v0[tid] = args->sig; }\n"
      "tracepoint:signal:signal_deliver /@_start[tid]/ { @signals[@_v0[tid]] = count(); }");
  EXPECT_EQ(map_info(m, "@signals").keys[0].decoder, Decoder::Signal);
}

TEST(Meaning, PlanGivesTitlesLanguageAndRate) {
  TraceSpec spec;
  spec.keys = {Key::Comm, Key::Disk};
  spec.aggregation = Aggregation::Rate;
  spec.language = "zh";
  auto m = meaning_from_program(
      "tracepoint:block:block_rq_issue { @ios[comm, args->dev] = count(); }\ninterval:s:1 { print(@ios); clear(@ios); }",
      spec.language);
  apply_plan(m, spec);
  EXPECT_TRUE(m.zh());
  EXPECT_TRUE(m.per_second);
  EXPECT_EQ(map_info(m, "@ios").keys[0].title, "进程");
  EXPECT_EQ(map_info(m, "@ios").keys[1].title, "磁盘");
  EXPECT_EQ(map_info(m, "@ios").keys[1].decoder, Decoder::Disk);
  EXPECT_EQ(map_info(m, "@ios").value_title, "次数");
}

TEST(Decode, ErrnoAndSignalsFromGlibc) {
  EXPECT_EQ(errno_name(-2), "ENOENT");
  EXPECT_EQ(errno_name(9), "EBADF");
  EXPECT_EQ(errno_name(0), std::nullopt);
  EXPECT_EQ(signal_name(15), "SIGTERM");
  EXPECT_EQ(signal_name(9), "SIGKILL");
  EXPECT_EQ(signal_name(0), std::nullopt);
  EXPECT_EQ(decode_value(Decoder::ReturnValue, "-13"), "EACCES");
  EXPECT_EQ(decode_value(Decoder::ReturnValue, "3"), std::nullopt);  // a descriptor, not an error
  EXPECT_EQ(decode_value(Decoder::Syscall, "257"), "openat");       // x86_64
  EXPECT_EQ(decode_value(Decoder::Signal, "comm"), std::nullopt);
}

TEST(Decode, DisksFromSysfs) {
  // Every block device of this machine decodes to its own name from the kernel's dev_t encoding.
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/sys/dev/block")) {
    const std::string mm = entry.path().filename().string();
    const int64_t major = std::stoll(mm.substr(0, mm.find(':'))), minor = std::stoll(mm.substr(mm.find(':') + 1));
    const std::string name = std::filesystem::read_symlink(entry.path()).filename().string();
    EXPECT_EQ(disk_name((major << 20) | minor), name) << mm;
    ++checked;
  }
  EXPECT_GT(checked, 0u);
  EXPECT_EQ(disk_name((int64_t{4000} << 20) | 12345), "4000:12345");
}

TEST(Decode, MapKeysKeepTheRawValue) {
  Results r = testing::parse_lines({R"({"type": "map", "data": {"@opens": {"cat,2": 5, "ls,13": 1, "sh,x": 2}}})"});
  const auto m = meaning_from_program("t:syscalls:sys_exit_openat { @opens[comm, -args->ret] = count(); }");
  decode_results(r, m);
  const MapResult* map = testing::find_map(r, "@opens");
  ASSERT_NE(map, nullptr);
  for (const MapEntry& e : map->entries) {
    if (e.key[0] == "cat") { EXPECT_EQ(e.key, (std::vector<std::string>{"cat", "ENOENT"})); }
    if (e.key[0] == "cat") { EXPECT_EQ(e.raw_key, (std::vector<std::string>{"cat", "2"})); }
    if (e.key[0] == "ls") { EXPECT_EQ(e.key[1], "EACCES"); }
    if (e.key[0] == "sh") { EXPECT_TRUE(e.raw_key.empty()); }  // nothing decoded
  }
}

TEST(Decode, ListingColumnsByHeader) {
  ListingDecoder d;
  EXPECT_EQ(d.decode("TIME     COMM             PID     SIG RET SYSCALL_ID"), "TIME     COMM             PID     SIG RET SYSCALL");
  EXPECT_TRUE(d.has_header());
  EXPECT_EQ(d.decode("10:00:00 evwk_kill        42      15  -2  257"),
            "10:00:00 evwk_kill        42      SIGTERM  ENOENT  openat");
  EXPECT_EQ(d.decode("10:00:00 evwk_kill        42      15  3   0"), "10:00:00 evwk_kill        42      SIGTERM  3   read");
  // A path with a space: the columns cannot be told apart, so the line is left alone.
  EXPECT_EQ(d.decode("10:00:00 a b  42 15 -2 0"), "10:00:00 a b  42 15 -2 0");
  ListingDecoder plain;
  EXPECT_EQ(plain.decode("hello 15 -2"), "hello 15 -2");
  EXPECT_FALSE(plain.has_header());
}

// The example corpus: every aggregation is found, and a comm key is always titled "process".
TEST(Meaning, CorpusProgramsAreRead) {
  const std::filesystem::path corpus = std::filesystem::path(GPTTRACE_FIXTURES_DIR) / "../../knowledge/examples";
  size_t maps = 0, comm_keys = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (entry.path().extension() != ".bt") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const ResultsMeaning m = meaning_from_program(text.str());
    for (const auto& [name, info] : m.maps) {
      ++maps;
      EXPECT_FALSE(info.value_title.empty()) << entry.path() << " " << name;
      for (const ColumnInfo& k : info.keys) {
        if (k.title == "comm") ADD_FAILURE() << entry.path() << " " << name << ": comm left untitled";
        comm_keys += k.title == "process";
      }
    }
  }
  EXPECT_GT(maps, 100u);
  EXPECT_GT(comm_keys, 30u);
}

}  // namespace
}  // namespace gpttrace
