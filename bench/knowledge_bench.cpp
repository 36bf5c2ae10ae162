// Knowledge index: build time (corpus only, and corpus plus the installed tools) and warm query latency
// (a query on an open index, and open-the-cache-then-query as one gpttrace command pays it).
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>

#include "kernel/fixture_catalog.h"
#include "knowledge/knowledge.h"

namespace gpttrace {
namespace {

std::string temp_dir() {
  char tmpl[] = "/tmp/gt_knowledge_bench_XXXXXX";
  return mkdtemp(tmpl);
}

KnowledgeOptions options(const std::string& dir, bool with_tools) {
  KnowledgeOptions o;
  o.cache_dir = dir;
  if (!with_tools) o.tools.sbin_dir = o.tools.dpkg_info_dir = dir + "/none";
  return o;
}

void BM_IndexBuild(benchmark::State& state) {
  std::string dir = temp_dir();
  FixtureCatalog catalog;
  KnowledgeOptions o = options(dir, state.range(0) != 0);
  o.force_rebuild = true;
  size_t docs = 0;
  for (auto _ : state) {
    auto kb = Knowledge::open(o, catalog);
    if (!kb) state.SkipWithError(kb.error().message.c_str());
    else docs = kb->stats().examples + kb->stats().tools;
  }
  state.counters["documents"] = static_cast<double>(docs);
  unlink((dir + "/knowledge.db").c_str());
  rmdir(dir.c_str());
}
BENCHMARK(BM_IndexBuild)->Arg(0)->Arg(1)->ArgNames({"with_tools"})->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_WarmQuery(benchmark::State& state, const char* query) {
  std::string dir = temp_dir();
  FixtureCatalog catalog;
  auto kb = Knowledge::open(options(dir, false), catalog);
  if (!kb) {
    state.SkipWithError(kb.error().message.c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(kb->search_examples(query, 5));
  unlink((dir + "/knowledge.db").c_str());
  rmdir(dir.c_str());
}
BENCHMARK_CAPTURE(BM_WarmQuery, english, "count tcp retransmits by process")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_WarmQuery, chinese, "追踪文件打开")->Unit(benchmark::kMicrosecond);

// What `gpttrace examples QUERY` pays with a fresh cache: fingerprint (stat of the inputs), open, query.
void BM_WarmOpenAndQuery(benchmark::State& state) {
  std::string dir = temp_dir();
  FixtureCatalog catalog;
  KnowledgeOptions o = options(dir, false);
  if (!Knowledge::open(o, catalog)) state.SkipWithError("build failed");
  for (auto _ : state) {
    auto kb = Knowledge::open(o, catalog);
    benchmark::DoNotOptimize(kb->search_examples("new processes", 5));
  }
  unlink((dir + "/knowledge.db").c_str());
  rmdir(dir.c_str());
}
BENCHMARK(BM_WarmOpenAndQuery)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace gpttrace
