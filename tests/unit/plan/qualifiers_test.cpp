// Qualifiers that change the subject are never dropped: a process named by its side of the event ("target
// pid", "the parent pid") is placed by the event model's sides or refused, never read as the event's own
// process; a transfer asked about in the other direction ("signals received") is refused; "kernel" is not
// answered with a user-space function; an unknown Chinese word is not split into a filler.
#include <gtest/gtest.h>

#include "plan/understand.h"

namespace gpttrace {
namespace {

TraceSpec understood(std::string_view request) {
  Understanding u = understand_request(request);
  EXPECT_TRUE(u.spec) << request << ": " << u.message;
  return u.spec.value_or(TraceSpec{});
}

std::string refused(std::string_view request) {
  Understanding u = understand_request(request);
  EXPECT_FALSE(u.spec) << request << " was planned as " << (u.spec ? describe_spec(*u.spec) : "");
  return u.message;
}

TEST(Sides, ATargetPidFiltersTheReceiverNotTheSender) {
  for (std::string_view request : {"show signals with target pid 1234", "show signals whose target pid is 1234",
                                   "目标进程 pid 为 1234 的信号", "show signals sent to pid 1234"}) {
    TraceSpec spec = understood(request);
    EXPECT_EQ(spec.event, EventKind::SignalSend) << request;
    EXPECT_EQ(spec.filters.target_pid, 1234) << request;
    EXPECT_FALSE(spec.filters.pid.has_value()) << request;
  }
  TraceSpec sender = understood("show signals sent by pid 5");
  EXPECT_EQ(sender.filters.pid, 5);
  EXPECT_FALSE(sender.filters.target_pid.has_value());
}

TEST(Sides, ASideTheEventDoesNotHaveIsRefusedByName) {
  EXPECT_NE(refused("show exits of parent pid 1").find("parent"), std::string::npos);
  EXPECT_NE(refused("show process exits with the exit code and the parent pid").find("parent"), std::string::npos);
  EXPECT_NE(refused("show file opens by the target process").find("target"), std::string::npos);
}

TEST(Sides, ASideOnlyShownCanNeitherFilterNorGroup) {
  EXPECT_NE(refused("show forks where the child pid is 500").find("child"), std::string::npos);
  EXPECT_NE(refused("count forks by child pid").find("child"), std::string::npos);
  EXPECT_NE(refused("count signals by target process").find("target"), std::string::npos);
  EXPECT_NE(refused("count forks with the child pid").find("child"), std::string::npos);
}

TEST(Sides, AskingToSeeAnotherSideAsksForAListing) {
  TraceSpec spec = understood("who is forking? show parent and child pids");
  EXPECT_EQ(spec.event, EventKind::ProcessFork);
  EXPECT_EQ(spec.aggregation, Aggregation::List);
  EXPECT_EQ(understood("显示 fork 的父进程和子进程").aggregation, Aggregation::List);
}

TEST(Sides, ChildProcessesAloneAreForks) {
  TraceSpec spec = understood("count child processes");
  EXPECT_EQ(spec.event, EventKind::ProcessFork);
  EXPECT_EQ(spec.aggregation, Aggregation::Count);
}

TEST(Directions, TheOtherDirectionIsRefused) {
  EXPECT_NE(refused("count signals received per process").find("received"), std::string::npos);
  EXPECT_NE(refused("每个进程被发送了多少信号").find("被发送"), std::string::npos);
  EXPECT_NE(refused("count tcp connections received").find("received"), std::string::npos);
  // Without the live catalog there is no receive-side event to fall back on: refused, never udp_send.
  Understanding udp = understand_request("udp bytes received by process");
  EXPECT_TRUE(!udp.spec || udp.spec->event != EventKind::UdpSend);
}

TEST(Directions, TheEventsOwnDirectionIsUnderstood) {
  EXPECT_EQ(understood("udp bytes sent by process").event, EventKind::UdpSend);
  EXPECT_EQ(understood("count signals sent by each process").event, EventKind::SignalSend);
  EXPECT_EQ(understood("发送给进程 1 的信号").filters.target_pid, 1);
}

TEST(Qualifiers, TheKernelIsNotAUserSpaceFunction) {
  EXPECT_NE(refused("count memory allocations in the kernel by process").find("kernel"), std::string::npos);
  EXPECT_NE(refused("按进程统计内核的 malloc 调用").find("内核"), std::string::npos);
  EXPECT_EQ(understood("count malloc calls by process").event, EventKind::Malloc);
}

TEST(Qualifiers, APortSideIsKeptForTheFilter) {
  TraceSpec remote = understood("show tcp connections to remote port 5432");
  EXPECT_EQ(remote.filters.port, 5432);
  EXPECT_EQ(remote.filters.port_side, PortSide::Remote);
  EXPECT_EQ(understood("显示目标端口 443 的 TCP 连接").filters.port_side, PortSide::Remote);
  EXPECT_EQ(understood("show accepted connections on local port 80").filters.port_side, PortSide::Local);
  EXPECT_EQ(understood("show tcp connections to port 443").filters.port_side, PortSide::Any);
}

TEST(Qualifiers, AFieldOfTheEventNamedAloneIsShown) {
  TraceSpec spec = understood("显示 TCP 连接的目标端口");
  EXPECT_EQ(spec.event, EventKind::TcpConnect);
  EXPECT_EQ(spec.aggregation, Aggregation::List);
  EXPECT_EQ(spec.keys, std::vector<Key>{Key::Port});
  EXPECT_FALSE(understand_request("显示文件打开的信号").spec);  // a field file opens don't have
}

TEST(Qualifiers, CountingByAMeasureIsItsDistributionNotItsTotal) {
  TraceSpec by_size = understood("count reads by size");
  EXPECT_EQ(by_size.aggregation, Aggregation::Histogram);
  EXPECT_EQ(by_size.measure, Measure::Bytes);
  TraceSpec ranked = understood("top processes by bytes read");  // ranking by a measure: its total per process
  EXPECT_EQ(ranked.aggregation, Aggregation::Sum);
}

TEST(Qualifiers, BlockIoCannotTellReadsFromWrites) {
  EXPECT_NE(refused("which processes read the most bytes from disk").find("read"), std::string::npos);
  EXPECT_NE(refused("disk write latency histogram").find("write"), std::string::npos);
  EXPECT_EQ(understood("count disk reads and writes by process").event, EventKind::BlockIo);  // both: all of it
  EXPECT_EQ(understood("磁盘读写延迟分布").event, EventKind::BlockIo);
}

TEST(Qualifiers, AnUnknownChineseWordIsNotSplitIntoAFiller) {
  EXPECT_NE(refused("统计重要进程打开文件的次数").find("重要"), std::string::npos);
  EXPECT_EQ(understood("我想要统计文件打开").event, EventKind::FileOpen);
}

TEST(Qualifiers, AKeyNounStartingWithTheEventWordIsWhatIsCounted) {
  for (std::string_view request : {"count exit codes", "统计进程的退出码"}) {
    TraceSpec spec = understood(request);
    EXPECT_EQ(spec.event, EventKind::ProcessExit) << request;
    EXPECT_EQ(spec.aggregation, Aggregation::Count) << request;
    EXPECT_EQ(spec.keys, std::vector<Key>{Key::ExitCode}) << request;
  }
  EXPECT_EQ(understood("count syscalls").keys, std::vector<Key>{Key::Comm});  // the event's own default
}

}  // namespace
}  // namespace gpttrace
