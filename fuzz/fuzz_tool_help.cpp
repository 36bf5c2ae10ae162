// Fuzzes the tool --help parser and the check of proposed arguments against what it parsed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/tool_args.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view help(reinterpret_cast<const char*>(data), size);
  gpttrace::HelpSyntax syntax = gpttrace::parse_help(help);
  // The help's own words as proposed arguments: options it lists, bundles and values.
  std::vector<std::string> args;
  for (size_t at = 0; at < help.size() && args.size() < 64;) {
    size_t end = help.find_first_of(" \n\t,[]", at);
    if (end == std::string_view::npos) end = help.size();
    if (end > at) args.emplace_back(help.substr(at, end - at));
    at = end + 1;
  }
  std::string bad;
  (void)gpttrace::arguments_match_help(syntax, args, &bad);
  return 0;
}
