// Phrasing causes of misunderstanding, one group per cause, each with sentences that are not in the suite:
// function words as names, word fragments, slash alternatives, questions about events or receivers,
// "which N", weak measures, stats, stack pairs, unknown subjects, and syscalls the lexicon does not list.
#include <gtest/gtest.h>

#include "kernel/fixture_catalog.h"
#include "spec_line.h"

namespace gpttrace {
namespace {

struct Case {
  const char* request;
  const char* expected;
};

const Case kCases[] = {
    // Quantifiers, function words and word fragments are never process names.
    {"how many files does each process open?", "file.open count events by=comm"},
    {"how much data does nginx read", "io.read sum bytes by=comm comm=nginx"},
    {"how many context switches does postgres make", "sched.switch count events by=comm comm=postgres"},
    {"list processes exiting with a nonzero status", "proc.exit list events failed"},
    {"show non-zero exits of make", "proc.exit list events comm=make failed"},
    {"which paths are stat()ed by sshd", "file.stat count events by=file comm=sshd"},
    {"trace the gnome-shell process opening files", "file.open list events comm=gnome-shell"},
    // "a/b" names alternatives, not a path.
    {"show clone/fork calls of bash", "proc.fork list events comm=bash"},
    // A question about the events themselves lists them; "by whom" asks who; "to whom" asks for receivers.
    {"what TCP connections does curl make?", "net.tcp_connect list events comm=curl"},
    {"哪些新程序被执行了", "proc.exec list events"},
    {"what gets renamed, and by whom", "file.rename count events by=comm"},
    {"which processes send signals to whom", "signal.send list events"},
    {"谁给谁发送了信号", "signal.send list events"},
    // "which N processes" is a top N.
    {"which 3 processes open the most files?", "file.open count events by=comm top=3"},
    // Weak measure words mean bytes only where the event has bytes.
    {"which processes read the most data", "io.read sum bytes by=comm"},
    {"每个进程写入了多少数据", "io.write sum bytes by=comm"},
    {"which processes open files with the most data", "file.open count events by=comm"},
    // "stats" with its parts is a summary; "stats" as a verb is the stat call.
    {"write latency statistics per process, average and total", "io.write stats latency by=comm"},
    {"processes that stats /etc/hosts", "file.stat count events by=file path=/etc/hosts"},
    // Both stack sides named at once.
    {"sample user and kernel stacks at 49 Hz", "cpu.profile count events by=ustack,kstack hz=49"},
    {"按内核和用户栈采样 CPU", "cpu.profile count events by=kstack,ustack"},
    // Passive and new-program phrasings of exec and thread creation.
    {"programs launched by cron", "proc.exec list events comm=cron"},
    {"count threads spawned per process", "proc.thread count events by=comm"},
    {"统计每种系统调用的次数", "syscall count events by=syscall"},
};

class Phrasing : public ::testing::TestWithParam<Case> {};

TEST_P(Phrasing, Understood) {
  EXPECT_EQ(testing::understood_line(GetParam().request), GetParam().expected) << GetParam().request;
}

INSTANTIATE_TEST_SUITE_P(All, Phrasing, ::testing::ValuesIn(kCases));

// An unknown subject that an event word only qualifies is refused, not matched on that word.
TEST(PhrasingRefusal, UnknownSubjectAfterEventWord) {
  for (const char* request : {"show the cpu fan rpm", "watch memory bandwidth per socket", "trace disk temperature"}) {
    Understanding u = understand_request(request);
    EXPECT_FALSE(u.spec.has_value()) << request << " -> " << (u.spec ? testing::spec_line(*u.spec) : "");
    EXPECT_FALSE(u.suggestions.empty()) << request;
  }
}

// A syscall the lexicon does not list is recognised when the kernel has its tracepoint.
TEST(PhrasingSyscalls, ConfirmedByTheKernel) {
  FixtureCatalog catalog;
  catalog.add_tracepoint(Tracepoint{"syscalls", "sys_enter_setns", {}});
  Understanding u = understand_request("count setns() calls by process", &catalog);
  ASSERT_TRUE(u.spec.has_value()) << u.message;
  EXPECT_EQ(testing::spec_line(*u.spec), "syscall count events by=comm syscall=setns");
  Understanding unknown = understand_request("count frobnicate() calls by process", &catalog);
  EXPECT_TRUE(!unknown.spec || unknown.spec->syscalls.empty());
  Understanding said = understand_request("count the setns syscall by process");
  ASSERT_TRUE(said.spec.has_value()) << said.message;
  EXPECT_EQ(testing::spec_line(*said.spec), "syscall count events by=comm syscall=setns");
}

}  // namespace
}  // namespace gpttrace
