// TraceSpec: the explicit plan between a request's words and a program's code.
// Understanding (planner or LLM) produces it; code generation turns it into bpftrace for this kernel.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plan/event_kind.h"  // generated from src/plan/events/*.json

namespace gpttrace {

// The quantity the computation is applied to.
enum class Measure {
  Events,    // each occurrence (count, list)
  Bytes,     // bytes transferred (return value of read/write, length of send, malloc size, I/O size)
  Latency,   // time from entry to exit of the same thread (syscall, function, I/O request, run queue)
  Duration,  // a requested duration (how long a sleep was asked to be)
  Value,     // a numeric field of a catalog event (TraceSpec::catalog.value_field)
};

enum class Aggregation {
  List,       // one line per event
  Count,      // count per key
  Sum,        // sum of the measure per key
  Histogram,  // power-of-two histogram of the measure, per key
  Average,    // average (bpftrace avg()) per key
  Stats,      // count, average and total per key
  Rate,       // count per second (printed each second)
};

// What to group by (map keys), in order.
enum class Key {
  Comm, Pid, Tid, Syscall, File, Port, Address, KernelStack, UserStack, Cpu, Disk, Signal, Uid, ExitCode,
  Error, Function, Probe,
};

enum class Comparison { Greater, GreaterEqual, Less, LessEqual, Equal };

// Which end of a connection a port filter means: "remote port 5432", "local port 80"; Any when unsaid.
enum class PortSide { Any, Local, Remote };

// A numeric filter on the measure: latency in nanoseconds, bytes in bytes.
struct Threshold {
  Measure measure = Measure::Latency;
  Comparison op = Comparison::Greater;
  uint64_t value = 0;
};

struct Filters {
  std::optional<int64_t> pid;
  std::optional<int64_t> tid;
  std::optional<std::string> comm;   // process name (comm, at most 15 characters are compared)
  std::optional<int64_t> uid;
  std::optional<std::string> path;   // a file path; prefix match when it ends with '/' or '*'
  std::optional<int64_t> port;
  PortSide port_side = PortSide::Any;  // "remote port 443" / "local port 80": that end only
  std::optional<uint64_t> cgroup_id;
  std::optional<int64_t> signal;     // a signal number (e.g. 9 for "kill -9")
  std::optional<int64_t> target_pid; // the receiving process ("signals sent to pid 1"), not the sender
  std::optional<Threshold> threshold;
  bool only_failures = false;        // return value < 0 (errors)
  // Leave out this process and its children (gpttrace and the bpftrace it starts): set by understanding
  // unless the user asks to include the tracer; not a filter the request names.
  std::optional<int64_t> tracer_pid;
};

// A condition on a field of a catalog event: "exit reason 30" -> {exit_reason, Equal, 30}.
struct FieldFilter {
  std::string field;
  Comparison op = Comparison::Equal;
  int64_t value = 0;
};

// For EventKind::Tracepoint: an event found in the kernel's catalog rather than a curated kind.
struct CatalogEvent {
  std::string tracepoint;       // "irq:irq_handler_entry": where the event happens (or begins)
  std::string end_tracepoint;   // "irq:irq_handler_exit": where it ends, for latency; empty when unpaired
  std::vector<std::string> key_fields;   // group by these fields, after TraceSpec::keys
  std::vector<std::string> show_fields;  // List columns; empty: the event's useful scalar fields
  std::string value_field;               // Measure::Value: the field summed, averaged or put in a histogram
  std::vector<FieldFilter> filters;
  std::vector<std::string> matched;      // why these were chosen, one line each, for -v
};

struct TraceSpec {
  EventKind event = EventKind::Syscall;
  std::vector<std::string> syscalls;  // for Syscall (and file/IO kinds when the request names them)
  std::string binary;                 // for UserFunction/Malloc/DnsLookup/BashCommand: path or name
  std::string function;               // for UserFunction and KernelFunction
  Measure measure = Measure::Events;
  Aggregation aggregation = Aggregation::Count;
  std::vector<Key> keys;
  Filters filters;
  std::optional<size_t> top_n;
  std::optional<double> duration_seconds;
  std::optional<int> frequency_hz;    // CpuProfile sampling rate
  std::string language = "en";        // "en" or "zh": the language of the request, for messages
  CatalogEvent catalog;               // for Tracepoint
};

std::string_view event_kind_name(EventKind kind);  // "file.open", "syscall", ...
std::optional<EventKind> event_kind_from_name(std::string_view name);
std::string_view measure_name(Measure measure);
std::string_view aggregation_name(Aggregation aggregation);
std::string_view key_name(Key key);
std::optional<Key> key_from_name(std::string_view name);
std::optional<Aggregation> aggregation_from_name(std::string_view name);
std::optional<Measure> measure_from_name(std::string_view name);
std::string_view comparison_symbol(Comparison op);  // ">", ">=", "<", "<=", "=="

// Multi-line human-readable form for -v: "event: file.open\ncompute: count\nby: comm\n...".
std::string describe_spec(const TraceSpec& spec);

}  // namespace gpttrace
