// Lays out a generated bpftrace program for reading: long predicates one condition per line, long probe
// bodies one statement per line. Only whitespace changes, so the program means exactly the same.
#pragma once

#include <string>
#include <string_view>

namespace gpttrace {

// Lines up to 100 characters are kept; a longer `/a && b && c/` predicate line is split after each
// top-level && or ||, and a longer `PROBE { s1; s2; }` line gets one statement per line.
std::string layout_for_reading(std::string_view source);

}  // namespace gpttrace
