// `gpttrace probes [PATTERN]`: what this machine can trace, searched and explained, as text or JSON.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "pipeline/environment.h"
#include "common/exit_codes.h"
#include "kernel/catalog.h"
#include "kernel/search.h"

namespace gpttrace {

namespace {


// "tracepoint:cat:name" -> the tracepoint, for -v and --json details.
std::optional<Tracepoint> tracepoint_of(const KernelCatalog& catalog, const ProbeMatch& match) {
  if (match.type != ProbeType::Tracepoint) return std::nullopt;
  std::string_view rest = std::string_view(match.probe).substr(match.probe.find(':') + 1);
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return catalog.tracepoint(rest.substr(0, colon), rest.substr(colon + 1));
}

std::optional<KernelFunction> function_of(const KernelCatalog& catalog, const ProbeMatch& match) {
  bool function_probe = match.type == ProbeType::Kprobe || match.type == ProbeType::Kfunc ||
                        match.type == ProbeType::Kretprobe || match.type == ProbeType::Kretfunc;
  if (!function_probe) return std::nullopt;
  return catalog.kernel_function(std::string_view(match.probe).substr(match.probe.rfind(':') + 1));
}

int overview(const KernelCatalog& catalog, bool json) {
  KernelInfo kernel = catalog.kernel();
  BpftraceInfo bpftrace = catalog.bpftrace();
  if (json) {
    nlohmann::json types = nlohmann::json::object();
    for (ProbeType type : all_probe_types()) {
      ProbeSupport support = catalog.support(type);
      types[std::string(probe_type_name(type))] = {
          {"available", support.available}, {"reason", support.reason}, {"alternative", support.alternative}};
    }
    nlohmann::json out = {{"kernel", kernel.release},
                          {"bpftrace", bpftrace.found ? bpftrace.version : ""},
                          {"tracepoints", catalog.tracepoint_names().size()},
                          {"kernel_functions", catalog.kernel_function_names().size()},
                          {"probe_types", types}};
    std::cout << out.dump(2) << '\n';
    return kExitOk;
  }
  std::cout << fmt::format("kernel {} ({}), bpftrace {}, {} tracepoints, {} kernel functions in BTF\n\n",
                           kernel.release, kernel.machine, bpftrace.found ? bpftrace.version : "not installed",
                           catalog.tracepoint_names().size(), catalog.kernel_function_names().size());
  for (ProbeType type : all_probe_types()) {
    ProbeSupport support = catalog.support(type);
    std::string line = fmt::format("  {:<14} {}", probe_type_name(type), support.available ? "yes" : "no");
    if (!support.available) {
      line += fmt::format("  {}", support.reason);
      if (!support.alternative.empty()) line += fmt::format(" (use {})", support.alternative);
    }
    std::cout << line << '\n';
  }
  std::cout << "\nsearch with: gpttrace probes PATTERN   (e.g. tcp, 'syscalls:sys_enter_open*', -v for fields)\n";
  return kExitOk;
}

}  // namespace

int probes_command(const Options& options) {
  if (auto tracefs = ensure_tracefs(); !tracefs) {
    print_error(tracefs.error().message, tracefs.error().fix);
    return kExitEnvironment;
  }
  std::unique_ptr<KernelCatalog> catalog = make_real_catalog();
  if (options.probes_pattern.empty()) return overview(*catalog, options.json);

  std::vector<ProbeMatch> matches = search_probes(*catalog, options.probes_pattern, options.verbose ? 200 : 50);
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const ProbeMatch& match : matches) {
      nlohmann::json item = {{"probe", match.probe},
                             {"type", std::string(probe_type_name(match.type))},
                             {"attachable", match.attachable}};
      if (auto tp = tracepoint_of(*catalog, match)) {
        nlohmann::json fields = nlohmann::json::array();
        for (const TracepointField& f : tp->fields) {
          fields.push_back({{"name", f.name}, {"type", f.type}, {"data_loc", f.data_loc}});
        }
        item["fields"] = fields;
      } else if (auto fn = function_of(*catalog, match)) {
        nlohmann::json params = nlohmann::json::array();
        for (const FunctionParam& p : fn->params) params.push_back({{"name", p.name}, {"type", p.type}});
        item["params"] = params;
      }
      out.push_back(item);
    }
    std::cout << out.dump(2) << '\n';
    return matches.empty() ? kExitUsage : kExitOk;
  }
  if (matches.empty()) {
    print_error(fmt::format("no probe matches '{}'", options.probes_pattern),
                "try a shorter word, or a glob such as 'syscalls:*open*'");
    return kExitUsage;
  }
  for (const ProbeMatch& match : matches) {
    std::string line = match.probe;
    if (!match.attachable) line += fmt::format("   (cannot attach here: {})", catalog->support(match.type).reason);
    std::cout << line << '\n';
    if (!options.verbose) continue;
    if (auto tp = tracepoint_of(*catalog, match)) {
      for (const TracepointField& f : tp->fields) {
        std::cout << fmt::format("    {} {};{}\n", f.type, f.name, f.data_loc ? "   (read with str())" : "");
      }
    } else if (auto fn = function_of(*catalog, match)) {
      for (const FunctionParam& p : fn->params) std::cout << fmt::format("    {} {}\n", p.type, p.name);
    }
  }
  return kExitOk;
}

}  // namespace gpttrace
