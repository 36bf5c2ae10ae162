// Names of TraceSpec enums (stable identifiers used in -v output, JSON and tests; event kinds are named by
// the event model) and describe_spec.
#include "plan/trace_spec.h"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "plan/event_model.h"

namespace gpttrace {

namespace {

constexpr std::array<std::pair<Measure, std::string_view>, 5> kMeasureNames{{
    {Measure::Events, "events"},
    {Measure::Bytes, "bytes"},
    {Measure::Latency, "latency"},
    {Measure::Duration, "duration"},
    {Measure::Value, "value"},
}};

constexpr std::array<std::pair<Aggregation, std::string_view>, 7> kAggregationNames{{
    {Aggregation::List, "list"},
    {Aggregation::Count, "count"},
    {Aggregation::Sum, "sum"},
    {Aggregation::Histogram, "hist"},
    {Aggregation::Average, "avg"},
    {Aggregation::Stats, "stats"},
    {Aggregation::Rate, "rate"},
}};

constexpr std::array<std::pair<Key, std::string_view>, 17> kKeyNames{{
    {Key::Comm, "comm"},
    {Key::Pid, "pid"},
    {Key::Tid, "tid"},
    {Key::Syscall, "syscall"},
    {Key::File, "file"},
    {Key::Port, "port"},
    {Key::Address, "address"},
    {Key::KernelStack, "kstack"},
    {Key::UserStack, "ustack"},
    {Key::Cpu, "cpu"},
    {Key::Disk, "disk"},
    {Key::Signal, "signal"},
    {Key::Uid, "uid"},
    {Key::ExitCode, "exit_code"},
    {Key::Error, "error"},
    {Key::Function, "function"},
    {Key::Probe, "probe"},
}};

template <typename E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "?";
}

template <typename E, size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [v, n] : table)
    if (n == name) return v;
  return std::nullopt;
}


// "50 ms", "1.5 s", "10 KiB": the threshold in the unit a person would use.
std::string format_threshold_value(const Threshold& t) {
  auto scaled = [](uint64_t v, uint64_t unit) { return fmt::format("{:g}", static_cast<double>(v) / unit); };
  if (t.measure == Measure::Bytes) {
    if (t.value >= (1ull << 30) && t.value % (1ull << 30) == 0) return scaled(t.value, 1ull << 30) + " GiB";
    if (t.value >= (1ull << 20) && t.value % (1ull << 10) == 0) return scaled(t.value, 1ull << 20) + " MiB";
    if (t.value >= 1024) return scaled(t.value, 1024) + " KiB";
    return fmt::format("{} bytes", t.value);
  }
  if (t.value >= 1'000'000'000) return scaled(t.value, 1'000'000'000) + " s";
  if (t.value >= 1'000'000) return scaled(t.value, 1'000'000) + " ms";
  if (t.value >= 1'000) return scaled(t.value, 1'000) + " us";
  return fmt::format("{} ns", t.value);
}

std::string describe_compute(const TraceSpec& spec) {
  std::string_view measure = measure_name(spec.measure);
  switch (spec.aggregation) {
    case Aggregation::List: return "list each event";
    case Aggregation::Count: return "count of events";
    case Aggregation::Rate: return "events per second";
    case Aggregation::Sum: return fmt::format("sum of {}", measure);
    case Aggregation::Histogram: return fmt::format("histogram of {}", measure);
    case Aggregation::Average: return fmt::format("average of {}", measure);
    case Aggregation::Stats: return fmt::format("count, average and total of {}", measure);
  }
  return "?";
}

}  // namespace

std::string_view event_kind_name(EventKind kind) { return event_model(kind).name; }
std::optional<EventKind> event_kind_from_name(std::string_view name) {
  const EventModel* model = event_model_named(name);
  return model ? std::optional(model->kind) : std::nullopt;
}
std::string_view measure_name(Measure measure) { return name_of(kMeasureNames, measure); }
std::string_view aggregation_name(Aggregation aggregation) { return name_of(kAggregationNames, aggregation); }
std::string_view key_name(Key key) { return name_of(kKeyNames, key); }
std::optional<Key> key_from_name(std::string_view name) { return value_of(kKeyNames, name); }
std::optional<Aggregation> aggregation_from_name(std::string_view name) { return value_of(kAggregationNames, name); }
std::optional<Measure> measure_from_name(std::string_view name) { return value_of(kMeasureNames, name); }

std::string describe_spec(const TraceSpec& spec) {
  std::string out = fmt::format("event: {}\n", event_kind_name(spec.event));
  auto join = [](const auto& items, auto&& name) {
    std::string s;
    for (const auto& item : items) {
      if (!s.empty()) s += ", ";
      s += name(item);
    }
    return s;
  };
  if (!spec.syscalls.empty())
    out += fmt::format("syscalls: {}\n", join(spec.syscalls, [](const std::string& s) { return s; }));
  if (!spec.binary.empty()) out += fmt::format("binary: {}\n", spec.binary);
  if (!spec.function.empty()) out += fmt::format("function: {}\n", spec.function);
  const CatalogEvent& c = spec.catalog;
  if (!c.tracepoint.empty())
    out += fmt::format("tracepoint: {}{}\n", c.tracepoint, c.end_tracepoint.empty() ? "" : " .. " + c.end_tracepoint);
  if (!c.value_field.empty()) out += fmt::format("value: {}\n", c.value_field);
  if (!c.key_fields.empty()) out += fmt::format("by fields: {}\n", join(c.key_fields, [](const std::string& s) { return s; }));
  if (!c.show_fields.empty()) out += fmt::format("show: {}\n", join(c.show_fields, [](const std::string& s) { return s; }));
  for (const FieldFilter& ff : c.filters) out += fmt::format("filter: {} {} {}\n", ff.field, comparison_symbol(ff.op), ff.value);
  for (const std::string& m : c.matched) out += fmt::format("matched: {}\n", m);
  out += fmt::format("compute: {}\n", describe_compute(spec));
  if (!spec.keys.empty()) out += fmt::format("by: {}\n", join(spec.keys, [](Key k) { return std::string(key_name(k)); }));

  const Filters& f = spec.filters;
  auto filter = [&](std::string text) { out += fmt::format("filter: {}\n", text); };
  if (f.pid) filter(fmt::format("pid == {}", *f.pid));
  if (f.tid) filter(fmt::format("tid == {}", *f.tid));
  if (f.comm) filter(fmt::format("comm == \"{}\"", *f.comm));
  if (f.uid) filter(fmt::format("uid == {}", *f.uid));
  if (f.path) filter(fmt::format("path == \"{}\"", *f.path));
  if (f.port)
    filter(fmt::format("{}port == {}", f.port_side == PortSide::Remote ? "remote " : f.port_side == PortSide::Local ? "local " : "",
                       *f.port));
  if (f.cgroup_id) filter(fmt::format("cgroup == {}", *f.cgroup_id));
  if (f.signal) filter(fmt::format("signal == {}", *f.signal));
  if (f.target_pid) filter(fmt::format("target pid == {}", *f.target_pid));
  if (f.threshold)
    filter(fmt::format("{} {} {}", measure_name(f.threshold->measure), comparison_symbol(f.threshold->op),
                       format_threshold_value(*f.threshold)));
  if (f.only_failures) filter("failed (return value < 0)");
  if (f.tracer_pid) filter(fmt::format("not gpttrace (pid {}) or its children", *f.tracer_pid));

  if (spec.top_n) out += fmt::format("top: {}\n", *spec.top_n);
  if (spec.frequency_hz) out += fmt::format("frequency: {} Hz\n", *spec.frequency_hz);
  if (spec.duration_seconds) out += fmt::format("duration: {:g} s\n", *spec.duration_seconds);
  return out;
}

std::string_view comparison_symbol(Comparison op) {
  switch (op) {
    case Comparison::Greater: return ">";
    case Comparison::GreaterEqual: return ">=";
    case Comparison::Less: return "<";
    case Comparison::LessEqual: return "<=";
    case Comparison::Equal: return "==";
  }
  return "?";
}

}  // namespace gpttrace
