// Stage lines, timed from when the process started (static initialisation of this file).
#include "pipeline/stage_log.h"

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

void StageLog::raw(const std::string& text) const {
  if (enabled_ && !text.empty()) std::cerr << text;
}

}  // namespace gpttrace
