// Whether an installed tool can run on this machine, decided from evidence, with the reason when not.
#pragma once

#include <string>
#include <vector>

#include "kernel/catalog.h"
#include "knowledge/tools.h"

namespace gpttrace {

// Facts about the host beyond the catalog that some tools need.
struct HostFacts {
  bool kernel_headers = false;  // /lib/modules/RELEASE/build or /sys/kernel/kheaders.tar.xz (BCC compiles C)
  bool cpufreq = false;         // /sys/devices/system/cpu/cpu0/cpufreq (cpufreq)
  bool cfs_rq_nr_running = true;  // struct cfs_rq has nr_running in BTF (runqlen's CO-RE relocation)
};

// Probes the live host (a few stat calls and, once, a BTF lookup).
HostFacts probe_host_facts(const KernelCatalog& catalog);

struct ToolCapability {
  bool runnable = false;
  std::string reason;               // when not runnable: one line, e.g. "needs kprobes: CONFIG_KPROBES is off ..."
  std::vector<std::string> needs;   // requirement groups, "kprobe|kfunc" meaning either one suffices
};

// What the tool needs, in requirement groups: libbpf-tools 0.26 from a table measured on a kernel without
// kprobes or fentry (every tool run once: tools whose section names say kprobe but that attach uprobes,
// like gethostlatency, are listed as uprobe); unknown libbpf tools from their section kinds; bpftrace
// tools from their probe types; BCC tools need kernel headers.
std::vector<std::string> tool_requirements(const InstalledTool& tool);

// Whether `name` is a libbpf-tools tool of the measured table (tool mapping tests check names against it).
bool known_libbpf_tool(std::string_view name);

// Decides runnability: every requirement group needs one alternative that works here.
ToolCapability decide_capability(const InstalledTool& tool, const KernelCatalog& catalog, const HostFacts& host);

}  // namespace gpttrace
