// Probe search: ranking of word queries, globs, and attachability as the catalog reports it.
#include "kernel/search.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "kernel/fixture_catalog.h"
#include "test_util.h"

namespace gpttrace {
namespace {

FixtureCatalog catalog_with_functions() {
  FixtureCatalog c = load_fixture_catalog(test::fixture_path("tracefs"));
  for (const char* fn : {"tcp_connect", "tcp_v4_connect", "tcp_sendmsg", "tcp_retransmit_skb", "vfs_read",
                         "do_sys_openat2", "mptcp_connect"})
    c.add_function({fn, "int", {}});
  return c;
}

std::vector<std::string> probes(const std::vector<ProbeMatch>& matches) {
  std::vector<std::string> out;
  for (const auto& m : matches) out.push_back(m.probe);
  return out;
}

size_t index_of(const std::vector<ProbeMatch>& matches, std::string_view probe) {
  for (size_t i = 0; i < matches.size(); ++i)
    if (matches[i].probe == probe) return i;
  return matches.size();
}

TEST(Search, TcpQuestionPutsTcpTracepointsFirstThenSockThenFunctions) {
  FixtureCatalog c = catalog_with_functions();
  auto matches = search_probes(c, "what can I trace about tcp?", 100);
  size_t tcp_count = std::count_if(c.tracepoint_names().begin(), c.tracepoint_names().end(),
                                   [](const std::string& n) { return n.starts_with("tcp:"); });
  ASSERT_GT(tcp_count, 5u);
  ASSERT_GT(matches.size(), tcp_count + 1);
  for (size_t i = 0; i < tcp_count; ++i) {
    EXPECT_TRUE(matches[i].probe.starts_with("tracepoint:tcp:")) << i << ": " << matches[i].probe;
    EXPECT_TRUE(matches[i].attachable);
  }
  EXPECT_EQ(matches[tcp_count].probe, "tracepoint:sock:inet_sock_set_state");
  // Kernel functions come after every tracepoint and cannot attach here (no kprobes, no kfunc).
  size_t first_fn = index_of(matches, "kprobe:tcp_connect");
  ASSERT_LT(first_fn, matches.size());
  for (size_t i = 0; i < matches.size(); ++i) {
    if (matches[i].type == ProbeType::Tracepoint) {
      EXPECT_LT(i, first_fn) << matches[i].probe;
    } else if (matches[i].type == ProbeType::Kprobe) {
      EXPECT_FALSE(matches[i].attachable) << matches[i].probe;
    }
  }
  EXPECT_EQ(index_of(matches, "kprobe:vfs_read"), matches.size());  // unrelated functions stay out
}

TEST(Search, ScoresAreOrderedWithinAttachability) {
  FixtureCatalog c = catalog_with_functions();
  auto matches = search_probes(c, "tcp", 100);
  for (size_t i = 1; i < matches.size(); ++i) {
    if (matches[i].attachable == matches[i - 1].attachable) {
      EXPECT_LE(matches[i].score, matches[i - 1].score + 1e-9) << matches[i].probe;
    }
  }
}

TEST(Search, ExactNamesComeFirst) {
  FixtureCatalog c = catalog_with_functions();
  EXPECT_EQ(search_probes(c, "sys_enter_openat").at(0).probe, "tracepoint:syscalls:sys_enter_openat");
  EXPECT_EQ(search_probes(c, "sched:sched_switch").at(0).probe, "tracepoint:sched:sched_switch");
  auto faults = probes(search_probes(c, "page faults", 5));
  EXPECT_NE(std::find(faults.begin(), faults.end(), "software:page-faults"), faults.end());
  EXPECT_NE(std::find(faults.begin(), faults.end(), "tracepoint:exceptions:page_fault_user"), faults.end());
}

TEST(Search, StopWordsAloneFindNothing) {
  FixtureCatalog c = catalog_with_functions();
  EXPECT_TRUE(search_probes(c, "what can I trace?").empty());
  EXPECT_TRUE(search_probes(c, "").empty());
}

TEST(Search, GlobsMatchFullNames) {
  FixtureCatalog c = catalog_with_functions();
  std::vector<std::string> expected;
  for (const auto& n : c.tracepoint_names())
    if (n.starts_with("syscalls:sys_enter_open")) expected.push_back("tracepoint:" + n);
  ASSERT_FALSE(expected.empty());
  auto got = probes(search_probes(c, "syscalls:sys_enter_open*"));
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected);

  size_t sched = std::count_if(c.tracepoint_names().begin(), c.tracepoint_names().end(),
                               [](const std::string& n) { return n.starts_with("sched:"); });
  auto sched_matches = search_probes(c, "tracepoint:sched:*", 1000);
  EXPECT_EQ(sched_matches.size(), sched);
  for (const auto& m : sched_matches) EXPECT_TRUE(m.probe.starts_with("tracepoint:sched:")) << m.probe;

  auto kprobes = search_probes(c, "kprobe:tcp_*");
  ASSERT_EQ(kprobes.size(), 4u);
  for (const auto& m : kprobes) {
    EXPECT_EQ(m.type, ProbeType::Kprobe);
    EXPECT_FALSE(m.attachable);
  }
  EXPECT_EQ(search_probes(c, "sys_enter_opena?").at(0).probe, "tracepoint:syscalls:sys_enter_openat");
}

TEST(Search, FunctionsAttachAsKfuncWhenTheCatalogSupportsIt) {
  FixtureCatalog c = catalog_with_functions();
  c.set_support(ProbeType::Kfunc, {true, "", ""});
  auto matches = search_probes(c, "tcp_connect");
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(matches[0].probe, "kfunc:tcp_connect");
  EXPECT_TRUE(matches[0].attachable);
  c.set_bpftrace_version(0, 20, 0);
  EXPECT_EQ(search_probes(c, "tcp_connect").at(0).probe, "fentry:tcp_connect");
}

TEST(Search, GlobMatcher) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("sched:*", "sched:sched_switch"));
  EXPECT_TRUE(glob_match("*open*", "sys_enter_openat"));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("a?c", "ac"));
  EXPECT_FALSE(glob_match("sched:*", "syscalls:x"));
  EXPECT_TRUE(glob_match("*a*b*c", "xxaxxbxxbc"));
  EXPECT_FALSE(glob_match("*a*b*c", "xxaxxbxxb"));
}

TEST(Search, EventNameLists) {
  auto sw = software_event_names();
  EXPECT_NE(std::find(sw.begin(), sw.end(), "page-faults"), sw.end());
  EXPECT_NE(std::find(sw.begin(), sw.end(), "cpu-clock"), sw.end());
  auto hw = hardware_event_names();
  EXPECT_NE(std::find(hw.begin(), hw.end(), "cache-misses"), hw.end());
}

}  // namespace
}  // namespace gpttrace
