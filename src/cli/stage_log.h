// -v stage lines on stderr, timed from process start: "[    12.3 ms] stage".
#pragma once

#include <chrono>
#include <string>

namespace gpttrace {

class StageLog {
 public:
  explicit StageLog(bool enabled) : enabled_(enabled) {}
  void operator()(const std::string& what) const;

 private:
  bool enabled_;
};

}  // namespace gpttrace
