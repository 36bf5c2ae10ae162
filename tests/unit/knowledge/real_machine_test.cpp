// Against this machine (root, real bpftrace): every example passes gpttrace's checks and bpftrace's
// compile check, and the capability table agrees with what the installed tools do when run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <future>
#include <mutex>

#include "check/checks.h"
#include "check/compile_check.h"
#include "check/parser.h"
#include "knowledge/capability.h"
#include "knowledge/examples.h"
#include "knowledge/tools.h"
#include "sys/process.h"

namespace gpttrace {
namespace {

// Runs `work(i)` for i in [0, n) on `threads` threads.
template <typename Work>
void parallel_for(size_t n, size_t threads, Work work) {
  std::atomic<size_t> next{0};
  std::vector<std::future<void>> pool;
  for (size_t t = 0; t < threads; ++t) {
    pool.push_back(std::async(std::launch::async, [&] {
      for (size_t i = next++; i < n; i = next++) work(i);
    }));
  }
  for (auto& f : pool) f.get();
}

class RealMachine : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    catalog_ = make_real_catalog();
    if (!catalog_->bpftrace().found || catalog_->tracepoint_names().empty()) GTEST_SKIP() << "needs bpftrace and tracefs";
  }
  std::unique_ptr<KernelCatalog> catalog_;
};

TEST_F(RealMachine, EveryExamplePassesTheChecksAndCompiles) {
  auto examples = load_examples(std::string(GPTTRACE_KNOWLEDGE_DIR) + "/examples");
  ASSERT_TRUE(examples) << examples.error().message;
  std::mutex mu;
  size_t compiled = 0, skipped = 0;
  parallel_for(examples->size(), 3, [&](size_t i) {
    const Example& ex = (*examples)[i];
    bool supported = std::all_of(ex.needs.begin(), ex.needs.end(), [&](const std::string& n) {
      auto type = probe_type_from_name(n);
      return type && catalog_->support(*type).available;
    });
    Diagnostics diags;
    ParsedProgram parsed = parse_program(ex.source, diags);
    if (supported) check_program(parsed, *catalog_, CheckOptions{}, diags);
    Diagnostics compile;
    // Unsupported probe types fail bpftrace's compile here too (kfunc) or only at attach (kprobe).
    Result<void> ran = supported ? compile_check(catalog_->bpftrace(), ex.source, false, compile) : Result<void>{};
    std::lock_guard lock(mu);
    EXPECT_FALSE(diags.has_errors()) << ex.id << ":\n" << diags.format(ex.source, ex.id);
    ASSERT_TRUE(ran) << ex.id << ": " << ran.error().message;
    EXPECT_FALSE(compile.has_errors()) << ex.id << ":\n" << compile.format(ex.source, ex.id);
    (supported ? compiled : skipped)++;
  });
  EXPECT_GE(compiled, 100u);
  EXPECT_LE(skipped, 10u);
}

// Each installed libbpf tool started with no arguments for 1.2 s: still running (or done cleanly) means
// its programs loaded and attached; a quick non-zero exit means they did not. Tools that need arguments
// (fsdist -t, funclatency FUNC, ...) exit with a usage message and are not judged.
TEST_F(RealMachine, CapabilityTableMatchesWhatToolsDo) {
  std::vector<InstalledTool> tools;
  for (InstalledTool& t : discover_tools(ToolSources{})) {
    if (t.family == ToolFamily::Libbpf) tools.push_back(std::move(t));
  }
  if (tools.empty()) GTEST_SKIP() << "libbpf-tools is not installed";
  HostFacts host = probe_host_facts(*catalog_);
  std::mutex mu;
  size_t judged = 0;
  parallel_for(tools.size(), 4, [&](size_t i) {
    const InstalledTool& tool = tools[i];
    Result<CapturedRun> run = run_and_capture({tool.path}, std::nullopt, std::chrono::milliseconds(1200));
    if (!run) return;
    std::string all = run->out + run->err;
    bool usage = all.find("sage") != std::string::npos || all.find("must be specified") != std::string::npos ||
                 all.find("Need a") != std::string::npos || (tool.base == "javagc" && all.empty());
    if (usage && !run->timed_out) return;
    // Some tools print a libbpf or perf failure and still exit 0 (biotop, llcstat).
    bool failed = all.find("failed to") != std::string::npos && all.find("failed to get syms") == std::string::npos;
    bool ran = (run->timed_out || run->exit_code == 0) && !failed;
    ToolCapability cap = decide_capability(tool, *catalog_, host);
    std::lock_guard lock(mu);
    ++judged;
    EXPECT_EQ(cap.runnable, ran) << tool.name << ": predicted " << (cap.runnable ? "runs" : "fails: " + cap.reason)
                                 << "; observed exit " << run->exit_code << "\n" << all.substr(0, 400);
  });
  EXPECT_GE(judged, tools.size() / 2);
}

}  // namespace
}  // namespace gpttrace
