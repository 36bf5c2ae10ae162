// Generated programs against the REAL machine: bpftrace's own compile check must accept every one
// (tests run as root with bpftrace installed and tracefs mounted, as in CI).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>

#include "check/compile_check.h"
#include "codegen_fixture.h"

namespace gpttrace {
namespace {

class RealGenerate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { catalog_ = make_real_catalog().release(); }
  static void TearDownTestSuite() { delete catalog_; }
  void SetUp() override {
    ASSERT_TRUE(catalog_->bpftrace().found) << "bpftrace must be installed (scripts/setup.sh installs it)";
    ASSERT_FALSE(catalog_->kernel().tracefs.empty()) << "mount tracefs: mount -t tracefs nodev /sys/kernel/tracing";
  }
  // Generates and compiles; returns "" when bpftrace accepts the program without errors or warnings, else
  // the program and its diagnostics. bpftrace 0.17 warns "Addrspace mismatch" when a predicate joins a
  // comm comparison and a tracepoint field with && (the program still works): that warning is allowed.
  // A compile killed from outside (exit code 137: runtime tests kill every bpftrace they did not expect)
  // is retried once.
  static std::string compile(const TraceSpec& spec) {
    auto program = generate_program(spec, *catalog_);
    if (!program) return "generation failed: " + program.error().message;
    if (std::getenv("GPTTRACE_DUMP")) std::cout << program->source << "\n";
    Diagnostics diags;
    for (int attempt = 0; attempt < 2; ++attempt) {
      diags = Diagnostics();
      auto ran = compile_check(catalog_->bpftrace(), program->source, false, diags);
      if (!ran) return "bpftrace did not run: " + ran.error().message;
      if (diags.format(program->source).find("exit code 137") == std::string::npos) break;
    }
    for (const Diagnostic& d : diags.items())
      if (d.severity == Severity::Error || d.message != "Addrspace mismatch")
        return program->source + diags.format(program->source);
    return "";
  }
  static KernelCatalog* catalog_;
};

KernelCatalog* RealGenerate::catalog_ = nullptr;

// Each event's default program, a histogram of each measure, and all keys and all filters together (the
// whole matrix of the fixture test with GPTTRACE_FULL_MATRIX=1: about 660 programs, 3 minutes), compiled two
// at a time (the machines have two cores; a compile takes 0.1-0.4 s, more when it loads BTF).
TEST_F(RealGenerate, MatrixCompiles) {
  bool full = std::getenv("GPTTRACE_FULL_MATRIX") != nullptr;
  std::vector<test::LabeledSpec> specs;
  for (const EventTraits& traits : all_event_traits())
    for (auto& item : test::spec_matrix(traits.kind, full)) {
      if (!generate_program(item.spec, *catalog_)) continue;  // refusals are tested with the fixture
      item.label = std::to_string(static_cast<int>(traits.kind)) + " " + item.label;
      specs.push_back(std::move(item));
    }
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < specs.size(); i += 2) {
    auto second = i + 1 < specs.size() ? std::async(std::launch::async, compile, specs[i + 1].spec)
                                       : std::future<std::string>();
    EXPECT_EQ(compile(specs[i].spec), "") << specs[i].label;
    if (second.valid()) {
      EXPECT_EQ(second.get(), "") << specs[i + 1].label;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << specs.size() << " programs compiled in " << seconds << " s\n";
}

}  // namespace
}  // namespace gpttrace
