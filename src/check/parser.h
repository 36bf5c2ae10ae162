// A structural parser for the part of the bpftrace language that the checks need (grammar in parser.cpp).
#pragma once

#include <string_view>

#include "check/program.h"
#include "common/diagnostics.h"

namespace gpttrace {

// Parses `source`; syntax problems it can see (unbalanced braces, an unterminated string, a probe
// without a block) become errors in `diags`. Whatever it cannot judge is left to bpftrace's compile check.
ParsedProgram parse_program(std::string_view source, Diagnostics& diags);

}  // namespace gpttrace
