// Capability decisions against a fixture kernel without kprobes or fentry, and the section scan.
#include <gtest/gtest.h>

#include "kernel/fixture_catalog.h"
#include "knowledge/capability.h"

namespace gpttrace {
namespace {

InstalledTool libbpf(const char* name, std::vector<std::string> kinds = {}) {
  InstalledTool t;
  t.name = t.base = name;
  t.family = ToolFamily::Libbpf;
  t.attach_kinds = std::move(kinds);
  return t;
}

TEST(Capability, TracepointToolsRunKprobeToolsDoNot) {
  FixtureCatalog catalog;  // no kprobes, no kfunc
  HostFacts host;
  EXPECT_TRUE(decide_capability(libbpf("execsnoop"), catalog, host).runnable);
  EXPECT_TRUE(decide_capability(libbpf("runqlat"), catalog, host).runnable);
  EXPECT_TRUE(decide_capability(libbpf("gethostlatency"), catalog, host).runnable);  // uprobes despite its sections
  ToolCapability tcpconnect = decide_capability(libbpf("tcpconnect"), catalog, host);
  EXPECT_FALSE(tcpconnect.runnable);
  EXPECT_NE(tcpconnect.reason.find("kprobe"), std::string::npos) << tcpconnect.reason;
  ToolCapability vfsstat = decide_capability(libbpf("vfsstat"), catalog, host);
  EXPECT_FALSE(vfsstat.runnable);
  EXPECT_NE(vfsstat.reason.find("fallback"), std::string::npos) << vfsstat.reason;
}

TEST(Capability, KprobeToolsRunWhereKprobesWork) {
  FixtureCatalog catalog;
  catalog.set_support(ProbeType::Kprobe, ProbeSupport{true, "", ""});
  EXPECT_TRUE(decide_capability(libbpf("tcpconnect"), catalog, HostFacts{}).runnable);
  EXPECT_TRUE(decide_capability(libbpf("vfsstat"), catalog, HostFacts{}).runnable);
}

TEST(Capability, HostFactsMatter) {
  FixtureCatalog catalog;
  HostFacts host;
  host.cfs_rq_nr_running = false;
  EXPECT_FALSE(decide_capability(libbpf("runqlen"), catalog, host).runnable);
  EXPECT_FALSE(decide_capability(libbpf("cpufreq"), catalog, host).runnable);
  InstalledTool bcc;
  bcc.name = "execsnoop-bpfcc";
  bcc.base = "execsnoop";
  bcc.family = ToolFamily::Bcc;
  ToolCapability c = decide_capability(bcc, catalog, host);
  EXPECT_FALSE(c.runnable);
  EXPECT_NE(c.reason.find("kernel headers"), std::string::npos);
  host.kernel_headers = true;
  EXPECT_TRUE(decide_capability(bcc, catalog, host).runnable);
}

TEST(Capability, UnknownToolsJudgedByTheirSections) {
  FixtureCatalog catalog;
  EXPECT_TRUE(decide_capability(libbpf("newtool", {"tracepoint", "tp_btf"}), catalog, HostFacts{}).runnable);
  EXPECT_FALSE(decide_capability(libbpf("newtool", {"tracepoint", "kprobe", "fentry"}), catalog, HostFacts{}).runnable);
}

TEST(Capability, BpftraceToolsJudgedByTheirProbeTypes) {
  FixtureCatalog catalog;
  InstalledTool bt;
  bt.name = "tcpconnect.bt";
  bt.family = ToolFamily::Bpftrace;
  bt.attach_kinds = {"BEGIN", "kprobe"};
  EXPECT_FALSE(decide_capability(bt, catalog, HostFacts{}).runnable);
  bt.attach_kinds = {"BEGIN", "tracepoint"};
  EXPECT_TRUE(decide_capability(bt, catalog, HostFacts{}).runnable);
}

TEST(SectionScan, FindsProgramSectionsNotLibbpfStrings) {
  using namespace std::string_literals;
  std::string binary = "junk\0kprobe/\0kretsyscall/\0tracepoint/syscalls/sys_enter_execve\0fentry/vfs_read\0"s;
  EXPECT_EQ(bpf_section_kinds(binary), (std::vector<std::string>{"fentry", "tracepoint"}));
}

}  // namespace
}  // namespace gpttrace
