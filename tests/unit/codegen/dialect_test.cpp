// Dialects (bpftrace 0.17 vs 0.20), kernel functions with and without kfunc/kprobe, and refusals.
#include <gtest/gtest.h>

#include "codegen_fixture.h"

namespace gpttrace {
namespace {

using test::codegen_catalog;
using test::default_spec;

ProbeSupport yes() { return ProbeSupport{true, "", ""}; }

TEST(Dialect, NewBpftraceUsesDotArgsAndFentry) {
  FixtureCatalog catalog = codegen_catalog();
  catalog.set_bpftrace_version(0, 20, 0);
  TraceSpec spec = default_spec(EventKind::FileOpen);
  auto program = generate_program(spec, catalog);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_NE(program->source.find("args.filename"), std::string::npos) << program->source;
  EXPECT_EQ(program->source.find("args->"), std::string::npos) << program->source;
  EXPECT_EQ(test::check_errors(program->source, catalog), "");

  catalog.set_support(ProbeType::Kfunc, yes()).set_support(ProbeType::Kretfunc, yes());
  catalog.add_function(KernelFunction{"vfs_read", "ssize_t", {{"file", "struct file *"}}});
  spec = default_spec(EventKind::KernelFunction);
  spec.measure = Measure::Latency, spec.aggregation = Aggregation::Histogram;
  program = generate_program(spec, catalog);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_EQ(program->probes, (std::vector<std::string>{"fentry:vfs_read", "fexit:vfs_read", "END"}));
  EXPECT_NE(program->source.find("@usecs[comm] = hist($lat / 1000);"), std::string::npos) << program->source;
  EXPECT_TRUE(program->notes.empty());
}

TEST(Dialect, OldBpftraceUsesArrowArgsAndKfunc) {
  FixtureCatalog catalog = codegen_catalog();
  catalog.set_support(ProbeType::Kfunc, yes()).set_support(ProbeType::Kretfunc, yes());
  catalog.add_function(KernelFunction{"vfs_read", "ssize_t", {}});
  auto program = generate_program(default_spec(EventKind::KernelFunction), catalog);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_EQ(program->source, "kfunc:vfs_read { @calls[comm] = count(); }\n");
  EXPECT_EQ(program->probes, (std::vector<std::string>{"kfunc:vfs_read"}));
}

TEST(KernelFunction, KprobeWhenOnlyKprobesAttach) {
  FixtureCatalog catalog = codegen_catalog();
  catalog.set_support(ProbeType::Kprobe, yes()).set_support(ProbeType::Kretprobe, yes());
  catalog.add_function(KernelFunction{"vfs_read", "ssize_t", {}});
  TraceSpec spec = default_spec(EventKind::KernelFunction);
  spec.keys = {Key::Function, Key::KernelStack};
  auto program = generate_program(spec, catalog);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_EQ(program->source, "kprobe:vfs_read { @calls[func, kstack] = count(); }\n");
}

TEST(KernelFunction, ThisMachineSubstitutesATracepointAndSaysSo) {
  FixtureCatalog catalog = codegen_catalog();
  auto program = generate_program(default_spec(EventKind::KernelFunction), catalog);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_EQ(program->source, "tracepoint:syscalls:sys_enter_read { @calls[comm] = count(); }\n");
  ASSERT_EQ(program->notes.size(), 1u);
  EXPECT_EQ(program->notes[0],
            "this kernel has no kprobes or kfunc; counting syscalls:sys_enter_read instead of vfs_read");

  TraceSpec spec = default_spec(EventKind::KernelFunction);
  spec.measure = Measure::Latency, spec.aggregation = Aggregation::Histogram;
  program = generate_program(spec, catalog);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_EQ(program->probes, (std::vector<std::string>{"tracepoint:syscalls:sys_enter_read",
                                                       "tracepoint:syscalls:sys_exit_read", "END"}));
  EXPECT_NE(program->notes[0].find("timing syscalls:sys_enter_read to sys_exit_read instead of vfs_read"),
            std::string::npos);

  spec.function = "tcp_v4_connect";
  spec.measure = Measure::Events, spec.aggregation = Aggregation::Count;
  program = generate_program(spec, catalog);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_EQ(program->probes.front(), "tracepoint:sock:inet_sock_set_state");

  spec.function = "some_function_nobody_has";
  EXPECT_FALSE(generate_program(spec, catalog));
}

TEST(Refusals, SayWhatCannotBeDoneAndWhatCan) {
  FixtureCatalog catalog = codegen_catalog();
  TraceSpec spec = default_spec(EventKind::PageFault);
  spec.keys = {Key::Port};
  auto program = generate_program(spec, catalog);
  ASSERT_FALSE(program);
  EXPECT_EQ(program.error().message,
            "this event can't be grouped by port; it can be grouped by: process name, process ID, thread ID, "
            "user ID, CPU, user stack, kernel stack");

  spec = default_spec(EventKind::ContextSwitch);
  spec.language = "zh";
  spec.filters.path = "/tmp";
  program = generate_program(spec, catalog);
  ASSERT_FALSE(program);
  EXPECT_NE(program.error().message.find("不能按文件路径过滤"), std::string::npos);

  spec = default_spec(EventKind::ProcessFork);
  spec.aggregation = Aggregation::Histogram;
  program = generate_program(spec, catalog);
  ASSERT_FALSE(program);
  EXPECT_NE(program.error().message.find("can only be counted or listed"), std::string::npos);

  spec = default_spec(EventKind::TcpRetransmit);
  spec.filters.comm = "nginx";
  program = generate_program(spec, catalog);
  ASSERT_FALSE(program);
  EXPECT_NE(program.error().message.find("can't be filtered by"), std::string::npos) << program.error().message;
  EXPECT_NE(program.error().message.find("port"), std::string::npos) << program.error().message;

  spec = default_spec(EventKind::UserFunction);
  spec.function = "no_such_function";
  program = generate_program(spec, catalog);
  ASSERT_FALSE(program);
  EXPECT_NE(program.error().message.find("has no function 'no_such_function'"), std::string::npos);

  spec = default_spec(EventKind::Syscall);
  spec.syscalls = {"definitely_not_a_syscall"};
  program = generate_program(spec, catalog);
  ASSERT_FALSE(program);
  EXPECT_NE(program.error().message.find("no syscalls:sys_enter_definitely_not_a_syscall"), std::string::npos);
}

TEST(Refusals, MissingTracepointsFallBackOrFail) {
  // A kernel with only openat: the program uses what exists.
  FixtureCatalog catalog = test::codegen_catalog();
  FixtureCatalog small;
  small.add_tracepoint(*catalog.tracepoint("syscalls", "sys_enter_openat"));
  small.add_tracepoint(*catalog.tracepoint("syscalls", "sys_exit_openat"));
  auto program = generate_program(default_spec(EventKind::FileOpen), small);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_EQ(program->probes, (std::vector<std::string>{"tracepoint:syscalls:sys_enter_openat",
                                                       "tracepoint:syscalls:sys_exit_openat", "BEGIN", "END"}));
  auto none = generate_program(default_spec(EventKind::FileDelete), small);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("no syscalls:sys_enter_unlinkat"), std::string::npos);
  // Without software events, page faults come from the exceptions tracepoint, with a note.
  catalog.set_support(ProbeType::Software, ProbeSupport{false, "no perf events", "tracepoint"});
  program = generate_program(default_spec(EventKind::PageFault), catalog);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_EQ(program->probes.front(), "tracepoint:exceptions:page_fault_user");
  EXPECT_EQ(program->notes.size(), 1u);
}

}  // namespace
}  // namespace gpttrace
