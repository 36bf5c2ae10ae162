// Fuzzes the results parser: bytes as bpftrace -f json stdout lines, then rendering and summaries.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "results/render.h"
#include "results/results.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  gpttrace::ResultsParser parser;
  std::vector<std::string> events;
  for (size_t start = 0; start <= text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    parser.feed(text.substr(start, nl - start), &events);
    start = nl + 1;
  }
  parser.finish(&events);
  gpttrace::Results results = parser.take();
  gpttrace::RenderOptions render;
  (void)gpttrace::render_text(results, render);
  (void)gpttrace::summarize(results);
  (void)gpttrace::render_json(results, "{}");
  return 0;
}
