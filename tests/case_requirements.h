// The REQUIRES lines of test case files (tests/runtime/*.test, tests/requests/*.test), judged the way
// gpttrace judges the machine: by its own probe-support rules (KernelCatalog::support, from
// kernel/support_rules) and the installed bpftrace, so a case runs exactly where gpttrace expects it to.
#pragma once

#include <string>

#include "common/error.h"
#include "kernel/catalog.h"

namespace gpttrace::test_cases {

// Whether one condition holds on the machine `catalog` describes:
//   probe=TYPE / !probe=TYPE        TYPE attaches here (probe_type_from_name names)
//   bpftrace>=X.Y / bpftrace<X.Y    the installed bpftrace's version
//   tool=NAME / !tool=NAME          NAME is in PATH
// Fails on an unknown condition or probe type (a broken case file).
Result<bool> requirement_holds(const std::string& condition, const KernelCatalog& catalog);

}  // namespace gpttrace::test_cases
