// -v stage lines, timed from when the process started (static initialisation of this file).
#include "cli/stage_log.h"

#include <fmt/format.h>

#include <iostream>

namespace gpttrace {

namespace {
const std::chrono::steady_clock::time_point kProcessStart = std::chrono::steady_clock::now();
}  // namespace

void StageLog::operator()(const std::string& what) const {
  if (!enabled_) return;
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - kProcessStart).count();
  std::cerr << fmt::format("[{:8.1f} ms] {}\n", ms, what);
}

}  // namespace gpttrace
