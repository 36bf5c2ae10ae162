// Kernel catalog costs: a warm catalog ready to answer, field lookup, probe search, BTF function lookup.
#include <benchmark/benchmark.h>

#include "kernel/catalog.h"
#include "kernel/search.h"

namespace gpttrace {
namespace {

// Construction plus the answers every request needs first (the bpftrace --info cache is warm after the
// first iteration).
void BM_RealCatalogWarmReady(benchmark::State& state) {
  (void)make_real_catalog()->support(ProbeType::Kprobe);
  for (auto _ : state) {
    auto catalog = make_real_catalog();
    benchmark::DoNotOptimize(catalog->tracepoint_names().size());
    benchmark::DoNotOptimize(catalog->support(ProbeType::Kprobe).available);
  }
}
BENCHMARK(BM_RealCatalogWarmReady)->Unit(benchmark::kMillisecond);

// A tracepoint's fields on a fresh catalog: one format file read and parsed.
void BM_TracepointFields(benchmark::State& state) {
  for (auto _ : state) {
    auto catalog = make_real_catalog();
    auto tp = catalog->tracepoint("syscalls", "sys_enter_openat");
    benchmark::DoNotOptimize(tp);
  }
}
BENCHMARK(BM_TracepointFields)->Unit(benchmark::kMicrosecond);

void BM_SearchTcp(benchmark::State& state) {
  auto catalog = make_real_catalog();
  (void)catalog->kernel_function_names();  // BTF loaded outside the timing
  for (auto _ : state) benchmark::DoNotOptimize(search_probes(*catalog, "what can I trace about tcp?"));
}
BENCHMARK(BM_SearchTcp)->Unit(benchmark::kMillisecond);

void BM_SearchGlob(benchmark::State& state) {
  auto catalog = make_real_catalog();
  (void)catalog->kernel_function_names();
  for (auto _ : state) benchmark::DoNotOptimize(search_probes(*catalog, "syscalls:sys_enter_open*"));
}
BENCHMARK(BM_SearchGlob)->Unit(benchmark::kMillisecond);

// First use of BTF: load vmlinux BTF and index every FUNC.
void BM_BtfLoad(benchmark::State& state) {
  for (auto _ : state) {
    auto catalog = make_real_catalog();
    benchmark::DoNotOptimize(catalog->kernel_function_names().size());
  }
}
BENCHMARK(BM_BtfLoad)->Unit(benchmark::kMillisecond);

void BM_BtfFunctionLookup(benchmark::State& state) {
  auto catalog = make_real_catalog();
  (void)catalog->kernel_function_names();
  for (auto _ : state) benchmark::DoNotOptimize(catalog->kernel_function("vfs_read"));
}
BENCHMARK(BM_BtfFunctionLookup)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace gpttrace
