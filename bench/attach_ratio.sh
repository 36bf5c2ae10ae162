#!/usr/bin/env bash
# Start-to-attached time of `gpttrace --yes -e P` against plain `bpftrace -e P`: medians and their ratio.
#
# Usage: bench/attach_ratio.sh [GPTTRACE [RUNS]]   (or the GPTTRACE and RUNS environment variables)
#   GPTTRACE  the built gpttrace (default: build/gpttrace under the repository root)
#   RUNS      runs of each command, interleaved, alternating which goes first (default 10)
# Needs root and bpftrace. Exits 0 when the ratio meets the goal (<= 1.15), 1 when it does not, 2 on errors.
#
# How it measures: the clock ($EPOCHREALTIME, no fork) is read just before the command is started by a
# process substitution with stderr merged into stdout, and again when the first line showing the probes attached
# arrives on that pipe: bpftrace's "Attaching N probes..." and gpttrace -v's "attached N probes in X ms".
# Both readings include the same fork/exec and pipe overhead. The command is then stopped with SIGINT
# (repeated, since bpftrace can miss the first one), then SIGTERM, then SIGKILL, and reaped before the
# next run starts.
set -euo pipefail

PROGRAM='tracepoint:raw_syscalls:sys_enter { @ = count(); }'
GOAL=1.15
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GPTTRACE="${1:-${GPTTRACE:-$ROOT/build/gpttrace}}"
RUNS="${2:-${RUNS:-10}}"

if [[ ! -x "$GPTTRACE" ]]; then
  echo "attach_ratio: $GPTTRACE is not an executable (build it, or pass its path)" >&2
  exit 2
fi
command -v bpftrace >/dev/null || { echo "attach_ratio: bpftrace not found" >&2; exit 2; }

now_us() { echo "${EPOCHREALTIME/./}"; }

# Stops process $1: SIGINT twice, SIGTERM, SIGKILL, with short waits; then reaps it.
stop() {
  local pid=$1 sig
  for sig in INT INT TERM KILL; do
    kill -s "$sig" "$pid" 2>/dev/null || break
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 "$pid" 2>/dev/null || break 2
      sleep 0.1
    done
  done
  wait "$pid" 2>/dev/null || true
}

# Prints the milliseconds from starting the command (after $1) to its first output line containing $1.
time_to_line() {
  local pattern=$1 start line fd elapsed=""
  shift
  start=$(now_us)
  exec {fd}< <(exec "$@" 2>&1)
  local pid=$!
  while IFS= read -r -t 10 line <&"$fd"; do
    if [[ $line == *"$pattern"* ]]; then
      elapsed=$(( $(now_us) - start ))
      break
    fi
  done
  stop "$pid"
  exec {fd}<&-
  if [[ -z $elapsed ]]; then
    echo "attach_ratio: no line containing \"$pattern\" from: $*" >&2
    exit 2
  fi
  awk -v us="$elapsed" 'BEGIN { printf "%.1f\n", us / 1000 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

gpt_times=() bpf_times=()
for ((i = 0; i < RUNS; i++)); do
  if ((i % 2 == 0)); then
    gpt_times+=("$(time_to_line attached "$GPTTRACE" -v --yes -e "$PROGRAM")")
    bpf_times+=("$(time_to_line Attaching bpftrace -e "$PROGRAM")")
  else
    bpf_times+=("$(time_to_line Attaching bpftrace -e "$PROGRAM")")
    gpt_times+=("$(time_to_line attached "$GPTTRACE" -v --yes -e "$PROGRAM")")
  fi
done

gpt=$(printf '%s\n' "${gpt_times[@]}" | median)
bpf=$(printf '%s\n' "${bpf_times[@]}" | median)
echo "program:  $PROGRAM"
echo "gpttrace: median ${gpt} ms to attached  (runs: ${gpt_times[*]})"
echo "bpftrace: median ${bpf} ms to Attaching (runs: ${bpf_times[*]})"
awk -v g="$gpt" -v b="$bpf" -v goal="$GOAL" 'BEGIN {
  ratio = g / b
  printf "ratio:    %.2f (goal <= %.2f): %s\n", ratio, goal, ratio <= goal ? "met" : "NOT met"
  exit ratio <= goal ? 0 : 1
}'
