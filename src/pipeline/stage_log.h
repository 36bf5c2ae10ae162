// Stage lines on stderr (-v, and the MCP server's log), timed from process start: "[    12.3 ms] stage".
#pragma once

#include <chrono>
#include <string>

namespace gpttrace {

class StageLog {
 public:
  explicit StageLog(bool enabled) : enabled_(enabled) {}
  void operator()(const std::string& what) const;
  // Writes `text` to stderr as it is (e.g. bpftrace's full stderr) when enabled.
  void raw(const std::string& text) const;
  bool enabled() const { return enabled_; }

 private:
  bool enabled_;
};

}  // namespace gpttrace
