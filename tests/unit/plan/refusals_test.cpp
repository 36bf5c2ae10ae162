// Refusals: unused numbers, paths and filters, out-of-coverage requests, unsupported grouping; with suggestions.
#include <gtest/gtest.h>

#include "plan/understand.h"

namespace gpttrace {
namespace {

Understanding refused(std::string_view request) {
  Understanding u = understand_request(request);
  EXPECT_FALSE(u.spec) << request;
  EXPECT_FALSE(u.message.empty()) << request;
  EXPECT_EQ(u.suggestions.size(), 3u) << request;
  return u;
}

bool has(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

TEST(Refusals, OutOfCoverage) {
  EXPECT_NE(refused("make me a sandwich").message.find("sandwich"), std::string::npos);
  EXPECT_NE(refused("trace GPU memory").message.find("GPU"), std::string::npos);
  auto zh = refused("追踪 GPU 显存");
  EXPECT_NE(zh.message.find("GPU"), std::string::npos);
  EXPECT_TRUE(has(zh.suggestions, "追踪进程打开的文件") || has(zh.suggestions, "按进程统计系统调用次数"));
  refused("按进程名称和PID统计LLC缓存未命中（使用PMC）");
  refused("hello world");
  refused("");
  refused("???");
}

TEST(Refusals, SuggestionsAreCloseAndInTheRequestLanguage) {
  auto en = refused("count page faults on port 80");
  EXPECT_EQ(en.suggestions[0], "count page faults by process");
  auto zh = refused("按端口 80 统计缺页异常");
  EXPECT_EQ(zh.suggestions[0], "按进程统计缺页异常");
}

TEST(Refusals, UnusedParts) {
  EXPECT_NE(refused("count page faults on port 80").message.find("on port 80"), std::string::npos);
  EXPECT_NE(refused("count syscalls on cpu 3").message.find("3"), std::string::npos);
  EXPECT_NE(refused("count context switches every 5 seconds").message.find("5"), std::string::npos);
  EXPECT_NE(refused("count page faults in /tmp").message.find("/tmp"), std::string::npos);
  refused("count syscalls except nginx");
  refused("syscalls not from bash");
  refused("count opens per color");
  refused("按颜色统计打开的文件");
  refused("page faults longer than 5ms");   // page faults have no latency
  refused("sleep calls at 99 Hz");          // frequency is for profiling
  refused("count syscalls for user nosuchuserxyz");
}

TEST(Refusals, UnsupportedGroupingNamesWhatIsPossible) {
  auto u = refused("count forks by file");
  EXPECT_NE(u.message.find("grouped by"), std::string::npos);
  EXPECT_NE(u.message.find("comm"), std::string::npos);
  refused("run queue latency by signal");
  refused("count tcp retransmits by file");
}

TEST(Refusals, TwoUnrelatedEvents) {
  EXPECT_NE(refused("count page faults and tcp retransmits").message.find("both"), std::string::npos);
}

TEST(Refusals, FunctionsNeedTheirBinary) {
  refused("trace user function foo");
}

}  // namespace
}  // namespace gpttrace
