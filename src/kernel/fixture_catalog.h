// A catalog built in memory for tests: a kernel with or without kprobes/kfunc, any bpftrace version.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kernel/catalog.h"

namespace gpttrace {

class FixtureCatalog : public KernelCatalog {
 public:
  FixtureCatalog();  // a kernel like this machine's: tracepoints and uprobes, no kprobes, no kfunc; bpftrace 0.17

  // Builders; each returns *this.
  FixtureCatalog& add_tracepoint(Tracepoint tp);
  // Parses a tracefs format file text (as under events/CAT/NAME/format).
  FixtureCatalog& add_tracepoint_format(std::string_view category, std::string_view name,
                                        std::string_view format_text);
  FixtureCatalog& add_function(KernelFunction fn);
  FixtureCatalog& set_support(ProbeType type, ProbeSupport support);
  FixtureCatalog& set_bpftrace_version(int major, int minor, int patch);
  FixtureCatalog& add_binary(std::string name, std::string path, std::vector<std::string> symbols);

  KernelInfo kernel() const override { return kernel_; }
  BpftraceInfo bpftrace() const override { return bpftrace_; }
  ProbeSupport support(ProbeType type) const override;
  const std::vector<std::string>& tracepoint_names() const override { return tracepoint_names_; }
  std::optional<Tracepoint> tracepoint(std::string_view category, std::string_view name) const override;
  const std::vector<std::string>& kernel_function_names() const override { return function_names_; }
  std::optional<KernelFunction> kernel_function(std::string_view name) const override;
  Result<std::string> resolve_binary(std::string_view name) const override;
  Result<std::vector<std::string>> user_symbols(const std::string& path) const override;

  KernelInfo kernel_;
  BpftraceInfo bpftrace_;

 private:
  std::map<std::string, Tracepoint, std::less<>> tracepoints_;
  std::vector<std::string> tracepoint_names_;
  std::map<std::string, KernelFunction, std::less<>> functions_;
  std::vector<std::string> function_names_;
  std::map<ProbeType, ProbeSupport> support_;
  std::map<std::string, std::string, std::less<>> binaries_;           // name -> path
  std::map<std::string, std::vector<std::string>, std::less<>> symbols_;  // path -> symbols
};

// Parses a tracefs `format` file into fields (common_* fields included, flagged `common`).
Result<std::vector<TracepointField>> parse_tracepoint_format(std::string_view format_text);

// Parses `bpftrace --version` output ("bpftrace v0.17.0") into the dialect flags.
BpftraceInfo parse_bpftrace_version(std::string_view version_output);

}  // namespace gpttrace
