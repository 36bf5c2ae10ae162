// The table of event traits: one row per EventKind, the single source of what each event supports.
#include "plan/event_traits.h"

#include <algorithm>

namespace gpttrace {

namespace {

using enum Measure;
using enum Key;
using F = FilterKind;
using A = Aggregation;

// Filters every process-context event supports.
std::vector<FilterKind> common_filters(std::vector<FilterKind> more = {}) {
  std::vector<FilterKind> filters = {F::Pid, F::Tid, F::Comm, F::Uid, F::Cgroup};
  filters.insert(filters.end(), more.begin(), more.end());
  return filters;
}

std::vector<EventTraits> build_table() {
  const std::vector<Key> who = {Comm, Pid, Tid, Uid, Cpu};
  auto with = [&](std::vector<Key> more) {
    std::vector<Key> keys = who;
    keys.insert(keys.end(), more.begin(), more.end());
    return keys;
  };
  return {
      {EventKind::Syscall, {Events, Latency}, with({Syscall, Error, UserStack, KernelStack}),
       common_filters({F::Threshold, F::Failures}), A::Count, {Comm}, "count syscalls by process",
       "按进程统计系统调用次数"},
      {EventKind::FileOpen, {Events, Latency}, with({File, Error}), common_filters({F::Path, F::Failures, F::Threshold}),
       A::List, {File}, "trace files opened, with process and path", "追踪进程打开的文件"},
      {EventKind::FileDelete, {Events}, with({File}), common_filters({F::Path, F::Failures}), A::List, {File},
       "show deleted files", "显示被删除的文件"},
      {EventKind::FileRename, {Events}, with({File}), common_filters({F::Path, F::Failures}), A::List, {File},
       "show renamed files", "显示重命名的文件"},
      {EventKind::FileChmod, {Events}, with({File}), common_filters({F::Path, F::Failures}), A::List, {File},
       "show chmod calls with file and mode", "显示 chmod 修改权限的文件"},
      {EventKind::FileChown, {Events}, with({File}), common_filters({F::Path, F::Failures}), A::List, {File},
       "show chown calls with file and owner", "显示 chown 修改所有者的文件"},
      {EventKind::FileStat, {Events}, with({File}), common_filters({F::Path, F::Failures}), A::Count, {File},
       "count stat calls by file", "按文件统计 stat 调用"},
      {EventKind::Read, {Events, Bytes, Latency}, with({Error, UserStack, KernelStack}),
       common_filters({F::Threshold, F::Failures}), A::Sum, {Comm}, "bytes read by process", "按进程统计读取的字节数"},
      {EventKind::Write, {Events, Bytes, Latency}, with({Error, UserStack, KernelStack}),
       common_filters({F::Threshold, F::Failures}), A::Sum, {Comm}, "bytes written by process",
       "按进程统计写入的字节数"},
      {EventKind::ProcessExec, {Events}, with({File}), common_filters({F::Path, F::Failures}), A::List, {Comm},
       "show new processes with their arguments", "显示新进程及其参数"},
      {EventKind::ProcessExit, {Events}, with({ExitCode}), common_filters({F::Failures}), A::List, {Comm},
       "show process exits with exit codes", "显示进程退出及退出码"},
      {EventKind::ProcessFork, {Events}, with({}), common_filters(), A::List, {Comm},
       "show forks with parent and child", "显示 fork 的父进程和子进程"},
      {EventKind::ThreadCreate, {Events}, with({}), common_filters(), A::List, {Comm},
       "show new threads", "显示新创建的线程"},
      {EventKind::SignalSend, {Events}, with({Signal}), common_filters({F::Signal, F::Failures, F::TargetPid}), A::List, {Signal},
       "show signals sent, with sender, target and signal", "显示进程发送的信号"},
      // mark_victim describes the victim only: no thread or cgroup of its own.
      {EventKind::OomKill, {Events}, {Comm, Pid, Uid, Cpu}, {F::Pid, F::Comm, F::Uid}, A::List, {Comm}, "show OOM kills",
       "显示被 OOM 杀死的进程"},
      {EventKind::PageFault, {Events}, with({UserStack, KernelStack}), common_filters(), A::Count, {Comm},
       "count page faults by process", "按进程统计缺页异常"},
      {EventKind::Mmap, {Events, Bytes}, with({UserStack}), common_filters({F::Threshold}), A::Count, {Comm},
       "count mmap calls by process", "按进程统计 mmap 调用"},
      {EventKind::Brk, {Events}, with({UserStack}), common_filters(), A::Count, {Comm},
       "count brk calls by process", "按进程统计 brk 调用"},
      {EventKind::Malloc, {Events, Bytes}, with({UserStack}), common_filters({F::Threshold}), A::Sum, {Comm},
       "bytes allocated with malloc by process", "按进程统计 malloc 分配的字节数"},
      {EventKind::ContextSwitch, {Events}, with({KernelStack}), common_filters(), A::Count, {Comm},
       "count context switches by process", "按进程统计上下文切换次数"},
      // At sched_switch the current task is the previous one: uid and cgroup would be the wrong task's.
      {EventKind::RunqueueLatency, {Latency}, {Comm, Pid, Tid, Cpu}, {F::Pid, F::Tid, F::Comm, F::Threshold},
       A::Histogram, {},
       "run queue latency histogram", "运行队列延迟分布"},
      {EventKind::Sleep, {Events, Latency, Duration}, with({UserStack}), common_filters({F::Threshold}), A::List, {Comm},
       "who is sleeping and for how long", "谁在睡眠以及睡眠多久"},
      {EventKind::CpuProfile, {Events}, with({KernelStack, UserStack}), {F::Pid, F::Tid, F::Comm, F::Uid, F::Cgroup}, A::Count,
       {KernelStack}, "profile on-CPU kernel stacks at 99 Hz", "以 99 Hz 采样 CPU 上的内核调用栈"},
      {EventKind::BlockIo, {Events, Bytes, Latency}, with({Disk}), common_filters({F::Threshold}), A::Count, {Comm},
       "block I/O latency histogram", "块设备 I/O 延迟分布"},
      {EventKind::TcpConnect, {Events}, with({Port, Address}), common_filters({F::Port, F::Failures}), A::List,
       {Address}, "show TCP connections with addresses and ports", "显示 TCP 连接的地址和端口"},
      {EventKind::TcpAccept, {Events}, with({Port, Address}), common_filters({F::Port}), A::List, {Address},
       "show accepted TCP connections", "显示接受的 TCP 连接"},
      // State changes and retransmits run in softirq: the running task is not the connection's owner.
      {EventKind::TcpState, {Events}, {Port, Address, Cpu}, {F::Port}, A::List, {Address},
       "show TCP state changes", "显示 TCP 状态变化"},
      {EventKind::TcpRetransmit, {Events}, {Port, Address, Cpu}, {F::Port}, A::List, {Address},
       "show TCP retransmits", "显示 TCP 重传"},
      {EventKind::UdpSend, {Events, Bytes}, with({Port}), common_filters({F::Port, F::Threshold}), A::Sum, {Comm},
       "UDP bytes sent by process", "按进程统计 UDP 发送的字节数"},
      {EventKind::DnsLookup, {Events, Latency}, with({Address}), common_filters({F::Threshold}), A::List, {Comm},
       "show DNS lookups (getaddrinfo) with latency", "显示 DNS 查询及其耗时"},
      {EventKind::UserFunction, {Events, Latency}, with({UserStack, Function}), common_filters({F::Threshold}),
       A::Count, {Comm}, "count calls of malloc in libc", "统计 libc 中 malloc 的调用次数"},
      {EventKind::KernelFunction, {Events, Latency}, with({KernelStack, Function}), common_filters({F::Threshold}),
       A::Count, {Comm}, "count vfs_read calls by process", "按进程统计 vfs_read 调用次数"},
      {EventKind::BashCommand, {Events}, {Comm, Pid, Uid}, {F::Pid, F::Uid, F::Comm}, A::List, {Comm},
       "show commands typed in bash", "显示 bash 中输入的命令"},
      // Off-CPU time is summed per stack, as offcputime does: where threads block.
      {EventKind::OffCpu, {Latency}, with({KernelStack, UserStack}), common_filters({F::Threshold}), A::Sum,
       {KernelStack}, "off-CPU time by kernel stack", "按内核栈统计 off-CPU 时间"},
      // Keys and filters of its fields live in TraceSpec::catalog; these are the process-side ones.
      {EventKind::Tracepoint, {Events, Latency, Value}, with({KernelStack, UserStack}), common_filters({F::Threshold}),
       A::List, {}, "count hardware interrupts by irq name", "按中断名称统计硬件中断次数"},
  };
}

template <typename T>
bool contains(const std::vector<T>& items, T item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

const std::vector<EventTraits>& all_event_traits() {
  static const std::vector<EventTraits> table = build_table();
  return table;
}

const EventTraits& event_traits(EventKind kind) {
  const auto& table = all_event_traits();
  auto it = std::find_if(table.begin(), table.end(), [&](const EventTraits& t) { return t.kind == kind; });
  return *it;  // every EventKind has a row (checked by a unit test)
}

bool supports_key(const EventTraits& traits, Key key) { return contains(traits.keys, key); }
bool supports_measure(const EventTraits& traits, Measure measure) { return contains(traits.measures, measure); }
bool supports_filter(const EventTraits& traits, FilterKind filter) { return contains(traits.filters, filter); }

std::vector<FilterKind> used_filters(const Filters& f) {
  std::vector<FilterKind> out;
  if (f.pid) out.push_back(FilterKind::Pid);
  if (f.tid) out.push_back(FilterKind::Tid);
  if (f.comm) out.push_back(FilterKind::Comm);
  if (f.uid) out.push_back(FilterKind::Uid);
  if (f.path) out.push_back(FilterKind::Path);
  if (f.port) out.push_back(FilterKind::Port);
  if (f.cgroup_id) out.push_back(FilterKind::Cgroup);
  if (f.signal) out.push_back(FilterKind::Signal);
  if (f.threshold) out.push_back(FilterKind::Threshold);
  if (f.only_failures) out.push_back(FilterKind::Failures);
  if (f.target_pid) out.push_back(FilterKind::TargetPid);
  return out;
}

}  // namespace gpttrace
