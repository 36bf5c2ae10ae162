// The exporter's own metrics: is it up, is each program running, and if not why; restarts, load errors,
// lost events and the time of the last read, per program.
#pragma once

#include <map>
#include <mutex>
#include <string>

namespace prometheus {
class Registry;
class Counter;
class Gauge;
template <typename T>
class Family;
}  // namespace prometheus

namespace gpttrace::serve {

// gpttrace_up                                          1 while the exporter serves
// gpttrace_program_up{program}                         1 while its bpftrace is attached
// gpttrace_program_error{program,reason,message}       1 while it cannot run (reason: a failure kind name:
//                                                      rejected, bpftrace-failed, environment, ...)
// gpttrace_program_restarts_total{program}             bpftrace started again after it ended
// gpttrace_program_load_errors_total{program}          bpftrace runs that failed before attaching
// gpttrace_program_lost_events_total{program}          events bpftrace reported lost
// gpttrace_program_last_read_timestamp_seconds{program} Unix time of the last map dump read
class HealthMetrics {
 public:
  explicit HealthMetrics(prometheus::Registry& registry);

  struct Program {
    prometheus::Gauge* up;
    prometheus::Counter* restarts;
    prometheus::Counter* load_errors;
    prometheus::Counter* lost_events;
    prometheus::Gauge* last_read;
  };
  // The series of `program`, created on first use.
  Program program(const std::string& name);
  // Marks `program` failing for `reason` (replacing an earlier error series), or no longer failing.
  void set_error(const std::string& name, const std::string& reason, const std::string& message);
  void clear_error(const std::string& name);

 private:
  prometheus::Family<prometheus::Gauge>& up_;
  prometheus::Family<prometheus::Gauge>& program_up_;
  prometheus::Family<prometheus::Gauge>& error_;
  prometheus::Family<prometheus::Counter>& restarts_;
  prometheus::Family<prometheus::Counter>& load_errors_;
  prometheus::Family<prometheus::Counter>& lost_events_;
  prometheus::Family<prometheus::Gauge>& last_read_;
  std::mutex mutex_;
  std::map<std::string, prometheus::Gauge*> errors_;  // the current error series per program
};

}  // namespace gpttrace::serve
