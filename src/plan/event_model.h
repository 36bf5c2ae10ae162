// The event model: every fact about each event kind, read from its file in src/plan/events/ (one JSON file per
// kind, compiled in). The planner, code generation, tool mode and the LLM prompt read it; no other file lists
// per-kind facts, so they cannot drift apart. The file format is described in src/plan/events/README.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plan/event_traits.h"
#include "plan/trace_spec.h"

namespace gpttrace {

// A phrase naming the event; weight 4-5 names it unmistakably, 3 is a strong term, 2 supporting, 1 a hint.
// A word ending in '*' matches any word with that prefix ("fork*" matches "forks", "forking").
struct EventPhrase {
  std::string text;
  int weight = 1;
};

// What a request's slots say about its event, besides words: a signal named, a sampling frequency, stacks,
// a kernel or user function, syscall names found in the catalog. A model gives each cue it answers a weight.
enum class EventCue { Signal, Frequency, Stacks, KernelFunction, UserFunction, SyscallName };

// The processes an event involves besides "the process" its builtins describe: a signal's sender and
// target, a fork's parent and child. A request naming a side ("target pid 5", "by parent process") is read
// by what the event's model says that side is:
//   Self      - the process the builtins describe (comm, pid filters and keys apply as usual),
//   Shown     - shown as a column of the listing, but no filter or key,
//   TargetPid - the receiving process, filtered with FilterKind::TargetPid, shown in the listing.
// A side the model does not list is refused rather than read as the event's own process.
enum class ProcessSide { Parent, Child, Target, Sender };
enum class SideRole { Self, Shown, TargetPid };
std::string_view process_side_name(ProcessSide side);  // "parent", ...

struct EventModel {
  EventKind kind;
  std::string name;                // "file.open": the stable identifier in -v, JSON and tests
  std::string about;               // one line on what is observed
  std::string noun;                // the count map's name: "opens" -> @opens; empty: the recipe names it
  std::string what_en, what_zh;    // "file opens", "文件打开"; empty: the recipe says (e.g. with a rate)
  std::vector<EventPhrase> words;  // English and Chinese phrases that name the event
  std::map<EventCue, int> cues;    // slots that point at the event, with their weights
  std::map<ProcessSide, SideRole> sides;  // the processes it involves, and how each is reached
  std::string direction;           // "send" or "receive" when the event has one side of a transfer, else empty
  std::string stack;               // the stack "stacks" means when unqualified: "user" or "kernel" (default)
  // System calls: the family the recipe traces (in order of preference), further names that mean this
  // event, the names that are also plain words ("open", "read"), and glibc functions implemented with
  // other syscalls ("creat" -> openat).
  std::vector<std::string> traced_syscalls;
  std::vector<std::string> named_syscalls;
  std::vector<std::string> word_syscalls;
  std::map<std::string, std::vector<std::string>> glibc;
  // User-space events: the binary and function they attach to ("libc", "malloc"); an empty binary is
  // one the request must name.
  bool uprobe = false;
  std::string uprobe_binary, uprobe_function;
  std::vector<EventKind> absorbs;  // events this one is more specific than, when a request names both
  // Absorbed events whose words narrow this one in a way it can't express ("disk reads": block I/O here
  // counts reads and writes together): a request naming them is refused rather than answered for both.
  std::vector<EventKind> cannot_tell;
  std::vector<std::string> tools;  // installed tools that implement it (libbpf-tools, bpftrace tools)
  std::string recipe;              // the codegen recipe family: "file", "process", "sched", "net", ...
  bool catalog = false;            // backed by the live catalog (TraceSpec::catalog), not curated
  EventTraits traits;
};

// Every kind's model, in EventKind order. Loaded once; a malformed file throws std::logic_error naming it
// (the unit tests load every file).
const std::vector<EventModel>& event_models();
const EventModel& event_model(EventKind kind);
const EventModel* event_model_named(std::string_view name);

// The event a syscall name means (every syscall belongs to exactly one event) and whether the name is also
// a plain word ("open", "read") rather than an exact syscall ("openat", "pread64").
struct SyscallOwner {
  EventKind event;
  bool word = false;
};
std::optional<SyscallOwner> syscall_owner(std::string_view name);

// The syscalls glibc's function `name` is implemented with on current kernels ("nanosleep" ->
// clock_nanosleep), so that "nanosleep calls" also sees the clock_nanosleep that nanosleep(3) makes.
const std::vector<std::string>& glibc_implementation(std::string_view name);

std::string_view filter_kind_name(FilterKind filter);  // "pid", "target_pid": the names in the files

}  // namespace gpttrace
