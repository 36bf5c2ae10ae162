// Results stage costs: parsing printf event lines and a large map dump, rendering a 10k-entry map.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "results/render.h"
#include "results/results.h"

namespace {

using gpttrace::ResultsParser;

// The shape of a busy printf program's output (one event per line, as bpftrace 0.17 prints it).
std::vector<std::string> printf_lines(size_t n) {
  std::vector<std::string> lines;
  lines.reserve(n);
  for (size_t i = 0; i < n; ++i)
    lines.push_back(fmt::format(R"({{"type": "printf", "data": "{} evwk_sys openat /tmp/file{} ret={}\n"}})",
                                10000 + i % 500, i % 97, static_cast<int>(i % 7) - 2));
  return lines;
}

// One exit dump of an @[comm, pid] = count() map with `keys` entries.
std::string map_dump(size_t keys) {
  std::string line = R"({"type": "map", "data": {"@": {)";
  for (size_t i = 0; i < keys; ++i)
    line += fmt::format(R"({}"comm{},{}": {})", i ? ", " : "", i % 300, 1000 + i, (i * 7919) % 100003);
  return line + "}}}";
}

void BM_ParsePrintfLines(benchmark::State& state) {
  const auto lines = printf_lines(10000);
  size_t bytes = 0;
  for (const auto& l : lines) bytes += l.size() + 1;
  for (auto _ : state) {
    ResultsParser parser;
    for (const auto& l : lines) parser.feed(l);
    benchmark::DoNotOptimize(parser.results().events.size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ParsePrintfLines)->Unit(benchmark::kMillisecond);

void BM_ParseMapDump(benchmark::State& state) {
  const std::string line = map_dump(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    ResultsParser parser;
    parser.feed(line);
    benchmark::DoNotOptimize(parser.results().maps.size());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}
BENCHMARK(BM_ParseMapDump)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_RenderMap10k(benchmark::State& state) {
  ResultsParser parser;
  parser.feed(map_dump(10000));
  const gpttrace::Results results = parser.take();
  for (auto _ : state) {
    benchmark::DoNotOptimize(gpttrace::render_text(results));
    benchmark::DoNotOptimize(gpttrace::summarize(results));
  }
  state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_RenderMap10k)->Unit(benchmark::kMillisecond);

}  // namespace
