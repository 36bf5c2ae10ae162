// Helpers for the code-generation tests: a catalog like this machine's, default specs, and checking.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "check/checks.h"
#include "check/parser.h"
#include "codegen/generate.h"
#include "kernel/fixture_catalog.h"
#include "plan/event_traits.h"

namespace gpttrace::test {

// The captured tracefs of this machine plus the extra tracepoints under fixtures/codegen (syscall variants,
// task_newtask, sock_send_length), libc with malloc/getaddrinfo and bash with readline.
inline FixtureCatalog codegen_catalog() {
  namespace fs = std::filesystem;
  FixtureCatalog catalog = load_fixture_catalog(std::string(GPTTRACE_FIXTURES_DIR) + "/kernel/tracefs");
  fs::path extra = fs::path(GPTTRACE_FIXTURES_DIR) / "codegen/tracefs/events";
  for (const auto& category : fs::directory_iterator(extra))
    for (const auto& event : fs::directory_iterator(category.path())) {
      std::ifstream in(event.path() / "format");
      std::stringstream text;
      text << in.rdbuf();
      catalog.add_tracepoint_format(category.path().filename().string(), event.path().filename().string(),
                                    text.str());
    }
  catalog.add_binary("libc", "/lib/x86_64-linux-gnu/libc.so.6", {"getaddrinfo", "malloc"});
  catalog.add_binary("bash", "/usr/bin/bash", {"readline"});
  return catalog;
}

// The spec an understanding stage makes when the request names only the event.
inline TraceSpec default_spec(EventKind kind) {
  const EventTraits& traits = event_traits(kind);
  TraceSpec spec;
  spec.event = kind;
  spec.aggregation = traits.default_aggregation;
  if (spec.aggregation != Aggregation::List) spec.keys = traits.default_keys;
  spec.measure = traits.measures.front();
  if (kind == EventKind::UserFunction) spec.binary = "libc", spec.function = "malloc";
  if (kind == EventKind::KernelFunction) spec.function = "vfs_read";
  if (kind == EventKind::Tracepoint) {  // any catalog event; this one has an end and a numeric field
    spec.catalog.tracepoint = "syscalls:sys_enter_read";
    spec.catalog.end_tracepoint = "syscalls:sys_exit_read";
    spec.catalog.value_field = "count";
  }
  return spec;
}

// Parses and statically checks a program against the catalog; returns the diagnostics text ("" if clean).
inline std::string check_errors(const std::string& source, const KernelCatalog& catalog) {
  Diagnostics diags;
  ParsedProgram parsed = parse_program(source, diags);
  check_program(parsed, catalog, CheckOptions{}, diags);
  return diags.has_errors() ? diags.format(source) : "";
}

}  // namespace gpttrace::test

namespace gpttrace::test {

// A spec and a short label for failure messages.
struct LabeledSpec {
  std::string label;
  TraceSpec spec;
};

// Sets one filter of kind `f` to a plausible value for `kind`.
inline void set_filter(TraceSpec& spec, FilterKind f) {
  Filters& x = spec.filters;
  switch (f) {
    case FilterKind::Pid: x.pid = 1234; break;
    case FilterKind::Tid: x.tid = 1235; break;
    case FilterKind::Comm: x.comm = "a_very_long_process_name"; break;  // truncated to 15 characters
    case FilterKind::Uid: x.uid = 1000; break;
    case FilterKind::Path: x.path = "/etc/"; break;
    case FilterKind::Port: x.port = 443; break;
    case FilterKind::Cgroup: x.cgroup_id = 4242; break;
    case FilterKind::Signal: x.signal = 9; break;
    case FilterKind::Failures: x.only_failures = true; break;
    case FilterKind::TargetPid: x.target_pid = 1; break;
    case FilterKind::Threshold: {
      const EventTraits& traits = event_traits(spec.event);
      Threshold t;
      t.measure = supports_measure(traits, Measure::Latency)  ? Measure::Latency
                  : supports_measure(traits, Measure::Bytes) ? Measure::Bytes
                                                             : Measure::Duration;
      t.value = t.measure == Measure::Bytes ? 4096 : 1000000;
      x.threshold = t;
      break;
    }
  }
}

// Every aggregation (value aggregations once per measure), every key alone (counted), every filter alone
// (with the default aggregation), and all keys and all filters together. Not `full`: the default, a
// histogram of each measure, and all keys and all filters together.
inline std::vector<LabeledSpec> spec_matrix(EventKind kind, bool full = true) {
  const EventTraits& traits = event_traits(kind);
  std::vector<LabeledSpec> out;
  const TraceSpec base = default_spec(kind);
  out.push_back({"default", base});
  for (Aggregation agg : {Aggregation::List, Aggregation::Count, Aggregation::Rate, Aggregation::Sum,
                          Aggregation::Histogram, Aggregation::Average, Aggregation::Stats}) {
    bool value = agg == Aggregation::Sum || agg == Aggregation::Histogram || agg == Aggregation::Average ||
                 agg == Aggregation::Stats;
    if (!full && agg != Aggregation::Histogram) continue;
    for (Measure m : traits.measures) {
      if (value && m == Measure::Events) continue;
      if (!value && m != traits.measures.front() && m != Measure::Latency) continue;
      TraceSpec spec = base;
      spec.aggregation = agg, spec.measure = m;
      spec.keys = agg == Aggregation::List ? std::vector<Key>{} : traits.default_keys;
      out.push_back({"aggregation " + std::to_string(static_cast<int>(agg)) + " measure " +
                         std::to_string(static_cast<int>(m)), spec});
    }
  }
  if (full)
    for (Key key : traits.keys) {
      TraceSpec spec = base;
      spec.aggregation = Aggregation::Count, spec.keys = {key};
      out.push_back({"key " + std::to_string(static_cast<int>(key)), spec});
    }
  if (full)
    for (FilterKind f : traits.filters) {
      TraceSpec spec = base;
      set_filter(spec, f);
      out.push_back({"filter " + std::to_string(static_cast<int>(f)), spec});
    }
  TraceSpec all_keys = base;
  all_keys.aggregation = Aggregation::Count, all_keys.keys = traits.keys;
  out.push_back({"all keys", all_keys});
  TraceSpec all_filters = base;
  for (FilterKind f : traits.filters) set_filter(all_filters, f);
  out.push_back({"all filters", all_filters});
  return out;
}

}  // namespace gpttrace::test
