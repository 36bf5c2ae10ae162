// Static checks of a parsed program against the kernel catalog: probes, probe types, fields, safety.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "check/program.h"
#include "common/diagnostics.h"
#include "kernel/catalog.h"

namespace gpttrace {

struct CheckOptions {
  bool allow_unsafe = false;       // --unsafe: system(), signal(), override(), cat() allowed
  size_t max_probes = 512;         // wildcards may not attach more probes than this in total
};

// Appends one diagnostic per problem, each with a location and a hint naming the fix.
void check_program(const ParsedProgram& program, const KernelCatalog& catalog, const CheckOptions& options,
                   Diagnostics& diags);

// Builtins that can change the system or read arbitrary files, and so need --unsafe.
bool is_unsafe_builtin(std::string_view name);

// The tracepoints to use instead of a kernel function that cannot be probed here, most relevant first
// (e.g. vfs_read -> syscalls:sys_enter_read, syscalls:sys_exit_read). Only names the catalog has.
std::vector<std::string> tracepoint_alternatives(const KernelCatalog& catalog, std::string_view function);

}  // namespace gpttrace
