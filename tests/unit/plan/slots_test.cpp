// Typed slots: PIDs, ports, users, signals, thresholds, durations, top N, frequency, paths, functions, names.
#include <gtest/gtest.h>

#include "plan/slots.h"
#include "spec_line.h"

namespace gpttrace::plan {
namespace {

Slots slots_of(std::string_view text) {
  auto tokens = tokenize(text);
  Slots s;
  extract_slots(tokens, s, nullptr);
  return s;
}

TEST(Slots, Pids) {
  EXPECT_EQ(slots_of("syscalls for pid 1234").pid, 1234);
  EXPECT_EQ(slots_of("pid=77 reads").pid, 77);
  EXPECT_EQ(slots_of("process 42 page faults").pid, 42);
  EXPECT_EQ(slots_of("进程 1234 的缺页").pid, 1234);
  EXPECT_EQ(slots_of("PID为1234的进程").pid, 1234);
  EXPECT_EQ(slots_of("进程号: 99").pid, 99);
  EXPECT_EQ(slots_of("thread 5 switches").tid, 5);
  EXPECT_FALSE(slots_of("5 processes").pid);
}

TEST(Slots, PortsUsersSignals) {
  EXPECT_EQ(slots_of("connections to port 443").port, 443);
  EXPECT_EQ(slots_of("端口 8080 的连接").port, 8080);
  EXPECT_EQ(slots_of("8080端口").port, 8080);
  EXPECT_EQ(slots_of("uid 1000").uid, 1000);
  EXPECT_EQ(slots_of("user root").uid, 0);
  EXPECT_EQ(slots_of("用户 root").uid, 0);
  EXPECT_FALSE(slots_of("user nosuchuserxyz").error.empty());
  EXPECT_EQ(slots_of("who sends SIGTERM").signal, 15);
  EXPECT_EQ(slots_of("kill -9").signal, 9);
  EXPECT_EQ(slots_of("signal 2").signal, 2);
  EXPECT_EQ(slots_of("信号 9").signal, 9);
}

TEST(Slots, ThresholdsAndDurations) {
  auto over = slots_of("syscalls longer than 50 ms");
  ASSERT_TRUE(over.threshold);
  EXPECT_EQ(over.threshold->measure, Measure::Latency);
  EXPECT_EQ(over.threshold->op, Comparison::Greater);
  EXPECT_EQ(over.threshold->value, 50'000'000u);
  EXPECT_FALSE(over.duration_seconds);
  EXPECT_EQ(slots_of("over 10ms").threshold->value, 10'000'000u);
  EXPECT_EQ(slots_of("> 1ms").threshold->value, 1'000'000u);
  EXPECT_EQ(slots_of(">= 1ms").threshold->op, Comparison::GreaterEqual);
  EXPECT_EQ(slots_of("超过50毫秒").threshold->value, 50'000'000u);
  auto size = slots_of("大于1MB的写入").threshold;
  ASSERT_TRUE(size);
  EXPECT_EQ(size->measure, Measure::Bytes);
  EXPECT_EQ(size->value, 1u << 20);
  EXPECT_EQ(slots_of("50毫秒以上").threshold->op, Comparison::GreaterEqual);
  EXPECT_EQ(slots_of("under 2 ms").threshold->op, Comparison::Less);
  EXPECT_EQ(slots_of("for 5 seconds").duration_seconds, 5.0);
  EXPECT_EQ(slots_of("持续10秒").duration_seconds, 10.0);
  EXPECT_EQ(slots_of("五秒").duration_seconds, 5.0);
  EXPECT_EQ(slots_of("in 3 seconds").duration_seconds, 3.0);
  EXPECT_EQ(slots_of("for 1.5s").duration_seconds, 1.5);
  EXPECT_EQ(slots_of("两分钟内").duration_seconds, 120.0);
  EXPECT_FALSE(slots_of("每5秒").duration_seconds);
}

TEST(Slots, TopNAndFrequency) {
  auto top = slots_of("top 10 processes by syscalls");
  EXPECT_EQ(top.top_n, 10u);
  EXPECT_EQ(top.top_key, Key::Comm);
  EXPECT_EQ(slots_of("前10个文件").top_n, 10u);
  EXPECT_EQ(slots_of("前十个文件").top_key, Key::File);
  EXPECT_EQ(slots_of("最多的5个进程").top_n, 5u);
  EXPECT_EQ(slots_of("the 3 busiest processes").top_n, 3u);
  EXPECT_EQ(slots_of("top processes").top_n, 10u);
  EXPECT_EQ(slots_of("at 99 Hz").frequency_hz, 99);
  EXPECT_EQ(slots_of("以99赫兹").frequency_hz, 99);
}

TEST(Slots, PathsAndFunctions) {
  auto p = slots_of("opens of /etc/passwd");
  ASSERT_EQ(p.paths.size(), 1u);
  EXPECT_EQ(p.paths[0].first, "/etc/passwd");
  EXPECT_EQ(slots_of("files under /var/log").paths[0].first, "/var/log/");
  EXPECT_EQ(slots_of("/tmp 目录下的文件").paths[0].first, "/tmp/");

  auto f = slots_of("count calls of malloc in libc");
  EXPECT_EQ(f.function_kind, FunctionKind::User);
  EXPECT_EQ(f.binary, "libc");
  EXPECT_EQ(f.function, "malloc");
  auto zh = slots_of("统计 /usr/bin/app 中的 handle 函数");
  EXPECT_EQ(zh.binary, "/usr/bin/app");
  EXPECT_EQ(zh.function, "handle");
  auto spec = slots_of("uprobe:/bin/bash:readline");
  EXPECT_EQ(spec.binary, "/bin/bash");
  EXPECT_EQ(spec.function, "readline");
  auto k = slots_of("count vfs_read calls");
  EXPECT_EQ(k.function_kind, FunctionKind::Kernel);
  EXPECT_EQ(k.function, "vfs_read");
  EXPECT_EQ(slots_of("kprobe:do_sys_openat2").function, "do_sys_openat2");
  EXPECT_EQ(slots_of("sys_enter_openat").function_kind, FunctionKind::None);
}

TEST(Names, ProcessNamesInExplicitPositions) {
  using testing::understood_line;
  EXPECT_EQ(understood_line("syscalls of process named my-daemon"), "syscall count events by=comm comm=my-daemon");
  EXPECT_EQ(understood_line("page faults for postgres"), "mem.pagefault count events by=comm comm=postgres");
  EXPECT_EQ(understood_line("which files does nginx open"), "file.open count events by=file comm=nginx");
  EXPECT_EQ(understood_line("名为redis的进程打开的文件"), "file.open list events comm=redis");
  EXPECT_EQ(understood_line("opens by \"my app\""), "file.open list events comm=my app");
  EXPECT_EQ(understood_line("nginx page faults"), "mem.pagefault count events by=comm comm=nginx");
}

}  // namespace
}  // namespace gpttrace::plan
