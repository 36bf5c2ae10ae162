#!/usr/bin/env bash
# gpttrace serve on three "nodes" (three exporters on loopback ports) scraped by a real Prometheus: the fleet-wide
# series show every workload (processes with known names), histograms have buckets, promtool accepts each
# exposition; a bpftrace killed under an exporter is restarted without a counter reset; an exporter stopped with
# SIGTERM leaves no bpftrace and Prometheus sees it down; bad input is one line and an exit code, nothing left.
# Usage: serve_prometheus.sh GPTTRACE EVWK
set -uo pipefail

GPTTRACE=$1 EVWK=$2
dir=$(mktemp -d)
pids=()  # exporters, Prometheus and workloads, all stopped on exit
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$dir"/*.err; do [ -s "$f" ] && { echo "--- $f" >&2; tail -5 "$f" >&2; }; done
  exit 1
}
for tool in prometheus promtool curl jq; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/setup.sh installs it)"
done

# Four free loopback ports: three exporters and Prometheus.
ports=()
for port in $(shuf -i 20000-60000 -n 40); do
  ss -Htln "sport = :$port" | grep -q . || ports+=("$port")
  [ ${#ports[@]} -eq 4 ] && break
done
prom_port=${ports[3]}

# Workloads with known names: one per node, plus a reader for the latency histogram.
for n in 1 2 3; do
  "$EVWK" --name "evwk_node$n" --seconds 120 syscalls >/dev/null 2>&1 &
  pids+=($!)
done
"$EVWK" --name evwk_reader --seconds 120 read >/dev/null 2>&1 &
pids+=($!)

# The shipped config (deploy/serve.json, also the ConfigMap and the systemd unit's): syscalls and read_latency.
config=$(dirname "$0")/../deploy/serve.json
start_exporter() {  # N [ARGS...]: node N on ports[N-1]
  local n=$1
  shift
  "$GPTTRACE" serve --listen "127.0.0.1:${ports[$((n - 1))]}" --interval 1 --config "$config" "$@" \
    >"$dir/node$n.out" 2>"$dir/node$n.err" &
  exporter[$n]=$!
  pids+=($!)
}
declare -A exporter
start_exporter 1
# Node 2 also gets a program this kernel cannot run (no kprobes here): reported as a metric, the others go on.
start_exporter 2 -e 'kprobe:vfs_read { @[comm] = count(); }'
start_exporter 3

# Waits up to 30 s for node N to have both programs attached.
wait_up() {
  local n=$1
  for _ in $(seq 60); do
    local up
    up=$(curl -s "http://127.0.0.1:${ports[$((n - 1))]}/metrics" | grep -c '^gpttrace_program_up{.*} 1')
    [ "$up" = 2 ] && return 0
    kill -0 "${exporter[$n]}" 2>/dev/null || fail "exporter $n exited: $(cat "$dir/node$n.err")"
    sleep 0.5
  done
  fail "node $n: programs not up after 30 s"
}
for n in 1 2 3; do wait_up "$n"; done

cat >"$dir/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: gpttrace
    static_configs:
      - targets: ['127.0.0.1:${ports[0]}', '127.0.0.1:${ports[1]}', '127.0.0.1:${ports[2]}']
EOF
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$dir/prometheus.out" 2>"$dir/prometheus.err" &
prom_pid=$!
pids+=($prom_pid)

query() {  # PROMQL -> the result array as JSON
  curl -s --data-urlencode "query=$1" "http://127.0.0.1:$prom_port/api/v1/query" | jq -c '.data.result'
}
# Waits up to 30 s for QUERY to give at least N series.
wait_series() {
  local promql=$1 want=$2 got=0
  for _ in $(seq 60); do
    got=$(query "$promql" | jq 'length' 2>/dev/null || echo 0)
    [ "${got:-0}" -ge "$want" ] && return 0
    sleep 0.5
  done
  fail "'$promql' gave $got series, wanted $want"
}

# 1. The fleet-wide top 10 (the README's query) holds every node's workload, seen by all three exporters.
wait_series 'up{job="gpttrace"} == 1' 3
top10='topk(10, sum by (comm) (rate(gpttrace_syscalls_total[5s])))'
wait_series "$top10" 3
for _ in $(seq 20); do
  result=$(query "$top10")
  missing=0
  for n in 1 2 3; do echo "$result" | grep -q "\"evwk_node$n\"" || missing=1; done
  [ $missing = 0 ] && break
  sleep 0.5
done
[ $missing = 0 ] || fail "the fleet top 10 lacks a workload: $result"
for n in 1 2 3; do
  instances=$(query "count by (comm) (gpttrace_syscalls_total{comm=\"evwk_node$n\"})" | jq -r '.[0].value[1]')
  [ "$instances" = 3 ] || fail "evwk_node$n is counted by $instances exporters, not 3"
done

# 2. The latency histogram: buckets with le labels, _sum and _count, aggregated as the README's heatmap does.
wait_series 'sum by (le) (rate(gpttrace_read_latency_seconds_bucket[5s]))' 5
reader=$(query 'sum(gpttrace_read_latency_seconds_count)' | jq -r '.[0].value[1]')
[ "${reader%.*}" -gt 0 ] 2>/dev/null || fail "no reads counted in the histogram: $reader"

# 3. Node 2 says why it cannot run its kprobe program, and serves the rest.
wait_series "gpttrace_program_error{program=\"program3\",reason=\"rejected\",instance=\"127.0.0.1:${ports[1]}\"} == 1" 1
wait_series "gpttrace_program_up{program=\"syscalls\",instance=\"127.0.0.1:${ports[1]}\"} == 1" 1
[ "$(query 'count(gpttrace_program_error)' | jq -r '.[0].value[1]')" = 1 ] || fail "programs other than node 2's kprobe report errors"

# 4. promtool accepts each exposition as it is (names, types, help, histogram shape).
for n in 1 2 3; do
  curl -s "http://127.0.0.1:${ports[$((n - 1))]}/metrics" >"$dir/node$n.prom"
  promtool check metrics <"$dir/node$n.prom" >"$dir/promtool$n.err" 2>&1 ||
    fail "promtool rejects node $n's metrics: $(cat "$dir/promtool$n.err")"
done

# 5. A bpftrace that dies under node 1 is started again; its counters go on from where they were.
counter() {  # NODE COMM -> gpttrace_syscalls_total on that node's /metrics
  curl -s "http://127.0.0.1:${ports[$(($1 - 1))]}/metrics" |
    awk -v c="gpttrace_syscalls_total{comm=\"$2\"}" '$1 == c { print int($2) }'
}
victim=$(pgrep -P "${exporter[1]}" -f 'raw_syscalls:sys_enter' | head -1)
[ -n "$victim" ] || fail "no bpftrace child of exporter 1"
before=$(counter 1 evwk_node1)
kill -KILL "$victim"
for _ in $(seq 40); do
  grep -q 'gpttrace_program_restarts_total{program="syscalls"} 1' <(curl -s "http://127.0.0.1:${ports[0]}/metrics") &&
    grep -q 'gpttrace_program_up{program="syscalls"} 1' <(curl -s "http://127.0.0.1:${ports[0]}/metrics") && break
  sleep 0.5
done
curl -s "http://127.0.0.1:${ports[0]}/metrics" | grep -q 'gpttrace_program_up{program="syscalls"} 1' ||
  fail "the killed bpftrace was not started again: $(grep -v '^#' "$dir/node1.err" | tail -2)"
sleep 2
after=$(counter 1 evwk_node1)
[ "$after" -gt "$before" ] || fail "counter after the restart ($after) is not above the one before ($before)"
sleep 2
resets=$(query "resets(gpttrace_syscalls_total{comm=\"evwk_node1\",instance=\"127.0.0.1:${ports[0]}\"}[1m])" |
  jq -r '.[0].value[1]')
[ "$resets" = 0 ] || fail "Prometheus saw $resets counter resets across the bpftrace restart"

# 6. SIGTERM stops node 3: its bpftrace processes end with it, and Prometheus sees it down.
children=$(pgrep -P "${exporter[3]}" bpftrace | tr '\n' ' ')
[ -n "$children" ] || fail "no bpftrace children of exporter 3"
kill -TERM "${exporter[3]}"
for _ in $(seq 40); do kill -0 "${exporter[3]}" 2>/dev/null || break; sleep 0.5; done
kill -0 "${exporter[3]}" 2>/dev/null && fail "exporter 3 still runs 20 s after SIGTERM"
wait "${exporter[3]}"
rc=$?
[ $rc = 0 ] || fail "exporter 3 exited with $rc after SIGTERM, not 0"
for pid in $children; do kill -0 "$pid" 2>/dev/null && fail "bpftrace $pid outlived exporter 3"; done
wait_series "up{instance=\"127.0.0.1:${ports[2]}\"} == 0" 1

# 7. Bad input: one line, the documented exit code, no bpftrace started.
bpftraces=$(pgrep -c -x bpftrace)
expect_refusal() {  # EXIT_CODE ARGS...
  local want=$1
  shift
  timeout 30 "$GPTTRACE" serve "$@" >"$dir/bad.out" 2>"$dir/bad.err"
  local got=$?
  [ "$got" = "$want" ] || fail "serve $* exited $got, not $want: $(cat "$dir/bad.err")"
  [ "$(grep -c 'gpttrace: ' "$dir/bad.err")" = 1 ] || fail "serve $*: not one error line: $(cat "$dir/bad.err")"
}
expect_refusal 2 --listen 127.0.0.1 "count system calls by process"
expect_refusal 2 --listen 999.0.0.1:9 "count system calls by process"
expect_refusal 2 --listen "[::1]:9436" "count system calls by process"
expect_refusal 2 --interval 0 "count system calls by process"
echo '{"programs": [{"name": "Bad-Name", "request": "count system calls"}]}' >"$dir/bad.json"
expect_refusal 2 --config "$dir/bad.json"
expect_refusal 2 --config "$dir/missing.json"
expect_refusal 2 "list file opens"
expect_refusal 3 "make me a sandwich"
expect_refusal 5 --listen "127.0.0.1:${ports[0]}" "count system calls by process"
[ "$(pgrep -c -x bpftrace)" = "$bpftraces" ] || fail "a refused serve left a bpftrace running"

# 8. Everything stops: the remaining exporters on SIGINT, with every bpftrace they started.
children=$(for n in 1 2; do pgrep -P "${exporter[$n]}" bpftrace; done | tr '\n' ' ')
[ "$(echo $children | wc -w)" = 4 ] || fail "exporters 1 and 2 run '$children', not 4 bpftrace processes"
for n in 1 2; do kill -INT "${exporter[$n]}"; done
for n in 1 2; do wait "${exporter[$n]}" || fail "exporter $n exited with $? after SIGINT"; done
for pid in $children; do kill -0 "$pid" 2>/dev/null && fail "bpftrace $pid outlived its exporter"; done
grep -q 'stopping every bpftrace' "$dir/node1.err" || fail "exporter 1 did not report its stop"
echo "PASS: 3 exporters, Prometheus top 10 with every workload, histogram buckets, promtool, restart, stop"
