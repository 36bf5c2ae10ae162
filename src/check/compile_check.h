// bpftrace's own compile check (no loading), with its errors turned into gpttrace diagnostics.
#pragma once

#include <string>
#include <string_view>

#include "common/diagnostics.h"
#include "common/error.h"
#include "kernel/catalog.h"

namespace gpttrace {

// Compiles `program` with the installed bpftrace without attaching anything (--dry-run where it
// exists, else --emit-elf to a temporary file) and appends its errors to `diags`. Fails only when
// bpftrace could not be run at all.
Result<void> compile_check(const BpftraceInfo& bpftrace, const std::string& program, bool allow_unsafe,
                           Diagnostics& diags);

// Parses bpftrace's stderr: "stdin:L:C-C: ERROR: message" (+ source line + underline), and located-less
// "ERROR: message" lines; ignores the spurious RLIMIT_MEMLOCK and available_filter_functions noise.
Diagnostics parse_bpftrace_errors(std::string_view stderr_text);

}  // namespace gpttrace
