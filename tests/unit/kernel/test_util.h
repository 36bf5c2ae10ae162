// Helpers shared by the kernel catalog tests: reading fixture files.
#pragma once

#include <fstream>
#include <iterator>
#include <string>

namespace gpttrace::test {

inline std::string fixture_path(const std::string& relative) {
  return std::string(GPTTRACE_FIXTURES_DIR) + "/kernel/" + relative;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::string read_fixture(const std::string& relative) {
  return read_text(fixture_path(relative));
}

}  // namespace gpttrace::test
