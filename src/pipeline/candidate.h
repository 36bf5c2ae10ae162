// A candidate program: bpftrace source that someone proposes to run, not yet checked, with where it came
// from and what the report needs to present its results.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  // Result decoder: the map key position holding raw_syscalls ids, shown as syscall names.
  std::optional<size_t> syscall_number_key;
};

}  // namespace gpttrace
