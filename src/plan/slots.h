// Typed slots taken out of a request before anything else: durations, thresholds, PIDs, ports, users,
// signals, top N, sampling frequency, cgroups, paths, binaries and functions. Each consumes its tokens.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plan/event_model.h"
#include "plan/event_traits.h"
#include "plan/text.h"
#include "plan/trace_spec.h"

namespace gpttrace {
class KernelCatalog;
}

namespace gpttrace::plan {

struct Span {
  size_t begin = 0, end = 0;  // token range [begin, end)
};

enum class FunctionKind { None, User, Kernel };

// A process named by its side of the event: "target pid 5", "by parent process", "子进程的 pid". Placed
// once the event is known (its model's sides); never read as the event's own process.
struct SideMention {
  ProcessSide side;
  Key key = Key::Pid;                 // Pid, Tid or Comm
  std::optional<int64_t> value;       // "target pid 5": a filter
  bool grouping = false;              // "by parent process", "按目标进程"
  Span span;
};

struct Slots {
  std::optional<double> duration_seconds;
  std::optional<Threshold> threshold;  // measure Latency (ns) or Bytes
  std::optional<int64_t> pid, tid, port, uid, signal;
  std::optional<int64_t> target_pid;   // "to pid 1", "发给进程 1": the receiving side
  PortSide port_side = PortSide::Any;  // "remote port 443", "本地端口 80"
  std::optional<uint64_t> cgroup_id;
  std::optional<size_t> top_n;
  std::optional<Key> top_key;          // "top 5 processes" -> Comm
  std::optional<int> frequency_hz;
  std::vector<std::pair<std::string, Span>> paths;  // paths not yet placed (filter or binary)
  std::string binary;                  // for user functions
  std::string function;
  FunctionKind function_kind = FunctionKind::None;
  std::vector<std::string> syscalls;   // syscalls the lexicon does not list, named as calls ("getppid()")
  std::vector<SideMention> sides;
  std::map<FilterKind, Span> filter_spans;  // where each filter was said, for messages
  std::string error;                   // a slot that was recognised but is wrong ("no user named bob")
};

// Token helpers shared by the planner's scans.
bool is(const std::vector<Token>& tokens, size_t i, std::string_view text);  // unconsumed token with this text
size_t any_of(const std::vector<Token>& tokens, size_t i, std::initializer_list<std::string_view> phrases);

void extract_slots(std::vector<Token>& tokens, Slots& slots, const KernelCatalog* catalog);
// "target pid 5", "the parent's pid", "by child pid", "按目标进程", "父进程号": processes named by their side of
// the event (Slots::sides), taken before extract_slots so that a side's pid is not the event's own. Curated
// events only: a catalog event's fields ("parent_pid") are read by name instead. "child processes" and
// "子进程" alone name forks (event words), not a side.
void extract_side_mentions(std::vector<Token>& tokens, Slots& slots);

}  // namespace gpttrace::plan
