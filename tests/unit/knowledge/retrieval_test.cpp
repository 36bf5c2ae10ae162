// Indexing and retrieval: English and Chinese queries find the right examples; the cache is reused and
// rebuilt when an input changes.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include <algorithm>
#include <fstream>

#include "kernel/fixture_catalog.h"
#include "knowledge/index.h"
#include "knowledge_util.h"

namespace gpttrace {
namespace {

std::vector<std::string> ids(const std::vector<ExampleMatch>& matches) {
  std::vector<std::string> out;
  for (const ExampleMatch& m : matches) out.push_back(m.example.id);
  return out;
}

bool in_top(const std::vector<ExampleMatch>& matches, const std::string& id) {
  auto v = ids(matches);
  return std::find(v.begin(), v.end(), id) != v.end();
}

class Retrieval : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    catalog_ = new FixtureCatalog();
    auto kb = Knowledge::open(test::corpus_only(dir_->path()), *catalog_);
    ASSERT_TRUE(kb) << kb.error().message;
    kb_ = new Knowledge(std::move(*kb));
  }
  static void TearDownTestSuite() {
    delete kb_;
    delete catalog_;
    delete dir_;
  }
  static test::TempDir* dir_;
  static FixtureCatalog* catalog_;
  static Knowledge* kb_;
};
test::TempDir* Retrieval::dir_ = nullptr;
FixtureCatalog* Retrieval::catalog_ = nullptr;
Knowledge* Retrieval::kb_ = nullptr;

TEST_F(Retrieval, BuiltOnFirstUse) {
  EXPECT_TRUE(kb_->stats().rebuilt);
  EXPECT_GE(kb_->stats().examples, 100u);
  EXPECT_EQ(kb_->stats().path, dir_->path() + "/knowledge.db");
}

TEST_F(Retrieval, English) {
  EXPECT_TRUE(in_top(kb_->search_examples("new processes", 3), "process_exec")) << ::testing::PrintToString(ids(kb_->search_examples("new processes", 3)));
  EXPECT_TRUE(in_top(kb_->search_examples("which files are opened", 3), "file_opens"));
  EXPECT_TRUE(in_top(kb_->search_examples("tcp retransmits", 3), "tcp_retransmits"));
  EXPECT_TRUE(in_top(kb_->search_examples("run queue latency histogram", 3), "runqueue_latency"));
  EXPECT_TRUE(in_top(kb_->search_examples("disk io latency", 3), "block_io_latency"));
  EXPECT_TRUE(in_top(kb_->search_examples("commands typed in bash", 3), "bash_commands"));
}

TEST_F(Retrieval, CodeTokensKeepUnderscoresAndColons) {
  EXPECT_EQ(ids(kb_->search_examples("sys_enter_openat", 1)).at(0).substr(0, 4), "file");
  EXPECT_TRUE(in_top(kb_->search_examples("skb:kfree_skb", 3), "packet_drops"));
}

TEST_F(Retrieval, Chinese) {
  auto opens = kb_->search_examples("追踪文件打开", 3);
  EXPECT_TRUE(in_top(opens, "file_opens")) << ::testing::PrintToString(ids(opens));
  EXPECT_TRUE(in_top(kb_->search_examples("统计丢包", 3), "packet_drops"));
  EXPECT_TRUE(in_top(kb_->search_examples("新进程", 3), "process_exec"));
  EXPECT_TRUE(in_top(kb_->search_examples("运行队列延迟", 3), "runqueue_latency"));
  EXPECT_TRUE(in_top(kb_->search_examples("磁盘 I/O 延迟直方图", 3), "block_io_latency"));
  EXPECT_TRUE(in_top(kb_->search_examples("TCP 重传", 3), "tcp_retransmits"));
}

TEST_F(Retrieval, UnrunnableExamplesRankBelowRunnableOnes) {
  auto matches = kb_->search_examples("tcp connect", 5);
  ASSERT_FALSE(matches.empty());
  EXPECT_TRUE(matches.front().runnable);
  auto kprobe = std::find_if(matches.begin(), matches.end(),
                             [](const ExampleMatch& m) { return m.example.id == "tcp_connect_kprobe"; });
  if (kprobe != matches.end()) { EXPECT_FALSE(kprobe->runnable); }
}

TEST_F(Retrieval, RendersForTheInstalledDialect) {
  FixtureCatalog v20;
  v20.set_bpftrace_version(0, 20, 0);
  auto kb = Knowledge::open(test::corpus_only(dir_->path()), v20);
  ASSERT_TRUE(kb);
  auto matches = kb->search_examples("file opens with path", 1);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_NE(matches[0].example.source.find("args.filename"), std::string::npos) << matches[0].example.source;
}

TEST(RetrievalCache, ReusedThenRebuiltWhenAnInputChanges) {
  test::TempDir dir;
  FixtureCatalog catalog;
  KnowledgeOptions options = test::corpus_only(dir.path());
  std::string tools = dir.path() + "/tools";
  mkdir(tools.c_str(), 0755);
  options.tools.dpkg_info_dir = tools;
  ASSERT_TRUE(Knowledge::open(options, catalog));
  auto again = Knowledge::open(options, catalog);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->stats().rebuilt);
  std::ofstream(tools + "/libbpf-tools.list") << "/.\n";  // a tool package appears
  auto rebuilt = Knowledge::open(options, catalog);
  ASSERT_TRUE(rebuilt);
  EXPECT_TRUE(rebuilt->stats().rebuilt);
}

TEST(RetrievalCache, ACorruptedCacheIsRebuilt) {
  test::TempDir dir;
  FixtureCatalog catalog;
  KnowledgeOptions options = test::corpus_only(dir.path());
  ASSERT_TRUE(Knowledge::open(options, catalog));
  std::ofstream(dir.path() + "/knowledge.db", std::ios::trunc) << std::string(3000, '\x5a');  // not SQLite
  auto reopened = Knowledge::open(options, catalog);
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_TRUE(reopened->stats().rebuilt);
  EXPECT_FALSE(reopened->search_examples("open files", 3).empty());
}

TEST(CjkBigrams, SplitsRunsOfChineseOnly) {
  EXPECT_EQ(cjk_bigrams("文件打开"), " 文件  件打  打开 ");
  EXPECT_EQ(cjk_bigrams("TCP 连接"), "TCP  连接 ");
  EXPECT_EQ(cjk_bigrams("查"), " 查 ");
}

}  // namespace
}  // namespace gpttrace
