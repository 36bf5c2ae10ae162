// Probe-type support rules: each type follows the fact it depends on, and unavailable types say why.
#include "kernel/support_rules.h"

#include <gtest/gtest.h>

#include "kernel/fixture_catalog.h"

namespace gpttrace {
namespace {

// A machine where everything works; each test takes one fact away.
MachineFacts full_machine() {
  MachineFacts f;
  f.tracefs = "/sys/kernel/tracing";
  f.kprobe_events = f.uprobes = f.perf_events = f.cpu_pmu = f.breakpoint_pmu = f.btf = true;
  f.bpftrace = parse_bpftrace_version("bpftrace v0.20.0");
  f.bpftrace_features = {{"kfunc", "yes"}, {"iter:task", "yes"}, {"kprobe", "yes"}};
  return f;
}

TEST(SupportRules, EverythingAttachesOnAFullMachine) {
  MachineFacts f = full_machine();
  for (int i = 0; i <= static_cast<int>(ProbeType::Iter); ++i) {
    ProbeSupport s = decide_support(static_cast<ProbeType>(i), f);
    EXPECT_TRUE(s.available) << probe_type_name(static_cast<ProbeType>(i)) << ": " << s.reason;
    EXPECT_TRUE(s.reason.empty());
  }
}

TEST(SupportRules, KprobesFollowKprobeEventsNotBpftraceInfo) {
  MachineFacts f = full_machine();
  f.kprobe_events = false;  // bpftrace --info still says "kprobe: yes"
  for (ProbeType t : {ProbeType::Kprobe, ProbeType::Kretprobe}) {
    ProbeSupport s = decide_support(t, f);
    EXPECT_FALSE(s.available);
    EXPECT_NE(s.reason.find("kprobe_events"), std::string::npos) << s.reason;
  }
  EXPECT_EQ(decide_support(ProbeType::Kprobe, f).alternative, "kfunc");  // kfunc works on this machine
  EXPECT_EQ(decide_support(ProbeType::Kretprobe, f).alternative, "kretfunc");
  f.bpftrace_features["kfunc"] = "no";
  EXPECT_EQ(decide_support(ProbeType::Kprobe, f).alternative, "tracepoint");
}

TEST(SupportRules, KfuncNeedsBpftraceAndBtf) {
  MachineFacts f = full_machine();
  f.bpftrace_features["kfunc"] = "no";
  ProbeSupport s = decide_support(ProbeType::Kfunc, f);
  EXPECT_FALSE(s.available);
  EXPECT_NE(s.reason.find("kfunc: no"), std::string::npos) << s.reason;
  EXPECT_EQ(s.alternative, "kprobe");
  EXPECT_EQ(decide_support(ProbeType::Kretfunc, f).alternative, "kretprobe");

  f = full_machine();
  f.btf = false;
  s = decide_support(ProbeType::Kfunc, f);
  EXPECT_FALSE(s.available);
  EXPECT_NE(s.reason.find("BTF"), std::string::npos) << s.reason;
}

TEST(SupportRules, TracefsMissing) {
  MachineFacts f = full_machine();
  f.tracefs.clear();
  for (ProbeType t : {ProbeType::Tracepoint, ProbeType::Kprobe}) {
    ProbeSupport s = decide_support(t, f);
    EXPECT_FALSE(s.available);
    EXPECT_NE(s.reason.find("mount -t tracefs"), std::string::npos) << s.reason;
  }
}

TEST(SupportRules, RawTracepointFollowsTheBpftraceVersion) {
  MachineFacts f = full_machine();
  f.bpftrace = parse_bpftrace_version("bpftrace v0.17.0");
  ProbeSupport s = decide_support(ProbeType::RawTracepoint, f);
  EXPECT_FALSE(s.available);
  EXPECT_NE(s.reason.find("0.17.0"), std::string::npos) << s.reason;
  EXPECT_EQ(s.alternative, "tracepoint");
  f.bpftrace = parse_bpftrace_version("bpftrace v0.19.0");
  EXPECT_TRUE(decide_support(ProbeType::RawTracepoint, f).available);
}

TEST(SupportRules, HardwareNeedsACpuPmu) {
  MachineFacts f = full_machine();
  f.cpu_pmu = false;
  ProbeSupport s = decide_support(ProbeType::Hardware, f);
  EXPECT_FALSE(s.available);
  EXPECT_EQ(s.alternative, "software");
  EXPECT_TRUE(decide_support(ProbeType::Software, f).available);
}

TEST(SupportRules, PerfEventsUprobesIterAndBpftraceMissing) {
  MachineFacts f = full_machine();
  f.perf_events = false;
  for (ProbeType t : {ProbeType::Profile, ProbeType::Interval, ProbeType::Software, ProbeType::Hardware,
                      ProbeType::Watchpoint})
    EXPECT_FALSE(decide_support(t, f).available) << probe_type_name(t);
  f = full_machine();
  f.uprobes = false;
  for (ProbeType t : {ProbeType::Uprobe, ProbeType::Uretprobe, ProbeType::Usdt})
    EXPECT_FALSE(decide_support(t, f).available) << probe_type_name(t);
  f = full_machine();
  f.bpftrace_features = {{"iter:task", "no"}, {"iter:task_file", "no"}, {"kfunc", "yes"}};
  EXPECT_FALSE(decide_support(ProbeType::Iter, f).available);
  f = full_machine();
  f.bpftrace = BpftraceInfo{};
  EXPECT_FALSE(decide_support(ProbeType::Kfunc, f).available);
  EXPECT_FALSE(decide_support(ProbeType::Iter, f).available);
  EXPECT_TRUE(decide_support(ProbeType::Tracepoint, f).available);
  EXPECT_TRUE(decide_support(ProbeType::Begin, f).available);
}

TEST(SupportRules, EveryUnavailableTypeSaysWhyInOneLine) {
  MachineFacts none;  // nothing detected at all
  for (int i = 0; i <= static_cast<int>(ProbeType::Iter); ++i) {
    auto t = static_cast<ProbeType>(i);
    ProbeSupport s = decide_support(t, none);
    if (s.available) continue;
    EXPECT_FALSE(s.reason.empty()) << probe_type_name(t);
    EXPECT_EQ(s.reason.find('\n'), std::string::npos) << s.reason;
    if (!s.alternative.empty()) {
      EXPECT_TRUE(probe_type_from_name(s.alternative).has_value()) << s.alternative;
    }
  }
}

}  // namespace
}  // namespace gpttrace
