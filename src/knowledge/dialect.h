// Renders a program written in the bpftrace 0.17 dialect for the installed bpftrace.
#pragma once

#include <string>
#include <string_view>

#include "kernel/catalog.h"

namespace gpttrace {

// args->f becomes args.f on bpftrace 0.19+ (args_dot); kfunc:/kretfunc: probes become fentry:/fexit: on
// 0.20+ (fentry_spelling). Text inside string literals and comments is left alone. On 0.17 the program is
// returned unchanged.
std::string render_for_dialect(std::string_view source, const BpftraceInfo& bpftrace);

}  // namespace gpttrace
