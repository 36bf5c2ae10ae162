// Everyday verb and noun forms of the bridge reach their tracepoint on the live catalog ("moved between cgroups",
// "signal delivery", "被丢弃的网络包"), and a more specific bridge phrase wins over a curated event's word
// ("rename their thread name" is task_rename, not file renames; "cpu frequency per cpu" is not a CPU profile).
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>

#include "kernel/catalog.h"
#include "plan/understand.h"

namespace gpttrace {
namespace {

struct Phrasing {
  const char* request;
  const char* tracepoint;
};

constexpr Phrasing kPhrasings[] = {
    {"trace processes being moved between cgroups", "cgroup:cgroup_attach_task"},
    {"trace cgroup creation with path", "cgroup:cgroup_mkdir"},
    {"trace signal delivery with signal number", "signal:signal_deliver"},
    {"trace net device transmits with length", "net:net_dev_xmit"},
    {"trace socket receive queue overflows", "sock:sock_rcvqueue_full"},
    {"trace block I/O completions with device and sector", "block:block_rq_complete"},
    {"显示被丢弃的网络包及原因", "skb:kfree_skb"},
    {"trace when processes rename their thread name", "task:task_rename"},
    {"cpu frequency per cpu", "power:cpu_frequency"},
};

TEST(BridgePhrases, ReachTheirTracepoint) {
  static std::unique_ptr<KernelCatalog> catalog = make_real_catalog();
  if (::geteuid() != 0 || catalog->kernel().tracefs.empty()) GTEST_SKIP() << "needs root and tracefs";
  for (const Phrasing& p : kPhrasings) {
    std::string_view tp = p.tracepoint;
    if (!catalog->tracepoint(tp.substr(0, tp.find(':')), tp.substr(tp.find(':') + 1))) continue;  // not here
    Understanding u = understand_request(p.request, catalog.get());
    ASSERT_TRUE(u.spec) << p.request << ": " << u.message;
    EXPECT_EQ(u.spec->event, EventKind::Tracepoint) << p.request;
    EXPECT_EQ(u.spec->catalog.tracepoint, p.tracepoint) << p.request;
  }
}

}  // namespace
}  // namespace gpttrace
