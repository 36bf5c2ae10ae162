// Static checks of a parsed program against the kernel catalog: probes, probe types, fields, safety.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "check/program.h"
#include "common/diagnostics.h"
#include "kernel/catalog.h"

namespace gpttrace {

struct CheckOptions {
  bool allow_unsafe = false;       // --unsafe: everything in unsafe_builtins() allowed
  size_t max_probes = 512;         // wildcards may not attach more probes than this in total
};

// Appends one diagnostic per problem, each with a location and a hint naming the fix.
void check_program(const ParsedProgram& program, const KernelCatalog& catalog, const CheckOptions& options,
                   Diagnostics& diags);

// A builtin that acts on the system beyond tracing (runs, kills, changes, reads or writes files).
struct UnsafeBuiltin {
  std::string_view name;
  std::string_view effect;  // "runs a command"
};

// The one list of what needs --unsafe; the checks, --help and the LLM prompt all read it.
std::span<const UnsafeBuiltin> unsafe_builtins();

// "system(), signal(), override(), cat(), skboutput()": for help texts and prompts.
std::string unsafe_builtin_names();

bool is_unsafe_builtin(std::string_view name);

// The tracepoints to use instead of a kernel function that cannot be probed here, most relevant first
// (e.g. vfs_read -> syscalls:sys_enter_read, syscalls:sys_exit_read). Only names the catalog has.
std::vector<std::string> tracepoint_alternatives(const KernelCatalog& catalog, std::string_view function);

}  // namespace gpttrace
