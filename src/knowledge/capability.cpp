// Tool capability: requirement tables and their evaluation against the catalog and host facts.
#include "knowledge/capability.h"

#include <bpf/btf.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <map>
#include <set>

namespace gpttrace {

namespace {

// libbpf-tools 0.26, measured here: each tool run once on a kernel with tracepoints and uprobes but
// neither kprobes nor fentry. Groups are ANDed; "a|b" is an alternative that libbpf picks at load time.
const std::map<std::string, std::vector<std::string>, std::less<>>& libbpf_table() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> table = {
      {"bashreadline", {"uprobe"}},          {"bindsnoop", {"kprobe"}},
      {"biolatency", {"tracepoint"}},        {"biopattern", {"tracepoint"}},
      {"biosnoop", {"tracepoint", "kprobe|kfunc"}},  {"biostacks", {"kprobe|kfunc"}},
      {"biotop", {"kprobe"}},                {"bitesize", {"tracepoint"}},
      {"btrfsdist", {"kprobe|kfunc"}},       {"btrfsslower", {"kprobe|kfunc"}},
      {"cachestat", {"kprobe|kfunc"}},       {"capable", {"kprobe"}},
      {"cpudist", {"tracepoint"}},           {"cpufreq", {"tracepoint", "cpufreq"}},
      {"drsnoop", {"tracepoint"}},           {"execsnoop", {"tracepoint"}},
      {"exitsnoop", {"tracepoint"}},         {"ext4dist", {"kprobe|kfunc"}},
      {"ext4slower", {"kprobe|kfunc"}},      {"filelife", {"kprobe"}},
      {"filetop", {"kprobe"}},               {"fsdist", {"kprobe|kfunc"}},
      {"fsslower", {"kprobe|kfunc"}},        {"funclatency", {"kprobe"}},
      {"gethostlatency", {"uprobe"}},        {"hardirqs", {"tracepoint"}},
      {"javagc", {"usdt"}},                  {"killsnoop", {"tracepoint"}},
      {"klockstat", {"kprobe|kfunc"}},       {"ksnoop", {"kprobe|kfunc"}},
      {"llcstat", {"hardware"}},             {"mdflush", {"kprobe|kfunc"}},
      {"mountsnoop", {"tracepoint"}},        {"nfsdist", {"kprobe|kfunc"}},
      {"nfsslower", {"kprobe|kfunc"}},       {"numamove", {"kprobe|kfunc"}},
      {"offcputime", {"tracepoint"}},        {"oomkill", {"kprobe"}},
      {"opensnoop", {"tracepoint"}},         {"readahead", {"kprobe|kfunc"}},
      {"runqlat", {"tracepoint"}},           {"runqlen", {"profile", "cfs_rq.nr_running"}},
      {"runqslower", {"tracepoint"}},        {"sigsnoop", {"tracepoint"}},
      {"slabratetop", {"kprobe"}},           {"softirqs", {"tracepoint"}},
      {"solisten", {"kprobe|kfunc"}},        {"statsnoop", {"tracepoint"}},
      {"syscount", {"tracepoint"}},          {"tcpconnect", {"kprobe"}},
      {"tcpconnlat", {"kprobe|kfunc"}},      {"tcplife", {"tracepoint"}},
      {"tcprtt", {"kprobe|kfunc"}},          {"tcpstates", {"tracepoint"}},
      {"tcpsynbl", {"kprobe|kfunc"}},        {"tcptop", {"kprobe"}},
      {"tcptracer", {"kprobe"}},             {"vfsstat", {"kprobe|kfunc"}},
      {"wakeuptime", {"tracepoint"}},        {"xfsdist", {"kprobe|kfunc"}},
      {"xfsslower", {"kprobe|kfunc"}},
  };
  return table;
}

// Section kind or bpftrace probe type -> the capability it needs.
std::string requirement_of_kind(const std::string& kind) {
  static const std::map<std::string, std::string, std::less<>> map = {
      {"kprobe", "kprobe"},         {"kretprobe", "kprobe"},      {"ksyscall", "kprobe"},
      {"kretsyscall", "kprobe"},    {"fentry", "kfunc"},          {"fexit", "kfunc"},
      {"kfunc", "kfunc"},           {"kretfunc", "kfunc"},        {"lsm", "kfunc"},
      {"tracepoint", "tracepoint"}, {"tp_btf", "tracepoint"},     {"raw_tp", "tracepoint"},
      {"raw_tracepoint", "rawtracepoint"}, {"rawtracepoint", "rawtracepoint"},
      {"uprobe", "uprobe"},         {"uretprobe", "uprobe"},      {"usdt", "usdt"},
      {"perf_event", "profile"},    {"profile", "profile"},       {"software", "software"},
      {"hardware", "hardware"},     {"watchpoint", "watchpoint"}, {"iter", "iter"},
  };
  auto it = map.find(kind);
  return it == map.end() ? std::string() : it->second;
}

std::vector<std::string> requirements_from_kinds(const std::vector<std::string>& kinds, bool kernel_alternatives) {
  std::set<std::string> plain;
  std::set<std::string> kernel;  // kprobe/kfunc: libbpf-tools carry both and pick one at load time
  for (const std::string& kind : kinds) {
    std::string req = requirement_of_kind(kind);
    if (req.empty()) continue;
    if (kernel_alternatives && (req == "kprobe" || req == "kfunc")) kernel.insert(req);
    else plain.insert(req);
  }
  std::vector<std::string> out(plain.begin(), plain.end());
  if (!kernel.empty()) out.push_back(fmt::format("{}", fmt::join(kernel, "|")));
  return out;
}

bool exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

// One requirement; on failure `why` says what is missing.
bool satisfied(const std::string& req, const KernelCatalog& catalog, const HostFacts& host, std::string& why) {
  if (req == "headers") {
    why = fmt::format("BCC compiles its C at start and needs kernel headers for {} (no /lib/modules/{}/build)",
                      catalog.kernel().release, catalog.kernel().release);
    return host.kernel_headers;
  }
  if (req == "cpufreq") {
    why = "needs CPU frequency scaling (/sys/devices/system/cpu/cpu0/cpufreq), which this machine lacks";
    return host.cpufreq;
  }
  if (req == "cfs_rq.nr_running") {
    why = "reads struct cfs_rq.nr_running, which this kernel's BTF no longer has (CO-RE relocation fails)";
    return host.cfs_rq_nr_running;
  }
  std::optional<ProbeType> type = probe_type_from_name(req);
  if (!type) {
    why = fmt::format("needs '{}'", req);
    return false;
  }
  ProbeSupport support = catalog.support(*type);
  why = fmt::format("needs {} probes: {}", req, support.reason.empty() ? "not available here" : support.reason);
  return support.available;
}

}  // namespace

HostFacts probe_host_facts(const KernelCatalog& catalog) {
  HostFacts facts;
  std::string release = catalog.kernel().release;
  facts.kernel_headers = exists("/lib/modules/" + release + "/build/include") ||
                         exists("/sys/kernel/kheaders.tar.xz") || exists("/usr/src/linux-headers-" + release);
  facts.cpufreq = exists("/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq");
  static const bool nr_running = [] {
    btf* vmlinux = btf__load_vmlinux_btf();
    if (!vmlinux) return true;  // unknown: let the tool try
    bool found = false;
    int id = btf__find_by_name_kind(vmlinux, "cfs_rq", BTF_KIND_STRUCT);
    if (id > 0) {
      const btf_type* t = btf__type_by_id(vmlinux, id);
      const btf_member* m = btf_members(t);
      for (int i = 0; i < btf_vlen(t) && !found; ++i, ++m) {
        const char* name = btf__name_by_offset(vmlinux, m->name_off);
        found = name && std::string_view(name) == "nr_running";
      }
    }
    btf__free(vmlinux);
    return found;
  }();
  facts.cfs_rq_nr_running = nr_running;
  return facts;
}

std::vector<std::string> tool_requirements(const InstalledTool& tool) {
  switch (tool.family) {
    case ToolFamily::Bcc: return {"headers"};
    case ToolFamily::Bpftrace: return requirements_from_kinds(tool.attach_kinds, false);
    case ToolFamily::Libbpf: {
      auto it = libbpf_table().find(tool.base);
      if (it != libbpf_table().end()) return it->second;
      return requirements_from_kinds(tool.attach_kinds, true);
    }
  }
  return {};
}

bool known_libbpf_tool(std::string_view name) { return libbpf_table().count(name) > 0; }

ToolCapability decide_capability(const InstalledTool& tool, const KernelCatalog& catalog, const HostFacts& host) {
  ToolCapability cap;
  cap.needs = tool_requirements(tool);
  cap.runnable = true;
  for (const std::string& group : cap.needs) {
    std::string first_why;
    bool any = false;
    size_t start = 0;
    while (start <= group.size() && !any) {
      size_t bar = group.find('|', start);
      std::string alt = group.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      std::string why;
      any = satisfied(alt, catalog, host, why);
      if (first_why.empty()) first_why = why;
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    if (!any) {
      cap.runnable = false;
      cap.reason = group.find('|') != std::string::npos
                       ? fmt::format("{} (and the fallback, {}, is not available either)", first_why,
                                     group.substr(group.find('|') + 1))
                       : first_why;
      break;
    }
  }
  return cap;
}

}  // namespace gpttrace
