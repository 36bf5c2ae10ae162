// What gpttrace knows about a bpftrace program after parsing: its probes, predicates, fields and calls.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "kernel/probe_types.h"

namespace gpttrace {

// One attach point, e.g. "tracepoint:syscalls:sys_enter_openat" or "uprobe:/bin/bash:readline".
struct AttachPoint {
  std::string text;                // as written
  std::string type_text;           // "tracepoint", "t", "kprobe", "BEGIN", ... as written
  std::optional<ProbeType> type;   // nullopt when the type is unknown
  std::vector<std::string> parts;  // the ':'-separated parts after the type (a path may hold ':' no more)
  bool wildcard = false;           // contains '*' or '?' (or a '{a,b}' set)
  SourceLocation loc;
};

// `args->NAME` or `args.NAME` in a predicate or an action block.
struct FieldAccess {
  std::string name;
  bool dot_syntax = false;  // args.NAME (bpftrace 0.19+) rather than args->NAME
  bool inside_str = false;  // the innermost enclosing call is str() or buf()
  SourceLocation loc;       // spans "args->NAME"
};

// A call of a builtin or function: `count(`, `system(`, `str(`.
struct Call {
  std::string name;
  SourceLocation loc;  // spans the name
};

struct ProbeBlock {
  std::vector<AttachPoint> attach_points;
  bool has_predicate = false;
  std::vector<FieldAccess> fields;
  std::vector<Call> calls;
};

// A preprocessor line (#define, #include, ...) with its backslash-continued lines joined.
struct Directive {
  std::string text;
  SourceLocation loc;
};

struct ParsedProgram {
  std::vector<ProbeBlock> probes;
  std::vector<Directive> directives;
};

}  // namespace gpttrace
