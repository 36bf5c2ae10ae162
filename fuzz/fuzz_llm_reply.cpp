// Fuzzes what a provider sends: a whole Chat Completions body, the same bytes as an SSE stream split at
// every size, and program extraction from the answer text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "llm/prompt.h"
#include "llm/reply_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)gpttrace::parse_completion_body(bytes);
  gpttrace::StreamAccumulator stream;
  size_t step = size == 0 ? 1 : 1 + data[0] % 64;
  for (size_t at = 0; at < bytes.size(); at += step) stream.feed(bytes.substr(at, step));
  (void)stream.finish();
  (void)gpttrace::extract_program(bytes);
  return 0;
}
