#!/usr/bin/env bash
# Installs what gpttrace needs on Debian 12 (as root), mounts tracefs if missing, and builds into build/.
# Idempotent: packages already installed are not fetched again; the build is incremental.
set -euo pipefail

cd "$(dirname "$0")/.."

PACKAGES=(
  # build
  g++ cmake ninja-build pkg-config linux-libc-dev
  # libraries (headers)
  libbpf-dev libelf-dev zlib1g-dev nlohmann-json3-dev libcli11-dev libfmt-dev libexpected-dev
  libcurl4-openssl-dev libsqlite3-dev prometheus-cpp-dev
  # tests and benchmarks (chromium: the report page is loaded and screenshotted headless)
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev chromium
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev
  # gpttrace serve's runtime test: a real Prometheus scrapes the exporters (promtool checks them; curl and jq
  # query its HTTP API)
  prometheus curl jq
  # sanitizer and fuzzing stage (scripts/sanitize.sh): clang with libFuzzer and the sanitizer runtimes
  clang libclang-rt-14-dev
  # tracing
  bpftrace libbpf-tools
)

if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: run as root (tracing and package installation need it), e.g. sudo $0" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d /sys/kernel/tracing/events ] && [ ! -d /sys/kernel/debug/tracing/events ]; then
  mount -t tracefs nodev /sys/kernel/tracing
fi

# The official MCP TypeScript SDK client that tests `gpttrace mcp` (tests/mcp_sdk, pinned by its lock file).
if command -v npm >/dev/null; then
  (cd tests/mcp_sdk && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
    echo "setup.sh: npm ci in tests/mcp_sdk failed; the mcp.sdk_client test fails until it succeeds" >&2
fi

BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
# Two jobs: the reference machines have 2 cores and the test build is the heaviest step.
ninja -C build -j"${JOBS:-2}" >/dev/null
echo "setup.sh: built build/gpttrace" >&2
