// FixtureCatalog: an in-memory kernel for unit tests, by default shaped like the development VMs
// (tracepoints, uprobes, perf events; no kprobes, no kfunc, no PMU; bpftrace 0.17.0).
#include "kernel/fixture_catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

#include "common/names.h"

namespace gpttrace {

FixtureCatalog::FixtureCatalog() {
  kernel_.release = "6.18.44-fixture";
  kernel_.machine = "x86_64";
  kernel_.btf = true;
  kernel_.tracefs = "/sys/kernel/tracing";
  set_bpftrace_version(0, 17, 0);
  bpftrace_.path = "/usr/bin/bpftrace";
  facts_.kprobe_events = false;  // CONFIG_KPROBES off
  facts_.uprobes = true;
  facts_.perf_events = true;
  facts_.cpu_pmu = false;  // Firecracker exposes no PMU
  facts_.breakpoint_pmu = true;
  // What bpftrace 0.17 --info prints on these VMs (tests/fixtures/kernel/bpftrace-info.txt).
  facts_.bpftrace_features = {{"kprobe", "yes"},      {"tracepoint", "yes"}, {"perf_event", "yes"},
                              {"kfunc", "no"},        {"iter:task", "no"},   {"iter:task_file", "no"},
                              {"kprobe_multi", "no"}, {"btf", "yes"}};
}

FixtureCatalog& FixtureCatalog::add_tracepoint(Tracepoint tp) {
  std::string full = tp.full_name();
  auto pos = std::lower_bound(tracepoint_names_.begin(), tracepoint_names_.end(), full);
  if (pos == tracepoint_names_.end() || *pos != full) tracepoint_names_.insert(pos, full);
  tracepoints_[full] = std::move(tp);
  return *this;
}

FixtureCatalog& FixtureCatalog::add_tracepoint_format(std::string_view category, std::string_view name,
                                                      std::string_view format_text) {
  auto tp = parse_tracepoint(category, name, format_text);
  if (!tp)
    throw std::invalid_argument(fmt::format("format of {}:{}: {}", category, name, tp.error().message));
  return add_tracepoint(std::move(*tp));
}

FixtureCatalog& FixtureCatalog::add_function(KernelFunction fn) {
  auto pos = std::lower_bound(function_names_.begin(), function_names_.end(), fn.name);
  if (pos == function_names_.end() || *pos != fn.name) function_names_.insert(pos, fn.name);
  functions_[fn.name] = std::move(fn);
  return *this;
}

FixtureCatalog& FixtureCatalog::set_support(ProbeType type, ProbeSupport support) {
  support_[type] = std::move(support);
  return *this;
}

FixtureCatalog& FixtureCatalog::set_bpftrace_version(int major, int minor, int patch) {
  std::string path = bpftrace_.path;
  bpftrace_ = parse_bpftrace_version(fmt::format("bpftrace v{}.{}.{}", major, minor, patch));
  bpftrace_.path = path;
  return *this;
}

FixtureCatalog& FixtureCatalog::set_facts(MachineFacts facts) {
  facts_ = std::move(facts);
  bpftrace_ = facts_.bpftrace;
  kernel_.tracefs = facts_.tracefs;
  kernel_.btf = facts_.btf;
  return *this;
}

FixtureCatalog& FixtureCatalog::add_binary(std::string name, std::string path,
                                           std::vector<std::string> symbols) {
  std::sort(symbols.begin(), symbols.end());
  symbols.erase(std::unique(symbols.begin(), symbols.end()), symbols.end());
  symbols_[path] = std::move(symbols);
  binaries_[std::move(name)] = std::move(path);
  return *this;
}

ProbeSupport FixtureCatalog::support(ProbeType type) const {
  if (auto it = support_.find(type); it != support_.end()) return it->second;
  MachineFacts facts = facts_;
  facts.bpftrace = bpftrace_;
  facts.tracefs = kernel_.tracefs;
  facts.btf = kernel_.btf;
  return decide_support(type, facts);
}

std::optional<Tracepoint> FixtureCatalog::tracepoint(std::string_view category, std::string_view name) const {
  auto it = tracepoints_.find(fmt::format("{}:{}", category, name));
  if (it == tracepoints_.end()) return std::nullopt;
  return it->second;
}

std::optional<KernelFunction> FixtureCatalog::kernel_function(std::string_view name) const {
  auto it = functions_.find(name);
  if (it == functions_.end()) return std::nullopt;
  return it->second;
}

Result<std::string> FixtureCatalog::resolve_binary(std::string_view name) const {
  if (auto it = binaries_.find(name); it != binaries_.end()) return it->second;
  if (symbols_.find(name) != symbols_.end()) return std::string(name);  // already a known path
  std::vector<std::string> known;
  for (const auto& [known_name, path] : binaries_) known.push_back(known_name);
  std::string message = fmt::format("no such binary '{}'", name);
  if (auto close = closest_names(name, known); !close.empty())
    message += fmt::format(" — did you mean {}?", join_alternatives(close));
  return fail(message, "give the full path of the executable or library");
}

bool FixtureCatalog::process_running(std::string_view name) const {
  return std::find(processes_.begin(), processes_.end(), name.substr(0, 15)) != processes_.end();
}

FixtureCatalog& FixtureCatalog::add_process(std::string comm) {
  processes_.push_back(comm.substr(0, 15));
  return *this;
}

Result<std::vector<std::string>> FixtureCatalog::user_symbols(const std::string& path) const {
  if (auto it = symbols_.find(path); it != symbols_.end()) return it->second;
  return fail(fmt::format("cannot open '{}': No such file or directory", path), "check the path");
}

FixtureCatalog load_fixture_catalog(const std::string& tracefs_dir) {
  namespace fs = std::filesystem;
  FixtureCatalog catalog;
  catalog.kernel_.tracefs = tracefs_dir;
  std::error_code ec;
  for (const auto& category : fs::directory_iterator(fs::path(tracefs_dir) / "events", ec)) {
    std::error_code ec2;
    if (!category.is_directory(ec2)) continue;
    for (const auto& event : fs::directory_iterator(category.path(), ec2)) {
      std::ifstream in(event.path() / "format");
      if (!in) continue;
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto tp = parse_tracepoint(category.path().filename().string(), event.path().filename().string(), text);
      if (tp) catalog.add_tracepoint(std::move(*tp));
    }
  }
  return catalog;
}

}  // namespace gpttrace
