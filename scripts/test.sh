#!/usr/bin/env bash
# Sets up (packages, tracefs, build) and runs the whole test suite: the sanitizer stage (unit tests under
# ASan+UBSan, then the fuzzers: scripts/sanitize.sh), then unit tests and runtime tests on the real kernel
# (ctest last, so that its summary closes the output). Runtime tests run one at a time (ctest RUN_SERIAL)
# since they count bpftrace processes. Fails when either stage fails.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
sanitize_status=0
./scripts/sanitize.sh || sanitize_status=$?
ctest --test-dir build --output-on-failure -j2 --timeout 120
exit "$sanitize_status"
