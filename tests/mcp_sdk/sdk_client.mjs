// Drives `gpttrace mcp` with the official MCP TypeScript SDK client (npm @modelcontextprotocol/sdk), the
// way an assistant does: list the tools, plan and check programs, run a 3-second trace of a workload and
// read its rows as structured data, start/poll/stop a long trace, cancel a running one, close. Then no
// bpftrace may be left. Usage: node sdk_client.mjs GPTTRACE EVWK. Prints one line per failed check.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, 'node_modules', '@modelcontextprotocol', 'sdk'))) {
  console.error(`sdk_client: the SDK is not installed; run: (cd ${here} && npm install)  (scripts/setup.sh does this)`);
  process.exit(1);
}
const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');

const [gpttrace, evwk] = process.argv.slice(2);
const failures = [];
const check = (ok, what, detail = '') => {
  if (!ok) failures.push(`FAIL ${what}${detail ? ': ' + String(detail).slice(0, 600) : ''}`);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (result) => (result.content ?? []).map((c) => c.text ?? '').join('');

// Live bpftrace processes whose command line holds `marker` (zombies excluded).
function bpftraceRunning(marker) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8') !== 'bpftrace\n') continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat[stat.lastIndexOf(')') + 2] === 'Z') continue;
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) found.push(pid);
    } catch { /* the process ended while we looked */ }
  }
  return found;
}

async function waitFor(predicate, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return true;
    await sleep(100);
  }
  return predicate();
}

function countFor(structured, comm) {
  for (const entries of Object.values(structured?.maps ?? {})) {
    for (const e of entries) if (JSON.stringify(e.key) === JSON.stringify([comm])) return e.value;
  }
  return -1;
}

const workload = spawn(evwk, ['--name', 'evwk_sdk', '--seconds', '60', 'syscalls'], { stdio: 'ignore' });
const opener = spawn(evwk, ['--name', 'evwk_sdk_open', '--seconds', '60', 'open', '/etc/hostname'], { stdio: 'ignore' });
await sleep(150);

const client = new Client({ name: 'gpttrace-sdk-test', version: '1.0.0' });
const transport = new StdioClientTransport({ command: gpttrace, args: ['mcp'], stderr: 'inherit' });
try {
  await client.connect(transport);
  check(client.getServerVersion()?.name === 'gpttrace', 'server info', JSON.stringify(client.getServerVersion()));

  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name).sort();
  const expected = ['ask', 'check_program', 'examples', 'get_trace', 'list_probes', 'plan_trace', 'run_trace',
                    'start_trace', 'stop_trace'];
  check(JSON.stringify(names) === JSON.stringify(expected), 'tools/list names', names);
  check(tools.every((t) => t.inputSchema && t.outputSchema && t.annotations), 'schemas and annotations');

  const plan = await client.callTool({ name: 'plan_trace', arguments: { request: 'count syscalls by process' } });
  check(!plan.isError && plan.structuredContent.program.includes('raw_syscalls'), 'plan_trace', text(plan));

  const good = await client.callTool({ name: 'check_program',
                                       arguments: { program: 'tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }' } });
  check(!good.isError && good.structuredContent.ok === true, 'check_program accepts', text(good));
  const kprobe = await client.callTool({ name: 'check_program',
                                         arguments: { program: 'kprobe:vfs_read { @[comm] = count(); }' } });
  check(kprobe.isError === true && text(kprobe).includes('tracepoint:syscalls:sys_enter_read'), 'kprobe refused',
        text(kprobe));
  const system = await client.callTool({ name: 'run_trace',
                                         arguments: { program: 'BEGIN { system("id"); exit(); }' } });
  check(system.isError === true && text(system).includes('--unsafe'), 'system() refused', text(system));

  let progress = 0;
  const started = Date.now();
  const run = await client.callTool(
      { name: 'run_trace',
        arguments: { program: 'tracepoint:raw_syscalls:sys_enter /comm == "evwk_sdk"/ { @[comm] = count(); }',
                     duration_s: 3 } },
      undefined, { onprogress: () => { progress += 1; } });
  const took = (Date.now() - started) / 1000;
  check(!run.isError && countFor(run.structuredContent, 'evwk_sdk') > 0, 'run_trace rows', JSON.stringify(run));
  check(run.structuredContent?.stopped_by === 'duration' && took >= 3 && took < 12, 'run_trace duration', took);
  check(progress >= 1, 'progress notifications', progress);

  const start = await client.callTool({ name: 'start_trace', arguments: {
      program: 'tracepoint:syscalls:sys_enter_openat /comm == "evwk_sdk_open"/ { printf("%s\\n", str(args->filename)); }',
      duration_s: 120 } });
  check(!start.isError, 'start_trace', text(start));
  const id = start.structuredContent?.id;
  await sleep(1500);
  const page = await client.callTool({ name: 'get_trace', arguments: { id, limit: 5 } });
  check(!page.isError && page.structuredContent.state === 'running' && page.structuredContent.events.length === 5 &&
        page.structuredContent.events[0] === '/etc/hostname', 'get_trace page', JSON.stringify(page.structuredContent));
  const stop = await client.callTool({ name: 'stop_trace', arguments: { id } });
  check(!stop.isError && stop.structuredContent.state === 'finished' && stop.structuredContent.events_total > 5,
        'stop_trace', JSON.stringify(stop.structuredContent)?.slice(0, 300));

  // Cancel: the SDK sends notifications/cancelled when the signal aborts; the server stops bpftrace.
  const abort = new AbortController();
  const cancelled = client.callTool(
      { name: 'run_trace', arguments: {
          program: 'tracepoint:raw_syscalls:sys_enter /comm == "evwk_sdk_cancel"/ { @[comm] = count(); }', duration_s: 30 } },
      undefined, { signal: abort.signal });
  check(await waitFor(() => bpftraceRunning('evwk_sdk_cancel').length > 0, 10000), 'cancelled trace started');
  abort.abort('the user stopped it');
  let rejected = false;
  try { await cancelled; } catch { rejected = true; }
  check(rejected, 'cancelled call rejected');
  check(await waitFor(() => bpftraceRunning('evwk_sdk_cancel').length === 0, 8000), 'cancel stopped bpftrace');

  // A long trace left running: closing the connection must stop it.
  const left = await client.callTool({ name: 'start_trace', arguments: {
      program: 'tracepoint:raw_syscalls:sys_enter /comm == "evwk_sdk_left"/ { @[comm] = count(); }', duration_s: 600 } });
  check(!left.isError, 'start_trace left running', text(left));
  check(await waitFor(() => bpftraceRunning('evwk_sdk_left').length > 0, 10000), 'left trace started');
} catch (error) {
  failures.push(`FAIL exception: ${error?.stack ?? error}`);
} finally {
  await client.close();
  check(await waitFor(() => bpftraceRunning('evwk_sdk').length === 0, 10000), 'no bpftrace left after close',
        bpftraceRunning('evwk_sdk'));
  workload.kill('SIGTERM');
  opener.kill('SIGTERM');
}

for (const line of failures) console.log(line);
console.log(failures.length === 0 ? 'PASS sdk_client' : `${failures.length} check(s) failed`);
process.exit(failures.length === 0 ? 0 : 1);
