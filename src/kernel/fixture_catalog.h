// A catalog built in memory for tests: a kernel with or without kprobes/kfunc, any bpftrace version.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/catalog.h"
#include "kernel/support_rules.h"

namespace gpttrace {

class FixtureCatalog : public KernelCatalog {
 public:
  // A kernel like this machine's: tracepoints and uprobes, no kprobes, no kfunc; bpftrace 0.17.
  FixtureCatalog();

  // Builders; each returns *this.
  FixtureCatalog& add_tracepoint(Tracepoint tp);
  // Parses a tracefs format file text (as under events/CAT/NAME/format); common_* fields are dropped.
  // Throws std::invalid_argument when the text does not parse (a broken test setup).
  FixtureCatalog& add_tracepoint_format(std::string_view category, std::string_view name,
                                        std::string_view format_text);
  FixtureCatalog& add_function(KernelFunction fn);
  FixtureCatalog& set_support(ProbeType type, ProbeSupport support);  // overrides the rules for `type`
  // Sets bpftrace_ as parse_bpftrace_version would (dialect flags, rawtracepoint support follow).
  FixtureCatalog& set_bpftrace_version(int major, int minor, int patch);
  // Replaces the machine facts the probe-type rules read (see support_rules.h), including bpftrace_,
  // kernel_.tracefs and kernel_.btf; set_support overrides stay.
  FixtureCatalog& set_facts(MachineFacts facts);
  FixtureCatalog& add_binary(std::string name, std::string path, std::vector<std::string> symbols);

  KernelInfo kernel() const override { return kernel_; }
  BpftraceInfo bpftrace() const override { return bpftrace_; }
  ProbeSupport support(ProbeType type) const override;
  const std::vector<std::string>& tracepoint_names() const override { return tracepoint_names_; }
  std::optional<Tracepoint> tracepoint(std::string_view category, std::string_view name) const override;
  const std::vector<std::string>& kernel_function_names() const override { return function_names_; }
  std::optional<KernelFunction> kernel_function(std::string_view name) const override;
  Result<std::string> resolve_binary(std::string_view name) const override;
  bool process_running(std::string_view name) const override;
  FixtureCatalog& add_process(std::string comm);
  Result<std::vector<std::string>> user_symbols(const std::string& path) const override;

  KernelInfo kernel_;
  BpftraceInfo bpftrace_;

 private:
  std::map<std::string, Tracepoint, std::less<>> tracepoints_;
  std::vector<std::string> tracepoint_names_;
  std::map<std::string, KernelFunction, std::less<>> functions_;
  std::vector<std::string> function_names_;
  // support() applies decide_support to facts_ (with bpftrace_, kernel_.tracefs and kernel_.btf put in,
  // so edits of those public members count) unless set_support overrode the type in support_.
  MachineFacts facts_;
  std::map<ProbeType, ProbeSupport> support_;
  std::map<std::string, std::string, std::less<>> binaries_;           // name -> path
  std::map<std::string, std::vector<std::string>, std::less<>> symbols_;  // path -> symbols
  std::vector<std::string> processes_;                                   // comms of "running" processes
};

// Parses a tracefs `format` file into fields (common_* fields included, flagged `common`).
Result<std::vector<TracepointField>> parse_tracepoint_format(std::string_view format_text);

// A tracepoint from its format file text, common_* fields dropped (as in Tracepoint::fields).
Result<Tracepoint> parse_tracepoint(std::string_view category, std::string_view name,
                                    std::string_view format_text);

// Parses `bpftrace --version` output ("bpftrace v0.17.0") into the dialect flags. `found` is true when a
// version was recognised; `path` is left empty.
BpftraceInfo parse_bpftrace_version(std::string_view version_output);

// Parses `bpftrace --info` output into "key" -> "value" for every "  key: value" line, keys and values
// trimmed ("kfunc" -> "no", "iter:task" -> "no", "btf" -> "yes"). A later duplicate key wins.
std::map<std::string, std::string> parse_bpftrace_info(std::string_view info_output);

// Loads every events/CAT/NAME/format file under a captured tracefs directory into a FixtureCatalog with
// the default (this machine's) probe support. Unreadable or unparsable format files are skipped.
FixtureCatalog load_fixture_catalog(const std::string& tracefs_dir);

}  // namespace gpttrace
