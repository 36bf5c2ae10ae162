#!/usr/bin/env bash
# The files and pipes a run writes, read back as a user would: --folded, --flamegraph and --report from a
# real profile, latency and per-second run, loaded in headless Chromium (scripts ran without error, the
# screenshot is not blank); stdout closed by `head -1` and stdout on a full disk.
# Usage: results_files.sh GPTTRACE EVWK PNG_COLORS [SCREENSHOT_DIR]
set -uo pipefail

GPTTRACE=$1 EVWK=$2 PNG_COLORS=$3 SHOTS=${4:-}
dir=$(mktemp -d)
workloads=()
cleanup() {
  for pid in "${workloads[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
workload() {
  "$EVWK" --seconds 60 "$@" >/dev/null 2>&1 &
  workloads+=($!)
}
command -v chromium >/dev/null || fail "chromium is not installed (scripts/setup.sh installs it)"

# Headless Chromium without network, updates or a shared profile.
chrome() {
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$dir")" "$@" 2>>"$dir/chromium.log"
}

# A page's DOM after its scripts ran must carry the ready mark, and its screenshot must not be blank.
check_page() {  # FILE READY_MARK NAME
  local file=$1 mark=$2 name=$3
  chrome --dump-dom "file://$file" >"$dir/$name.dom" || fail "chromium could not load $file"
  grep -q "$mark" "$dir/$name.dom" || fail "$name: scripts did not finish ($mark missing from the DOM)"
  chrome --screenshot="$dir/$name.png" --window-size=1200,900 "file://$file" >/dev/null ||
    fail "chromium could not screenshot $file"
  local colors
  colors=$("$PNG_COLORS" "$dir/$name.png") || fail "$name: unreadable screenshot"
  [ "$colors" -ge 50 ] || fail "$name: screenshot looks blank ($colors colors)"
  [ -z "$SHOTS" ] || cp "$dir/$name.png" "$SHOTS/"
}

# 1. A kernel-stack profile: folded stacks, a flame graph, a report with the flame graph inline.
workload --name evwk_fgp syscalls
sleep 0.2
"$GPTTRACE" --yes -d 2 --folded "$dir/p.folded" --flamegraph "$dir/p.svg" --report "$dir/p.html" \
  -e 'profile:hz:999 /comm == "evwk_fgp"/ { @[comm, kstack] = count(); }' >"$dir/p.out" 2>"$dir/p.err" ||
  fail "profile run failed: $(cat "$dir/p.err")"
[ -s "$dir/p.folded" ] || fail "no folded stacks written"
grep -qvE '^evwk_fgp(;[^;]+)+ [0-9]+$' "$dir/p.folded" && fail "folded line not 'evwk_fgp;frame;... N': $(head -3 "$dir/p.folded")"
grep -q ';entry_SYSCALL_64' "$dir/p.folded" || fail "folded stacks lack the syscall entry frame"
[ "$(grep -c '<g class="fr"' "$dir/p.svg")" -ge 3 ] || fail "flame graph has fewer than 3 frames"
check_page "$dir/p.svg" 'data-ready="1"' flamegraph
check_page "$dir/p.html" 'data-report-ready="1"' report_profile
# The flame graph's own controls: Search highlights matching frames and reports their share; clicking a
# narrow frame zooms it to the full width.
{
  echo '<!DOCTYPE html><html><body>'
  sed 1d "$dir/p.svg"
  cat <<'JS'
<script>
var svg = document.querySelector("svg.flamegraph");
var share = svg.fgSearch("entry_SYSCALL");
var frames = Array.prototype.slice.call(svg.querySelectorAll("g.fr"));
var narrow = frames.filter(function (g) { return +g.getAttribute("data-d") >= 2; })
  .sort(function (a, b) { return a.getAttribute("data-w") - b.getAttribute("data-w"); })[0];
svg.fgZoom(narrow);
document.body.setAttribute("data-check", (share > 0 ? "matched" : "unmatched") + " " +
  (+narrow.querySelector("rect").getAttribute("width") > 1000 ? "zoomed" : "not-zoomed"));
</script></body></html>
JS
} >"$dir/controls.html"
chrome --dump-dom "file://$dir/controls.html" | grep -q 'data-check="matched zoomed"' ||
  fail "flame graph search or zoom does not work"

grep -q 'class="flamegraph"' "$dir/report_profile.dom" || fail "report has no inline flame graph"
grep -q 'evwk_fgp' "$dir/report_profile.dom" || fail "report does not name the process"

# 1b. An off-CPU request (the planner's sched.offcpu): the folded kernel stacks of a sleeping workload,
# and a flame graph of them.
workload --name evwk_fgo sleep 20
sleep 0.2
"$GPTTRACE" --yes -d 2 --folded "$dir/o.folded" --flamegraph "$dir/o.svg" "off-CPU time by kernel stack for evwk_fgo" \
  >"$dir/o.out" 2>"$dir/o.err" || fail "off-CPU request failed: $(cat "$dir/o.err")"
grep -q 'schedule' "$dir/o.folded" || fail "off-CPU folded stacks lack the scheduler: $(head -3 "$dir/o.folded")"
[ "$(grep -c '<g class="fr"' "$dir/o.svg")" -ge 3 ] || fail "off-CPU flame graph has fewer than 3 frames"

# 2. A latency histogram: bar chart with percentiles, titled with its unit.
workload --name evwk_rdh read
sleep 0.2
"$GPTTRACE" --yes -d 2 --report "$dir/l.html" "read latency histogram for evwk_rdh by process" >"$dir/l.out" 2>&1 ||
  fail "latency run failed: $(cat "$dir/l.out")"
check_page "$dir/l.html" 'data-report-ready="1"' report_latency
for want in 'class="hist"' '<b>p50</b> in' 'latency (us)' 'evwk_rdh'; do
  grep -qF "$want" "$dir/report_latency.dom" || fail "latency report lacks $want"
done

# 3. Per-second counts: a line chart.
"$GPTTRACE" --yes -d 3 --report "$dir/r.html" "count syscalls per second by process" >"$dir/r.out" 2>&1 ||
  fail "per-second run failed: $(cat "$dir/r.out")"
check_page "$dir/r.html" 'data-report-ready="1"' report_rate
grep -q 'class="series"' "$dir/report_rate.dom" || fail "per-second report has no line chart"

# 4. A reader that goes away (`| head -1`) ends the trace at once, quietly, exit 0, no bpftrace left.
workload --name evwk_pipe syscalls
start=$(date +%s)
first=$("$GPTTRACE" --yes -e 'tracepoint:syscalls:sys_enter_getppid /comm == "evwk_pipe"/ { printf("%d\n", pid); }' \
  2>"$dir/pipe.err" | head -1)
rc=${PIPESTATUS[0]}
elapsed=$(($(date +%s) - start))
[ "$rc" -eq 0 ] || fail "closed stdout: exit $rc, want 0 ($(cat "$dir/pipe.err"))"
[ "$elapsed" -le 10 ] || fail "closed stdout: the trace ran ${elapsed}s after head exited"
[[ "$first" =~ ^[0-9]+$ ]] || fail "closed stdout: first line '$first' is not a pid"
grep -q 'could not write' "$dir/pipe.err" && fail "closed stdout reported as an error"
sleep 1
pgrep -f 'comm == "evwk_pipe"' >/dev/null && fail "bpftrace outlived gpttrace after EPIPE"

# 5. A full disk loses results: one error line, exit 7.
"$GPTTRACE" --yes -e 'BEGIN { printf("x\n"); exit(); }' >/dev/full 2>"$dir/full.err"
rc=$?
[ "$rc" -eq 7 ] || fail "stdout on /dev/full: exit $rc, want 7"
grep -q 'No space left on device' "$dir/full.err" || fail "stdout on /dev/full: no error line ($(cat "$dir/full.err"))"

# 6. An unwritable report path is refused before anything runs; a flame graph without stacks is not written.
"$GPTTRACE" --yes --report /nonexistent-dir/r.html -e 'BEGIN { exit(); }' >/dev/null 2>"$dir/bad.err"
[ $? -eq 2 ] || fail "unwritable --report path: want exit 2"
grep -q "cannot write into '/nonexistent-dir'" "$dir/bad.err" || fail "unwritable --report path: $(cat "$dir/bad.err")"
"$GPTTRACE" --yes --flamegraph "$dir/none.svg" -e 'BEGIN { @[comm] = count(); exit(); }' >/dev/null 2>"$dir/none.err" ||
  fail "flame graph without stacks failed the run"
[ ! -e "$dir/none.svg" ] || fail "a flame graph was written without any stacks"
grep -q 'no stack-keyed results' "$dir/none.err" || fail "no note for a flame graph without stacks"
echo "PASS results files, pages in Chromium, closed and full stdout"
