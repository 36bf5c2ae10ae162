#!/usr/bin/env bash
# What gpttrace serve costs on top of bpftrace, measured in one run: the exporter's own CPU (not its bpftrace's)
# while it reads SERIES keys every second and while it is scraped, and its memory, against the same checked
# program run by bpftrace alone for as long. Reported as ratios and per 1,000 series / per scrape (CPU times are
# in clock ticks, 10 ms: run 20 s or more).
# Usage: serve_overhead.sh GPTTRACE [SECONDS] [SERIES]   (root; SECONDS default 10, SERIES default 1000)
set -uo pipefail

GPTTRACE=$1 SECONDS_RUN=${2:-10} SERIES=${3:-1000}
SCRAPES=50
dir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
die() { echo "serve_overhead: $*" >&2; exit 1; }

tick=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$tick" '{ print ($14 + $15) * 1000 / t }' "/proc/$1/stat"; }   # user+system of PID alone
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
port=$(shuf -i 20000-60000 -n 1)

# SERIES keys that all fill within a second on any machine making system calls.
"$GPTTRACE" serve --listen "127.0.0.1:$port" --interval 1 --max-series "$SERIES" \
  -e "tracepoint:raw_syscalls:sys_enter { @[nsecs % $SERIES] = count(); }" >/dev/null 2>"$dir/serve.err" &
exporter=$!
pids+=($exporter)
for _ in $(seq 100); do
  series=$(curl -s "http://127.0.0.1:$port/metrics" | grep -c '^gpttrace_program1_total{')
  [ "${series:-0}" -ge "$SERIES" ] && break
  kill -0 "$exporter" 2>/dev/null || die "gpttrace serve exited: $(cat "$dir/serve.err")"
  sleep 0.2
done
[ "${series:-0}" -ge "$SERIES" ] || die "only $series of $SERIES series after 20 s"
child=$(pgrep -P "$exporter" -x bpftrace) || die "no bpftrace under the exporter"
mapfile -d '' argv <"/proc/$child/cmdline"
program=${argv[${#argv[@]} - 1]}  # bpftrace -f json -e PROGRAM: exactly what serve checked and runs

# 1. Reading: SERIES keys every second, no scrapes.
e0=$(cpu_ms "$exporter") b0=$(cpu_ms "$child")
sleep "$SECONDS_RUN"
e1=$(cpu_ms "$exporter") b1=$(cpu_ms "$child")
exporter_rss=$(rss_kb "$exporter") served_bpftrace_rss=$(rss_kb "$child")
# 2. Scraping: SCRAPES back to back.
s0=$(cpu_ms "$exporter")
bytes=0
for _ in $(seq "$SCRAPES"); do
  n=$(curl -s "http://127.0.0.1:$port/metrics" | wc -c)
  bytes=$((bytes + n))
done
s1=$(cpu_ms "$exporter")
kill -INT "$exporter"
wait "$exporter"

# 3. The same program under bpftrace alone, for as long.
bpftrace -f json -e "$program" >/dev/null 2>&1 &
alone=$!
pids+=($alone)
sleep 2  # attached and its maps full, as under the exporter
a0=$(cpu_ms "$alone")
sleep "$SECONDS_RUN"
a1=$(cpu_ms "$alone")
alone_rss=$(rss_kb "$alone")
kill -INT "$alone"
wait "$alone" 2>/dev/null

awk -v e0="$e0" -v e1="$e1" -v b0="$b0" -v b1="$b1" -v a0="$a0" -v a1="$a1" -v s0="$s0" -v s1="$s1" -v t="$SECONDS_RUN" -v n="$SERIES" -v k="$SCRAPES" -v bytes="$bytes" \
    -v erss="$exporter_rss" -v brss="$served_bpftrace_rss" -v arss="$alone_rss" 'BEGIN {
  e = e1 - e0; b = b1 - b0; a = a1 - a0; s = s1 - s0
  printf "series: %d, read every 1 s for %d s; %d scrapes\n", n, t, k
  printf "exporter CPU while reading: %.1f ms/s = %.2f ms per read per 1,000 series\n", e / t, e / t * 1000 / n
  printf "bpftrace CPU: %.1f ms/s under the exporter, %.1f ms/s alone\n", b / t, a / t
  printf "CPU ratio (exporter + its bpftrace) / bpftrace alone: %.2f\n", (e + b) / (a > 0 ? a : 1)
  printf "scrape: %.2f ms exporter CPU and %d bytes each (%.2f ms per 1,000 series)\n", s / k, bytes / k, s / k * 1000 / n
  printf "memory: exporter %d KiB RSS with %d series, its bpftrace %d KiB, bpftrace alone %d KiB\n", erss, n, brss, arss
  printf "memory ratio (exporter + its bpftrace) / bpftrace alone: %.2f\n", (erss + brss) / arss
}'
