// A candidate program: bpftrace source that someone proposes to run, not yet checked, with where it came
// from and what the report needs to present its results.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plan/trace_spec.h"

namespace gpttrace {

enum class Origin { Planner, Llm, User, File };

// "planner", "llm", "user" (-e or an MCP client's program), "file" (gpttrace run FILE).
std::string_view origin_name(Origin origin);

struct Candidate {
  std::string source;
  Origin origin = Origin::User;
  std::string description;         // one sentence shown before confirmation; empty for -e and files
  std::string request;             // the request it answers; empty for -e and files
  std::vector<std::string> notes;  // substitutions and caveats, one line each, shown as "note:" lines
  // The plan the program was generated from (planner candidates): column titles, units, decoders (e.g.
  // raw_syscalls ids under a syscall key shown as names) and the results' language.
  std::optional<TraceSpec> spec;
};

}  // namespace gpttrace
