// Overwrites secret option values in argv's memory; see argv_scrub.h.
#include "sys/argv_scrub.h"

#include <cstring>

namespace gpttrace {

namespace {

void mask(char* value) { std::memset(value, '*', std::strlen(value)); }

}  // namespace

int scrub_secret_arguments(int argc, char** argv, std::span<const std::string_view> secret_options) {
  int hidden = 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    for (std::string_view option : secret_options) {
      if (arg == option && i + 1 < argc) {
        mask(argv[++i]);
        ++hidden;
      } else if (option.starts_with("--") && arg.starts_with(option) && arg.size() > option.size() &&
                 arg[option.size()] == '=') {
        mask(argv[i] + option.size() + 1);
        ++hidden;
      } else if (!option.starts_with("--") && arg.starts_with(option) && arg.size() > option.size()) {
        mask(argv[i] + option.size());  // -kVALUE
        ++hidden;
      } else {
        continue;
      }
      break;
    }
  }
  return hidden;
}

}  // namespace gpttrace
