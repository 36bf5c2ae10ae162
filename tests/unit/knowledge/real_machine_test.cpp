// Against this machine (root, real bpftrace): every example passes gpttrace's checks and bpftrace's
// compile check, and the capability table agrees with what the installed tools do when run.
#include <gtest/gtest.h>
#include <poll.h>
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

// How an installed tool behaved when started with no arguments, judged at a point that does not depend on
// the machine's speed: its first stdout line (stdbuf makes stdout line-buffered; libbpf-tools print their
// header only once every program has attached), or its exit, whichever comes first. Only a tool that
// prints nothing until it ends (offcputime) is still running at `cap`, far beyond any failing tool's exit.
struct ToolStart {
  bool printed = false;  // a full stdout line before exiting: attached
  bool exited = false;
  int exit_code = -1;
  std::string output;    // stdout and stderr
};

Result<ToolStart> start_tool(const std::string& path, std::chrono::milliseconds cap) {
  SpawnOptions options;
  options.argv = {"stdbuf", "-oL", path};
  Result<ChildProcess> spawned = ChildProcess::spawn(options);
  if (!spawned) return tl::unexpected(spawned.error());
  ChildProcess& child = *spawned;
  ToolStart start;
  std::string out, err;
  auto read_into = [](int fd, std::string& text) {
    char buf[4096];
    ssize_t n = fd < 0 ? 0 : ::read(fd, buf, sizeof buf);
    if (n > 0) text.append(buf, static_cast<size_t>(n));
    return n > 0;
  };
  const auto deadline = std::chrono::steady_clock::now() + cap;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fds[2] = {{child.stdout_fd(), POLLIN, 0}, {child.stderr_fd(), POLLIN, 0}};
    ::poll(fds, 2, 50);
    if (fds[0].revents && !read_into(fds[0].fd, out)) child.close_stdout();
    if (fds[1].revents && !read_into(fds[1].fd, err)) child.close_stderr();
    if (std::optional<int> status = child.try_wait()) {
      while (read_into(child.stdout_fd(), out) || read_into(child.stderr_fd(), err)) {
      }
      start.exited = true;
      start.exit_code = ChildProcess::exit_code_of(*status);
      break;
    }
    if (out.find('\n') != std::string::npos) {
      start.printed = true;
      break;
    }
  }
  start.output = out + err;
  return start;  // a running tool is killed with its process group by ~ChildProcess
}

// Each installed libbpf tool started with no arguments: attached (its header printed), running until
// the cap, or done cleanly means its programs loaded and attached; a non-zero exit means they did not.
// Tools that need arguments (fsdist -t, funclatency FUNC, ...) exit with a usage message and are not judged.
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
    Result<ToolStart> run = start_tool(tool.path, std::chrono::seconds(10));
    if (!run) return;
    const std::string& all = run->output;
    bool usage = all.find("sage") != std::string::npos || all.find("must be specified") != std::string::npos ||
                 all.find("Need a") != std::string::npos || (tool.base == "javagc" && all.empty());
    if (usage && run->exited) return;
    // Some tools print a libbpf or perf failure and still exit 0 (biotop, llcstat).
    bool failed = all.find("failed to") != std::string::npos && all.find("failed to get syms") == std::string::npos;
    bool ran = (!run->exited || run->exit_code == 0) && !failed;
    ToolCapability cap = decide_capability(tool, *catalog_, host);
    std::lock_guard lock(mu);
    ++judged;
    EXPECT_EQ(cap.runnable, ran) << tool.name << ": predicted " << (cap.runnable ? "runs" : "fails: " + cap.reason)
                                 << "; observed "
                                 << (run->printed  ? "its header"
                                     : run->exited ? "exit " + std::to_string(run->exit_code)
                                                   : "still running")
                                 << "\n" << all.substr(0, 400);
  });
  EXPECT_GE(judged, tools.size() / 2);
}

}  // namespace
}  // namespace gpttrace
