#!/usr/bin/env bash
# runtime_runner cleans up after a case that fails before gpttrace runs: LLM_SCRIPT naming a missing
# script (llm_server cannot start) must fail the case and leave nothing in TMPDIR (its request log).
# Usage: runner_cleanup.sh RUNTIME_RUNNER GPTTRACE EVWK LLM_SERVER
set -euo pipefail
runner=$1 gpttrace=$2 workload=$3 llm_server=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tmp"
cat >"$dir/case.test" <<CASE
NAME llm_server that cannot start
WORKLOAD --name evwk_cleanup --seconds 10 sleep 10
LLM_SCRIPT no_such_script.json
REQUEST count syscalls by process
CASE
if TMPDIR="$dir/tmp" "$runner" --gpttrace "$gpttrace" --workload "$workload" --llm-server "$llm_server" \
     "$dir/case.test" >"$dir/out" 2>&1; then
  echo "FAIL: the case passed although llm_server cannot start"; cat "$dir/out"; exit 1
fi
grep -q "cannot start llm_server" "$dir/out" || { echo "FAIL: unexpected runner output:"; cat "$dir/out"; exit 1; }
left=$(ls -A "$dir/tmp")
if [ -n "$left" ]; then echo "FAIL: the runner left in TMPDIR: $left"; exit 1; fi
echo "PASS runtime_runner removed its temp files after a case that failed early"
