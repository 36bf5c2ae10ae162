// The one-sentence description of a generated program, in English or Chinese, and words for keys/filters.
#include <fmt/format.h>

#include "codegen/program_parts.h"

namespace gpttrace::codegen {

std::string key_words(Key key, bool zh) {
  switch (key) {
    case Key::Comm: return zh ? "进程名" : "process name";
    case Key::Pid: return zh ? "进程号" : "process ID";
    case Key::Tid: return zh ? "线程号" : "thread ID";
    case Key::Syscall: return zh ? "系统调用" : "system call";
    case Key::File: return zh ? "文件路径" : "file path";
    case Key::Port: return zh ? "端口" : "port";
    case Key::Address: return zh ? "地址" : "address";
    case Key::KernelStack: return zh ? "内核调用栈" : "kernel stack";
    case Key::UserStack: return zh ? "用户调用栈" : "user stack";
    case Key::Cpu: return "CPU";
    case Key::Disk: return zh ? "磁盘" : "disk";
    case Key::Signal: return zh ? "信号" : "signal";
    case Key::Uid: return zh ? "用户 ID" : "user ID";
    case Key::ExitCode: return zh ? "退出码" : "exit code";
    case Key::Error: return zh ? "错误码" : "error code";
    case Key::Function: return zh ? "函数" : "function";
    case Key::Probe: return zh ? "探针" : "probe";
  }
  return "?";
}

std::string filter_words(FilterKind filter, bool zh) {
  switch (filter) {
    case FilterKind::Pid: return zh ? "进程号" : "process ID";
    case FilterKind::Tid: return zh ? "线程号" : "thread ID";
    case FilterKind::Comm: return zh ? "进程名" : "process name";
    case FilterKind::Uid: return zh ? "用户 ID" : "user ID";
    case FilterKind::Path: return zh ? "文件路径" : "file path";
    case FilterKind::Port: return zh ? "端口" : "port";
    case FilterKind::Cgroup: return "cgroup";
    case FilterKind::Signal: return zh ? "信号" : "signal";
    case FilterKind::Threshold: return zh ? "阈值" : "threshold";
    case FilterKind::Failures: return zh ? "仅失败" : "failures only";
    case FilterKind::TargetPid: return zh ? "目标进程号" : "target PID";
  }
  return "?";
}

namespace {

std::string measure_words(Measure m, bool zh) {
  switch (m) {
    case Measure::Bytes: return zh ? "字节数" : "bytes";
    case Measure::Latency: return zh ? "延迟（微秒）" : "latency in microseconds";
    case Measure::Duration: return zh ? "请求的时长（微秒）" : "requested duration in microseconds";
    case Measure::Value: return zh ? "字段值" : "field value";
    case Measure::Events: break;
  }
  return zh ? "次数" : "events";
}

// ", for process nginx" / "（进程 nginx）": the filters that narrow what is traced.
std::string filter_phrase(const Filters& f, bool zh) {
  std::vector<std::string> parts;
  if (f.comm) parts.push_back(zh ? "进程名 " + *f.comm : "process " + *f.comm);
  if (f.pid) parts.push_back(fmt::format(fmt::runtime(zh ? "进程号 {}" : "PID {}"), *f.pid));
  if (f.tid) parts.push_back(fmt::format(fmt::runtime(zh ? "线程号 {}" : "TID {}"), *f.tid));
  if (f.uid) parts.push_back(fmt::format(fmt::runtime(zh ? "用户 ID {}" : "UID {}"), *f.uid));
  if (f.path) parts.push_back(zh ? "路径 " + *f.path : "path " + *f.path);
  if (f.port) parts.push_back(fmt::format(fmt::runtime(zh ? "端口 {}" : "port {}"), *f.port));
  if (f.cgroup_id) parts.push_back(fmt::format("cgroup {}", *f.cgroup_id));
  if (f.signal) parts.push_back(fmt::format(fmt::runtime(zh ? "信号 {}" : "signal {}"), *f.signal));
  if (f.target_pid) parts.push_back(fmt::format(fmt::runtime(zh ? "发给进程号 {}" : "sent to PID {}"), *f.target_pid));
  if (f.only_failures) parts.push_back(zh ? "仅失败的调用" : "failed calls only");
  if (f.threshold) parts.push_back(zh ? "超过阈值的事件" : "events past the threshold");
  if (parts.empty()) return "";
  return zh ? fmt::format("（{}）", fmt::join(parts, "，")) : fmt::format(", for {}", fmt::join(parts, ", "));
}

}  // namespace

std::string describe_program(const TraceSpec& spec, const Recipe& recipe, Measure measure) {
  bool zh = spec.language == "zh";
  std::vector<std::string> keys;
  for (Key k : spec.keys) keys.push_back(key_words(k, zh));
  std::string by = keys.empty() ? "" : fmt::format("{}", fmt::join(keys, zh ? "和" : " and "));
  std::string filters = filter_phrase(spec.filters, zh);
  std::string what = zh ? recipe.what_zh : recipe.what_en;
  std::string m = measure_words(measure, zh);
  if (zh) {
    std::string per = by.empty() ? "" : "按" + by;
    switch (spec.aggregation) {
      case Aggregation::List: return fmt::format("逐条列出{}{}。", what, filters);
      case Aggregation::Count: return fmt::format("{}统计{}次数{}。", per, what, filters);
      case Aggregation::Rate: return fmt::format("{}统计每秒{}次数{}。", per, what, filters);
      case Aggregation::Sum: return fmt::format("{}汇总{}的{}{}。", per, what, m, filters);
      case Aggregation::Histogram: return fmt::format("{}显示{}的{}分布直方图{}。", per, what, m, filters);
      case Aggregation::Average: return fmt::format("{}计算{}的平均{}{}。", per, what, m, filters);
      case Aggregation::Stats: return fmt::format("{}统计{}的{}（次数、平均值、总和）{}。", per, what, m, filters);
    }
  }
  std::string per = by.empty() ? "" : " per " + by;
  switch (spec.aggregation) {
    case Aggregation::List: return fmt::format("Lists {} as they happen{}.", what, filters);
    case Aggregation::Count: return fmt::format("Counts {}{}{}.", what, per, filters);
    case Aggregation::Rate: return fmt::format("Counts {} per second{}{}.", what, per, filters);
    case Aggregation::Sum: return fmt::format("Sums the {} of {}{}{}.", m, what, per, filters);
    case Aggregation::Histogram: return fmt::format("Shows a histogram of the {} of {}{}{}.", m, what, per, filters);
    case Aggregation::Average: return fmt::format("Averages the {} of {}{}{}.", m, what, per, filters);
    case Aggregation::Stats:
      return fmt::format("Shows count, average and total {} of {}{}{}.", m, what, per, filters);
  }
  return "";
}

}  // namespace gpttrace::codegen
