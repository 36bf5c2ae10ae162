// gpttrace serve --config FILE: the named requests and programs of a deployment, as JSON:
//   {"programs": [{"name": "syscalls", "request": "count system calls by process"},
//                 {"name": "opens", "program": "tracepoint:syscalls:sys_enter_openat { @[comm] = count();
//                 }"}]}
// Each entry has a name ([a-z_][a-z0-9_]*, at most 64 characters: the metric noun) and exactly one of
// "request" or "program".
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "serve/program.h"

namespace gpttrace::serve {

// Reads and validates FILE (a regular file of at most 1 MiB); errors name the file and the entry.
Result<std::vector<ServeSource>> read_config(const std::string& path);

// Parses the text of a config file; `path` names it in errors.
Result<std::vector<ServeSource>> parse_config(const std::string& text, const std::string& path);

}  // namespace gpttrace::serve
