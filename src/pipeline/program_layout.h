// Lays out a generated bpftrace program for reading: long predicates one condition per line, long probe
// bodies one statement per line. Only whitespace changes, so the program means exactly the same.
#pragma once

#include <string>
#include <string_view>

namespace gpttrace {

// Lines up to 100 characters are kept. In a longer line, a `/a && b && c/` predicate is split after each
// top-level && or ||, and a `{ s1; s2; }` body (after a predicate: one over 60 characters) gets one
// statement per line.
std::string layout_for_reading(std::string_view source);

}  // namespace gpttrace
