// Fuzzes the offline planner: any text as a request, understood against the fixture catalog.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kernel/fixture_catalog.h"
#include "plan/understand.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gpttrace::FixtureCatalog catalog =
      gpttrace::load_fixture_catalog(GPTTRACE_FIXTURES_DIR "/kernel/tracefs");
  std::string_view request(reinterpret_cast<const char*>(data), size);
  (void)gpttrace::understand_request(request, &catalog);
  (void)gpttrace::understand_request(request, nullptr);
  return 0;
}
