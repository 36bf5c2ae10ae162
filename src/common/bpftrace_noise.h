// bpftrace stderr lines that are not about the program, on every run here (see kernel-facts).
#pragma once

#include <string_view>

namespace gpttrace {

// True for the spurious RLIMIT_MEMLOCK "ERROR" (printed even when loading works), the
// available_filter_functions permission message, and "Attaching N probe(s)...".
bool is_benign_stderr_line(std::string_view line);

}  // namespace gpttrace
