#!/usr/bin/env bash
# Sets up (packages, tracefs, build) and runs the whole test suite: unit tests, then runtime tests on the
# real kernel. Runtime tests run one at a time (ctest RUN_SERIAL) since they count bpftrace processes.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
ctest --test-dir build --output-on-failure -j2 --timeout 120
