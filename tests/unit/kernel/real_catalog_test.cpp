// The real catalog on this machine: every expectation is derived from the machine itself (tracefs,
// /sys, the bpftrace in PATH), so the tests hold on any kernel.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "kernel/catalog.h"
#include "kernel/fixture_catalog.h"
#include "kernel/search.h"
#include "sys/process.h"
#include "test_util.h"

namespace gpttrace {
namespace {

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

class RealCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = make_real_catalog();
    tracefs_ = catalog_->kernel().tracefs;
  }
  std::unique_ptr<KernelCatalog> catalog_;
  std::string tracefs_;
};

TEST_F(RealCatalogTest, KernelInfo) {
  KernelInfo k = catalog_->kernel();
  EXPECT_FALSE(k.release.empty());
  EXPECT_FALSE(k.machine.empty());
  EXPECT_EQ(k.btf, ::access("/sys/kernel/btf/vmlinux", R_OK) == 0);
  if (!k.tracefs.empty()) {
    EXPECT_TRUE(std::filesystem::is_directory(k.tracefs + "/events"));
  } else {
    EXPECT_FALSE(std::filesystem::is_directory("/sys/kernel/tracing/events"));
  }
}

TEST_F(RealCatalogTest, TracepointNamesAreTheAvailableEvents) {
  ASSERT_FALSE(tracefs_.empty()) << "tracefs must be mounted (scripts/setup.sh mounts it)";
  std::istringstream events(test::read_text(tracefs_ + "/available_events"));
  std::set<std::string> available;
  for (std::string line; std::getline(events, line);) available.insert(line);
  const auto& names = catalog_->tracepoint_names();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), available);
}

TEST_F(RealCatalogTest, TracepointFieldsComeFromTheFormatFile) {
  ASSERT_FALSE(tracefs_.empty()) << "tracefs must be mounted (scripts/setup.sh mounts it)";
  const std::string format = tracefs_ + "/events/syscalls/sys_enter_openat/format";
  auto tp = catalog_->tracepoint("syscalls", "sys_enter_openat");
  ASSERT_EQ(tp.has_value(), exists(format));
  if (!tp) return;
  auto all = parse_tracepoint_format(test::read_text(format));
  ASSERT_TRUE(all);
  size_t non_common = std::count_if(all->begin(), all->end(), [](const auto& f) { return !f.common; });
  EXPECT_EQ(tp->fields.size(), non_common);
  for (const auto& f : tp->fields) EXPECT_FALSE(f.common);
  EXPECT_FALSE(catalog_->tracepoint("syscalls", "sys_enter_no_such_call"));
  EXPECT_FALSE(catalog_->tracepoint("..", "sched"));
  EXPECT_FALSE(catalog_->tracepoint("sched/../sched", "sched_switch"));
  EXPECT_FALSE(catalog_->tracepoint("ftrace", "function"));  // a record format, not a tracepoint
}

TEST_F(RealCatalogTest, SupportIsDetectedFromTheMachine) {
  const bool has_tracefs = !tracefs_.empty();
  EXPECT_EQ(catalog_->support(ProbeType::Tracepoint).available, has_tracefs);
  const bool kprobe_events = has_tracefs && exists(tracefs_ + "/kprobe_events");
  for (ProbeType t : {ProbeType::Kprobe, ProbeType::Kretprobe}) {
    ProbeSupport s = catalog_->support(t);
    EXPECT_EQ(s.available, kprobe_events);
    if (!s.available) {
      EXPECT_FALSE(s.reason.empty());
      EXPECT_FALSE(s.alternative.empty());
    }
  }
  const bool uprobes =
      (has_tracefs && exists(tracefs_ + "/uprobe_events")) || exists("/sys/bus/event_source/devices/uprobe");
  EXPECT_EQ(catalog_->support(ProbeType::Uprobe).available, uprobes);
  EXPECT_EQ(catalog_->support(ProbeType::Usdt).available, uprobes);
  const bool perf = exists("/proc/sys/kernel/perf_event_paranoid");
  EXPECT_EQ(catalog_->support(ProbeType::Profile).available, perf);
  EXPECT_EQ(catalog_->support(ProbeType::Software).available, perf);
  auto has_events = [](const std::string& dir) {
    std::error_code ec;
    return std::filesystem::directory_iterator(dir, ec) != std::filesystem::directory_iterator();
  };
  const bool pmu = has_events("/sys/bus/event_source/devices/cpu/events") ||
                   has_events("/sys/bus/event_source/devices/cpu_core/events");
  EXPECT_EQ(catalog_->support(ProbeType::Hardware).available, perf && pmu);
  EXPECT_TRUE(catalog_->support(ProbeType::Begin).available);
  EXPECT_TRUE(catalog_->support(ProbeType::End).available);
}

TEST_F(RealCatalogTest, BpftraceFromPathAndItsOwnAnswers) {
  auto path = find_executable("bpftrace");
  BpftraceInfo b = catalog_->bpftrace();
  ASSERT_EQ(b.found, path.has_value());
  ASSERT_TRUE(path) << "bpftrace must be installed (scripts/setup.sh)";
  EXPECT_TRUE(b.path.starts_with("/"));
  EXPECT_EQ(std::filesystem::equivalent(b.path, *path), true);
  auto version = run_and_capture({*path, "--version"});
  ASSERT_TRUE(version);
  EXPECT_EQ(b.version, parse_bpftrace_version(version->out + version->err).version);
  auto info = run_and_capture({*path, "--info"});
  ASSERT_TRUE(info);
  auto features = parse_bpftrace_info(info->out + info->err);
  const bool kfunc = features["kfunc"] == "yes" && catalog_->kernel().btf;
  EXPECT_EQ(catalog_->support(ProbeType::Kfunc).available, kfunc);
  EXPECT_EQ(catalog_->support(ProbeType::RawTracepoint).available, b.at_least(0, 19));
}

TEST_F(RealCatalogTest, KernelFunctionsFromBtf) {
  const auto& names = catalog_->kernel_function_names();
  if (!catalog_->kernel().btf) {
    EXPECT_TRUE(names.empty());
    return;
  }
  ASSERT_GT(names.size(), 1000u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  ASSERT_TRUE(std::binary_search(names.begin(), names.end(), "vfs_read"));
  auto fn = catalog_->kernel_function("vfs_read");
  ASSERT_TRUE(fn);
  EXPECT_EQ(fn->return_type, "ssize_t");
  ASSERT_EQ(fn->params.size(), 4u);
  EXPECT_EQ(fn->params[0].name, "file");
  EXPECT_EQ(fn->params[0].type, "struct file *");
  EXPECT_EQ(fn->params[1].type, "char *");
  EXPECT_EQ(fn->params[2].type, "size_t");
  EXPECT_EQ(fn->params[3].type, "loff_t *");
  EXPECT_FALSE(catalog_->kernel_function("no_such_function_in_any_kernel"));
}

TEST_F(RealCatalogTest, ResolvesLibcAndFindsMalloc) {
  auto libc = catalog_->resolve_binary("libc");
  ASSERT_TRUE(libc) << libc.error().message;
  EXPECT_TRUE(libc->starts_with("/"));
  EXPECT_FALSE(std::filesystem::is_symlink(*libc));
  auto symbols = catalog_->user_symbols(*libc);
  ASSERT_TRUE(symbols) << symbols.error().message;
  EXPECT_TRUE(std::binary_search(symbols->begin(), symbols->end(), "malloc"));
  EXPECT_TRUE(std::is_sorted(symbols->begin(), symbols->end()));
  for (const auto& s : *symbols) EXPECT_EQ(s.find('@'), std::string::npos) << s;
  EXPECT_EQ(*catalog_->resolve_binary("libc.so.6"), *libc);
}

TEST_F(RealCatalogTest, SearchOnTheLiveCatalog) {
  ASSERT_FALSE(tracefs_.empty()) << "tracefs must be mounted (scripts/setup.sh mounts it)";
  auto matches = search_probes(*catalog_, "what can I trace about tcp?");
  ASSERT_FALSE(matches.empty());
  EXPECT_TRUE(matches[0].probe.starts_with("tracepoint:tcp:")) << matches[0].probe;
  for (const auto& m : matches) {
    if (m.type == ProbeType::Kprobe || m.type == ProbeType::Kfunc) {
      EXPECT_EQ(m.attachable, catalog_->support(m.type).available) << m.probe;
    }
  }
}

}  // namespace
}  // namespace gpttrace
