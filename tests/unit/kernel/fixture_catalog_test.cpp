// FixtureCatalog: the default machine, builders, and loading a captured tracefs directory.
#include "kernel/fixture_catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "test_util.h"

namespace gpttrace {
namespace {

TEST(FixtureCatalog, DefaultIsShapedLikeTheDevelopmentVm) {
  FixtureCatalog c;
  for (ProbeType t :
       {ProbeType::Tracepoint, ProbeType::Uprobe, ProbeType::Uretprobe, ProbeType::Usdt, ProbeType::Profile,
        ProbeType::Interval, ProbeType::Software, ProbeType::Watchpoint, ProbeType::Begin, ProbeType::End})
    EXPECT_TRUE(c.support(t).available) << probe_type_name(t);
  for (ProbeType t : {ProbeType::Kprobe, ProbeType::Kretprobe, ProbeType::Kfunc, ProbeType::Kretfunc,
                      ProbeType::Hardware, ProbeType::RawTracepoint}) {
    ProbeSupport s = c.support(t);
    EXPECT_FALSE(s.available) << probe_type_name(t);
    EXPECT_FALSE(s.reason.empty()) << probe_type_name(t);
    EXPECT_FALSE(s.alternative.empty()) << probe_type_name(t);
  }
  EXPECT_EQ(c.support(ProbeType::Kprobe).alternative, "tracepoint");
  BpftraceInfo b = c.bpftrace();
  EXPECT_TRUE(b.found);
  EXPECT_EQ(b.version, "0.17.0");
  EXPECT_FALSE(b.args_dot);
  EXPECT_TRUE(c.tracepoint_names().empty());
}

TEST(FixtureCatalog, VersionAndSupportOverrides) {
  FixtureCatalog c;
  c.set_bpftrace_version(0, 20, 0);
  EXPECT_TRUE(c.bpftrace().fentry_spelling);
  EXPECT_TRUE(c.bpftrace().found);
  EXPECT_EQ(c.bpftrace().path, "/usr/bin/bpftrace");
  EXPECT_TRUE(c.support(ProbeType::RawTracepoint).available);  // derived from the version
  c.set_support(ProbeType::Kprobe, {true, "", ""});
  EXPECT_TRUE(c.support(ProbeType::Kprobe).available);
  c.set_support(ProbeType::Tracepoint, {false, "no tracefs", ""});
  EXPECT_EQ(c.support(ProbeType::Tracepoint).reason, "no tracefs");
}

TEST(FixtureCatalog, TracepointsFunctionsAndBinaries) {
  FixtureCatalog c;
  c.add_tracepoint_format("sched", "sched_switch",
                          test::read_fixture("tracefs/events/sched/sched_switch/format"));
  c.add_tracepoint({"a", "b", {}});
  EXPECT_EQ(c.tracepoint_names(), (std::vector<std::string>{"a:b", "sched:sched_switch"}));
  auto tp = c.tracepoint("sched", "sched_switch");
  ASSERT_TRUE(tp);
  for (const auto& f : tp->fields) EXPECT_FALSE(f.common);
  EXPECT_FALSE(c.tracepoint("sched", "nope"));
  EXPECT_THROW(c.add_tracepoint_format("x", "y", "garbage"), std::invalid_argument);

  c.add_function({"vfs_read", "ssize_t", {{"file", "struct file *"}}});
  c.add_function({"do_sys_open", "long", {}});
  EXPECT_EQ(c.kernel_function_names(), (std::vector<std::string>{"do_sys_open", "vfs_read"}));
  ASSERT_TRUE(c.kernel_function("vfs_read"));
  EXPECT_EQ(c.kernel_function("vfs_read")->params.at(0).type, "struct file *");

  c.add_binary("nginx", "/usr/sbin/nginx", {"ngx_http_process_request", "main", "main"});
  EXPECT_EQ(*c.resolve_binary("nginx"), "/usr/sbin/nginx");
  EXPECT_EQ(*c.resolve_binary("/usr/sbin/nginx"), "/usr/sbin/nginx");
  EXPECT_EQ(c.user_symbols("/usr/sbin/nginx")->size(), 2u);
  auto missing = c.resolve_binary("ngnix");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("did you mean nginx?"), std::string::npos)
      << missing.error().message;
  EXPECT_FALSE(c.user_symbols("/nope"));
}

TEST(FixtureCatalog, LoadsEveryCapturedFormatFile) {
  FixtureCatalog c = load_fixture_catalog(test::fixture_path("tracefs"));
  // The captured list of this machine's events covers every fixture tracepoint.
  std::istringstream events(test::read_fixture("available_events.txt"));
  std::set<std::string> available;
  for (std::string line; std::getline(events, line);) available.insert(line);
  ASSERT_GE(c.tracepoint_names().size(), 80u);
  EXPECT_TRUE(std::is_sorted(c.tracepoint_names().begin(), c.tracepoint_names().end()));
  for (const std::string& name : c.tracepoint_names()) EXPECT_TRUE(available.count(name)) << name;
  auto openat = c.tracepoint("syscalls", "sys_enter_openat");
  ASSERT_TRUE(openat);
  std::vector<std::string> names;
  for (const auto& f : openat->fields) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"__syscall_nr", "dfd", "filename", "flags", "mode"}));
  EXPECT_TRUE(c.tracepoint("tcp", "tcp_retransmit_skb"));
  EXPECT_EQ(c.kernel().tracefs, test::fixture_path("tracefs"));
  EXPECT_TRUE(load_fixture_catalog("/nonexistent").tracepoint_names().empty());
}

}  // namespace
}  // namespace gpttrace
