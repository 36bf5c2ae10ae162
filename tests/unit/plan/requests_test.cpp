// Whole requests, English and Chinese, as people type them: every field of the plan is asserted.
#include <gtest/gtest.h>

#include "spec_line.h"

namespace gpttrace {
namespace {

struct Case {
  const char* request;
  const char* expected;  // testing::spec_line of the understood spec
};

// Requests from the README/articles examples, the bpftrace one-liner tutorial, the issue text, and
// everyday phrasings of every event family (questions, sloppy case and punctuation, word order).
const Case kCases[] = {
    {"COUNT   SYSCALLS   BY   PROCESS!!!", "syscall count events by=comm"},
    {"Count page faults by thread name", "mem.pagefault count events by=comm"},
    {"Files opened by thread name", "file.open count events by=comm"},
    {"New processes with arguments", "proc.exec list events"},
    {"Page faults per process?", "mem.pagefault count events by=comm"},
    {"Read bytes by thread name", "io.read sum bytes by=comm"},
    {"Read size distribution by thread name", "io.read hist bytes by=comm"},
    {"Sample user-level stacks at 49 Hertz, for PID 189", "cpu.profile count events by=ustack pid=189 hz=49"},
    {"Syscall count by thread name", "syscall count events by=comm"},
    {"Trace disk size by PID and thread name", "block.io sum bytes by=pid,comm"},
    {"UDP bytes sent by process", "net.udp_send sum bytes by=comm"},
    {"block I/O requests by size as a histogram", "block.io hist bytes"},
    {"block io by disk", "block.io count events by=disk"},
    {"brk calls by process", "mem.brk count events by=comm"},
    {"bytes written by process", "io.write sum bytes by=comm"},
    {"context switches by process", "sched.switch count events by=comm"},
    {"count calls of foo in /usr/bin/myapp", "user.function count events by=comm binary=/usr/bin/myapp function=foo"},
    {"count calls of malloc in libc", "user.function count events by=comm binary=libc function=malloc"},
    {"count malloc calls for firefox", "mem.malloc count events by=comm comm=firefox"},
    {"count mmap calls by process", "mem.mmap count events by=comm"},
    {"count page faults by process", "mem.pagefault count events by=comm"},
    {"count stack traces that led to context switches", "sched.switch count events by=kstack"},
    {"count stat calls by file", "file.stat count events by=file"},
    {"count syscalls by syscall for 10 seconds", "syscall count events by=syscall for=10.0s"},
    {"count syscalls for uid 1000", "syscall count events by=comm uid=1000"},
    {"count syscalls, by process, for 5 secs.", "syscall count events by=comm for=5.0s"},
    {"count vfs_read calls", "kernel.function count events by=comm function=vfs_read"},
    {"count vfs_read calls by process for 5 seconds", "kernel.function count events by=comm function=vfs_read for=5.0s"},
    {"disk I/O latency histogram", "block.io hist latency"},
    {"failed open() calls with errno", "file.open list events by=error failed"},
    {"files opened under /etc by sshd", "file.open list events comm=sshd path=/etc/"},
    {"how long do reads take", "io.read hist latency"},
    {"how many bytes does each process malloc", "mem.malloc sum bytes by=comm"},
    {"how many times is open called by each process in 3 seconds", "file.open count events by=comm for=3.0s"},
    {"kernel dynamic tracing of read bytes", "io.read sum bytes by=comm"},
    {"kill -9 signals", "signal.send list events signal=9"},
    {"latency of function handle_request in /opt/app/server", "user.function hist latency binary=/opt/app/server function=handle_request"},
    {"nginx 打开了哪些文件", "file.open count events by=file comm=nginx"},
    {"opens of /etc/passwd", "file.open list events path=/etc/passwd"},
    {"opens that failed", "file.open list events failed"},
    {"page faults for pid 42", "mem.pagefault count events by=comm pid=42"},
    {"profile on-CPU kernel stacks at 99 Hz", "cpu.profile count events by=kstack hz=99"},
    {"profile user stacks of pid 300 at 49 Hz", "cpu.profile count events by=ustack pid=300 hz=49"},
    {"read bytes, top 5", "io.read sum bytes by=comm top=5"},
    {"read latency histogram", "io.read hist latency"},
    {"reads larger than 1MB", "io.read list bytes bytes>1048576"},
    {"run queue latency histogram", "sched.runqlat hist latency"},
    {"show OOM kills", "mem.oom list events"},
    {"show accepted tcp connections", "net.tcp_accept list events"},
    {"show failed opens with path and process", "file.open list events by=file,comm failed"},
    {"show failed syscalls with the error", "syscall list events by=error failed"},
    {"show me tcp connections to port 443", "net.tcp_connect list events port=443"},
    {"show new processes with arguments", "proc.exec list events"},
    {"show new threads", "proc.thread list events"},
    {"show per-second syscall rates", "syscall rate events"},
    {"show process exits with exit codes", "proc.exit list events by=comm,exit_code"},
    {"show renamed files", "file.rename list events"},
    {"show signals sent, with sender, target and signal", "signal.send list events by=signal"},
    {"show tcp connections", "net.tcp_connect list events"},
    {"signals with signal 9", "signal.send list events by=signal signal=9"},
    {"sleeps longer than 1 second", "sched.sleep list latency latency>1000000000"},
    {"syscall counts per PID", "syscall count events by=pid"},
    {"syscall latency histogram for pid 1234", "syscall hist latency pid=1234"},
    {"syscalls by user root", "syscall count events by=comm uid=0"},
    {"syscalls per second", "syscall rate events"},
    {"tcp retransmits by address", "net.tcp_retransmit count events by=address"},
    {"tcp state changes", "net.tcp_state list events"},
    {"the top 5 processes by syscalls", "syscall count events by=comm top=5"},
    {"timing reads by process", "io.read hist latency by=comm"},
    {"top 10 processes by bytes read", "io.read sum bytes by=comm top=10"},
    {"trace DNS lookups with latency", "net.dns list latency"},
    {"trace bash commands", "user.bash list events"},
    {"trace chmod calls", "file.chmod list events"},
    {"trace file deletions", "file.delete list events"},
    {"trace forks with parent and child", "proc.fork list events"},
    {"trace open files in a process", "file.open list events"},
    {"trace slow reads over 10 ms", "io.read list latency latency>10000000"},
    {"uprobe:/bin/bash:readline", "user.function count events by=comm binary=/bin/bash function=readline"},
    {"whats the syscall latency for pid 77", "syscall hist latency pid=77"},
    {"which files does nginx open?", "file.open count events by=file comm=nginx"},
    {"which syscalls fail most often?", "syscall count events by=syscall failed"},
    {"who deleted files in /tmp?", "file.delete count events by=comm path=/tmp/"},
    {"who is calling sync", "syscall count events by=comm syscall=sync"},
    {"who is changing file ownership", "file.chown count events by=comm"},
    {"who is sending SIGKILL?", "signal.send count events by=comm signal=9"},
    {"who is sleeping and for how long", "sched.sleep list latency"},
    {"write size distribution for nginx", "io.write hist bytes comm=nginx"},
    {"为根cgroup-v2中的进程打开的文件", "file.open list events cgroup=1"},
    {"以 99 Hz 采样 CPU 上的内核调用栈", "cpu.profile count events by=kstack hz=99"},
    {"以99赫兹对内核栈采样", "cpu.profile count events by=kstack hz=99"},
    {"以99赫兹的频率对PID 189进行用户级堆栈分析", "cpu.profile count events by=ustack pid=189 hz=99"},
    {"写入大小分布", "io.write hist bytes"},
    {"列出 pid 为 1234 的进程的系统调用次数", "syscall count events by=comm pid=1234"},
    {"前10个读取最多的进程", "io.read count events by=comm top=10"},
    {"哪些进程在打开文件？", "file.open count events by=comm"},
    {"块设备 I/O 延迟分布", "block.io hist latency"},
    {"大于1MB的写入", "io.write list bytes bytes>1048576"},
    {"失败的系统调用及错误码", "syscall count events by=error failed"},
    {"延迟超过10毫秒的读操作", "io.read list latency latency>10000000"},
    {"打开失败的文件", "file.open list events failed"},
    {"按磁盘统计块设备 I/O", "block.io count events by=disk"},
    {"按程序统计系统调用", "syscall count events by=comm"},
    {"按系统调用统计次数，持续10秒", "syscall count events by=syscall for=10.0s"},
    {"按进程统计 UDP 发送的字节数", "net.udp_send sum bytes by=comm"},
    {"按进程统计 malloc 分配的字节数", "mem.malloc sum bytes by=comm"},
    {"按进程统计 mmap 调用", "mem.mmap count events by=comm"},
    {"按进程统计 vfs_read 调用次数", "kernel.function count events by=comm function=vfs_read"},
    {"按进程统计上下文切换次数", "sched.switch count events by=comm"},
    {"按进程统计写入的字节数", "io.write sum bytes by=comm"},
    {"按进程统计页面错误", "mem.pagefault count events by=comm"},
    {"按进程读取大小分布", "io.read hist bytes by=comm"},
    {"按进程读取的字节数", "io.read sum bytes by=comm"},
    {"按进程追踪磁盘大小", "block.io sum bytes by=comm"},
    {"显示 DNS 查询及其耗时", "net.dns list latency"},
    {"显示 TCP 连接的地址和端口", "net.tcp_connect list events by=port,address"},
    {"显示 TCP 重传", "net.tcp_retransmit list events"},
    {"显示 bash 中输入的命令", "user.bash list events"},
    {"显示 fork 的父进程和子进程", "proc.fork list events"},
    {"显示删除的文件", "file.delete list events"},
    {"显示接受的 TCP 连接", "net.tcp_accept list events"},
    {"显示新创建的线程", "proc.thread list events"},
    {"显示新进程及其参数", "proc.exec list events"},
    {"显示每秒系统调用率", "syscall rate events"},
    {"显示被 OOM 杀死的进程", "mem.oom list events"},
    {"显示进程发送的信号", "signal.send list events by=comm"},
    {"显示进程退出及退出码", "proc.exit list events by=comm,exit_code"},
    {"显示重命名的文件", "file.rename list events"},
    {"每秒系统调用次数", "syscall rate events"},
    {"用户 root 的系统调用", "syscall count events by=comm uid=0"},
    {"端口 8080 的 TCP 连接", "net.tcp_connect list events port=8080"},
    {"统计 libc 中 malloc 的调用次数", "user.function count events by=comm binary=libc function=malloc"},
    {"统计 sshd 进程的系统调用", "syscall count events by=comm comm=sshd"},
    {"统计两分钟内每个进程的系统调用次数", "syscall count events by=comm for=120.0s"},
    {"统计每个进程的读取字节数", "io.read sum bytes by=comm"},
    {"统计系统调用的延迟分布", "syscall hist latency"},
    {"统计进程 1234 的缺页异常", "mem.pagefault count events by=comm pid=1234"},
    {"读取延迟直方图", "io.read hist latency"},
    {"谁删除了 /tmp 下的文件", "file.delete count events by=comm path=/tmp/"},
    {"谁在睡眠以及睡眠多久", "sched.sleep list latency"},
    {"谁在频繁创建进程", "proc.fork count events by=comm"},
    {"超过50毫秒的慢系统调用", "syscall list latency latency>50000000"},
    {"运行队列延迟分布", "sched.runqlat hist latency"},
    {"追踪 nginx 进程打开的文件", "file.open list events comm=nginx"},
    {"追踪5秒内的系统调用", "syscall list events for=5.0s"},
    {"追踪进程打开的文件", "file.open list events"},
};

class Requests : public ::testing::TestWithParam<Case> {};

TEST_P(Requests, Understood) {
  EXPECT_EQ(testing::understood_line(GetParam().request), GetParam().expected) << GetParam().request;
}

INSTANTIATE_TEST_SUITE_P(All, Requests, ::testing::ValuesIn(kCases));

TEST(RequestsCoverage, EnoughCasesInBothLanguages) {
  size_t zh = 0;
  for (const Case& c : kCases)
    for (const char* p = c.request; *p; ++p)
      if (static_cast<unsigned char>(*p) >= 0xE4) {
        ++zh;
        break;
      }
  EXPECT_GE(std::size(kCases), 80u);
  EXPECT_GE(zh, 30u);
}

}  // namespace
}  // namespace gpttrace
