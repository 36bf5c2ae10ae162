#!/usr/bin/env bash
# Runs each libFuzzer fuzzer of build-asan/fuzz for FUZZ_SECONDS (default 20) on a copy of its corpus in
# fuzz/corpus/NAME (seeded from tests/fixtures); fails on any crash, leak, timeout or sanitizer report.
# New inputs found are kept in the copy, not in the repository; a crashing input is left in fuzz/findings.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-asan}
SECONDS_EACH=${FUZZ_SECONDS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p fuzz/findings
failed=0
for name in request program results llm_reply tool_help mcp; do
  cp -r "fuzz/corpus/$name" "$work/$name"
  log="$work/$name.log"
  if "$BUILD/fuzz/fuzz_$name" "$work/$name" -max_total_time="$SECONDS_EACH" -max_len=16384 -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=fuzz/findings/"$name"- >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
    echo "fuzz: $name ok: $runs runs in ${SECONDS_EACH}s, coverage $cov edges" >&2
  else
    echo "fuzz: $name FAILED; the crashing input is in fuzz/findings/:" >&2
    grep -E 'ERROR|SUMMARY|==[0-9]+==' "$log" | head -20 >&2
    failed=1
  fi
done
exit "$failed"
