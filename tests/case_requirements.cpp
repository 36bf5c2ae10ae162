// REQUIRES conditions of test cases, decided by the catalog's probe-support rules and bpftrace version.
#include "case_requirements.h"

#include <cstdio>

#include "kernel/probe_types.h"
#include "sys/process.h"

namespace gpttrace::test_cases {

Result<bool> requirement_holds(const std::string& condition, const KernelCatalog& catalog) {
  bool negated = condition.starts_with("!");
  std::string text = negated ? condition.substr(1) : condition;
  auto holds = [negated](bool value) { return value != negated; };
  if (text.starts_with("probe=")) {
    auto type = probe_type_from_name(text.substr(6));
    if (!type) return fail("unknown probe type in REQUIRES " + condition);
    return holds(catalog.support(*type).available);
  }
  if (text.starts_with("tool=")) return holds(find_executable(text.substr(5)).has_value());
  if (text.starts_with("bpftrace>=") || text.starts_with("bpftrace<")) {
    bool at_least = text[8] == '>';
    int major = 0, minor = 0;
    if (std::sscanf(text.c_str() + (at_least ? 10 : 9), "%d.%d", &major, &minor) != 2) {
      return fail("expected bpftrace>=X.Y or bpftrace<X.Y in REQUIRES " + condition);
    }
    return holds(catalog.bpftrace().at_least(major, minor) == at_least);
  }
  return fail("unknown REQUIRES condition " + condition);
}

}  // namespace gpttrace::test_cases
