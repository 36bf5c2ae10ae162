// Typed slots taken out of a request before anything else: durations, thresholds, PIDs, ports, users,
// signals, top N, sampling frequency, cgroups, paths, binaries and functions. Each consumes its tokens.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

struct Slots {
  std::optional<double> duration_seconds;
  std::optional<Threshold> threshold;  // measure Latency (ns) or Bytes
  std::optional<int64_t> pid, tid, port, uid, signal;
  std::optional<int64_t> target_pid;   // "to pid 1", "发给进程 1": the receiving side
  std::optional<uint64_t> cgroup_id;
  std::optional<size_t> top_n;
  std::optional<Key> top_key;          // "top 5 processes" -> Comm
  std::optional<int> frequency_hz;
  std::vector<std::pair<std::string, Span>> paths;  // paths not yet placed (filter or binary)
  std::string binary;                  // for user functions
  std::string function;
  FunctionKind function_kind = FunctionKind::None;
  std::vector<std::string> syscalls;   // syscalls the lexicon does not list, named as calls ("getppid()")
  std::map<FilterKind, Span> filter_spans;  // where each filter was said, for messages
  std::string error;                   // a slot that was recognised but is wrong ("no user named bob")
};

// Token helpers shared by the planner's scans.
bool is(const std::vector<Token>& tokens, size_t i, std::string_view text);  // unconsumed token with this text
size_t any_of(const std::vector<Token>& tokens, size_t i, std::initializer_list<std::string_view> phrases);

void extract_slots(std::vector<Token>& tokens, Slots& slots, const KernelCatalog* catalog);

}  // namespace gpttrace::plan
