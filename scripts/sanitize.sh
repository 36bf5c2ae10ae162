#!/usr/bin/env bash
# The sanitizer stage of the test suite: builds build-asan/ with clang (ASan + UBSan + libFuzzer coverage),
# runs every unit-test binary under the sanitizers, then each fuzzer for a bounded time (fuzz/run.sh).
# Any sanitizer report, test failure or fuzzer crash fails the script. FUZZ_SECONDS sets the time per fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=build-asan
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" -DGPTTRACE_SANITIZE=ON -DGPTTRACE_BUILD_BENCH=OFF >/dev/null
units=(unit_common unit_sys unit_kernel unit_check unit_plan unit_codegen unit_run unit_results unit_llm unit_knowledge
       unit_pipeline unit_mcp unit_serve)
fuzzers=(fuzz_request fuzz_program fuzz_results fuzz_llm_reply fuzz_tool_help fuzz_mcp)
# ninja reports compile errors on stdout: keep them in a log and show its end when the build fails.
if ! ninja -C "$BUILD" -j"${JOBS:-2}" "${units[@]}" "${fuzzers[@]}" >"$BUILD/build.log" 2>&1; then
  echo "sanitize: the ASan+UBSan build failed (see $BUILD/build.log):" >&2
  grep -E -A8 'error|FAILED' "$BUILD/build.log" | head -60 >&2
  exit 1
fi

# detect_leaks: the unit tests and fuzzers must not leak either. halt_on_error: the first report fails.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Runs the given unit binaries one after another; returns non-zero if any failed.
run_units() {
  local status=0 unit
  for unit in "$@"; do
    if "$BUILD/tests/$unit" --gtest_brief=1 >"$BUILD/$unit.log" 2>&1; then
      echo "sanitize: $unit passed under ASan+UBSan" >&2
    else
      echo "sanitize: $unit FAILED under ASan+UBSan (see $BUILD/$unit.log):" >&2
      tail -30 "$BUILD/$unit.log" >&2
      status=1
    fi
  done
  return "$status"
}
# Two lanes of about equal time (the machines have two cores; the long ones wait on timers, not the CPU).
failed=0
run_units unit_run unit_plan unit_results unit_common unit_sys unit_pipeline unit_serve & lane=$!
run_units unit_knowledge unit_codegen unit_llm unit_kernel unit_check unit_mcp || failed=1
wait "$lane" || failed=1
BUILD="$BUILD" ./fuzz/run.sh || failed=1
exit "$failed"
