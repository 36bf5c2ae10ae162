// Fuzzes the bpftrace program parser and the static checks (fixture catalog), safe and --unsafe.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check/checks.h"
#include "check/compile_check.h"
#include "check/parser.h"
#include "kernel/fixture_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gpttrace::FixtureCatalog catalog =
      gpttrace::load_fixture_catalog(GPTTRACE_FIXTURES_DIR "/kernel/tracefs");
  std::string_view source(reinterpret_cast<const char*>(data), size);
  gpttrace::Diagnostics diags;
  gpttrace::ParsedProgram program = gpttrace::parse_program(source, diags);
  gpttrace::check_program(program, catalog, gpttrace::CheckOptions{.allow_unsafe = size % 2 == 0, .max_probes = 64},
                          diags);
  (void)diags.format(source, "program");
  (void)gpttrace::parse_bpftrace_errors(source);  // the same bytes as bpftrace's stderr
  return 0;
}
