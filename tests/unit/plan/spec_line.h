// Test helper: a TraceSpec as one line with every field that matters, so a test asserts the whole plan.
#pragma once

#include <string>

#include "plan/trace_spec.h"
#include "plan/understand.h"

namespace gpttrace::testing {

// "file.open count events by=comm,file pid=1 comm=nginx ..." (only fields that are set).
inline std::string spec_line(const TraceSpec& s) {
  std::string out = std::string(event_kind_name(s.event)) + " " + std::string(aggregation_name(s.aggregation)) + " " +
                    std::string(measure_name(s.measure));
  if (!s.keys.empty()) {
    out += " by=";
    for (size_t k = 0; k < s.keys.size(); ++k) out += (k ? "," : "") + std::string(key_name(s.keys[k]));
  }
  for (const std::string& sc : s.syscalls) out += " syscall=" + sc;
  if (!s.binary.empty()) out += " binary=" + s.binary;
  if (!s.function.empty()) out += " function=" + s.function;
  const Filters& f = s.filters;
  if (f.pid) out += " pid=" + std::to_string(*f.pid);
  if (f.tid) out += " tid=" + std::to_string(*f.tid);
  if (f.comm) out += " comm=" + *f.comm;
  if (f.uid) out += " uid=" + std::to_string(*f.uid);
  if (f.path) out += " path=" + *f.path;
  if (f.port) out += " port=" + std::to_string(*f.port);
  if (f.port_side != PortSide::Any) out += f.port_side == PortSide::Remote ? " remote" : " local";
  if (f.cgroup_id) out += " cgroup=" + std::to_string(*f.cgroup_id);
  if (f.signal) out += " signal=" + std::to_string(*f.signal);
  if (f.threshold) {
    static const char* ops[] = {">", ">=", "<", "<=", "=="};
    out += " " + std::string(measure_name(f.threshold->measure)) + ops[static_cast<int>(f.threshold->op)] +
           std::to_string(f.threshold->value);
  }
  if (f.only_failures) out += " failed";
  if (s.top_n) out += " top=" + std::to_string(*s.top_n);
  if (s.duration_seconds) out += " for=" + std::to_string(*s.duration_seconds).substr(0, std::to_string(*s.duration_seconds).find('.') + 2) + "s";
  if (s.frequency_hz) out += " hz=" + std::to_string(*s.frequency_hz);
  return out;
}

inline std::string understood_line(std::string_view request) {
  Understanding u = understand_request(request);
  return u.spec ? spec_line(*u.spec) : "REFUSED: " + u.message;
}

}  // namespace gpttrace::testing
