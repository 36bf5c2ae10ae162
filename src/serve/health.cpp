// The exporter's health metric families (see health.h).
#include "serve/health.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace gpttrace::serve {

namespace {

// Label values stay short and on one line: a failure message can be long or hold bpftrace's source lines.
std::string one_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > 200 ? line.substr(0, 200) : line;
}

}  // namespace

HealthMetrics::HealthMetrics(prometheus::Registry& registry)
    : up_(prometheus::BuildGauge()
              .Name("gpttrace_up")
              .Help("1 while the gpttrace exporter serves")
              .Register(registry)),
      program_up_(prometheus::BuildGauge()
                      .Name("gpttrace_program_up")
                      .Help("1 while the program's bpftrace is attached, else 0")
                      .Register(registry)),
      error_(prometheus::BuildGauge()
                 .Name("gpttrace_program_error")
                 .Help("1 while the program cannot run here, with the reason and gpttrace's message")
                 .Register(registry)),
      restarts_(prometheus::BuildCounter()
                    .Name("gpttrace_program_restarts_total")
                    .Help("times the program's bpftrace was started again after it ended")
                    .Register(registry)),
      load_errors_(prometheus::BuildCounter()
                       .Name("gpttrace_program_load_errors_total")
                       .Help("bpftrace runs of the program that failed before attaching")
                       .Register(registry)),
      lost_events_(prometheus::BuildCounter()
                       .Name("gpttrace_program_lost_events_total")
                       .Help("events bpftrace reported lost for the program")
                       .Register(registry)),
      last_read_(prometheus::BuildGauge()
                     .Name("gpttrace_program_last_read_timestamp_seconds")
                     .Help("Unix time when the program's maps were last read")
                     .Register(registry)) {
  up_.Add({}).Set(1);
}

HealthMetrics::Program HealthMetrics::program(const std::string& name) {
  const prometheus::Labels labels{{"program", name}};
  return {&program_up_.Add(labels), &restarts_.Add(labels), &load_errors_.Add(labels),
          &lost_events_.Add(labels), &last_read_.Add(labels)};
}

void HealthMetrics::set_error(const std::string& name, const std::string& reason,
                              const std::string& message) {
  std::lock_guard lock(mutex_);
  auto found = errors_.find(name);
  if (found != errors_.end()) error_.Remove(found->second);
  errors_[name] = &error_.Add({{"program", name}, {"reason", reason}, {"message", one_line(message)}});
  errors_[name]->Set(1);
}

void HealthMetrics::clear_error(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto found = errors_.find(name);
  if (found == errors_.end()) return;
  error_.Remove(found->second);
  errors_.erase(found);
}

}  // namespace gpttrace::serve
