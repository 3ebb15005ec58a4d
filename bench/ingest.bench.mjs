// Usage-ingest benchmark: Claude Code logs into the spend ledger, beside the floor and a peer.
//
//   npm run bench                              (both benchmarks)
//   node bench/ingest.bench.mjs
//   BENCH_SIZES=50 BENCH_RUNS=1 node bench/ingest.bench.mjs
//   BENCH_KEEP=1 node bench/ingest.bench.mjs   (keeps the generated logs, and says where)
//
// For each size in BENCH_SIZES (MB, default 100 and 400) it writes generated Claude Code logs (see
// claudeLogWriter.mjs), then measures, each in a fresh Node process, one at a time, BENCH_RUNS times (default 3):
//   - the floor: a plain Node script that reads every line of every log and JSON.parses it;
//   - a first ingest into an empty, durable ledger;
//   - a rescan with nothing new, and one after appending about 1 MB;
//   - reading the resulting ledger;
//   - the command line's `report --by day` over the logs (time and peak RSS), and ccusage's `daily --json` over the
//     same logs, when it is installed (a benchmark-only dev dependency).
// Prints a Markdown table of medians with the ratios, and exits non-zero if the ledger or the report does not hold
// exactly the billable responses generated. The logs are deleted at the end.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { bundleExports, fmt, median, ms, runBenchmark, runChildProcess } from './benchSupport.mjs';
import { LogWriter, PROJECTS } from './claudeLogWriter.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'out-bench');
const bundle = join(outDir, 'ingest.cjs');
const require = createRequire(join(root, 'package.json'));
const SIZES = (process.env.BENCH_SIZES ?? '100,400').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const APPEND_MB = 1;
const MB = 1024 * 1024;
const CLI = join(root, 'dist', 'cli.js');
const CCUSAGE = join(root, 'node_modules', 'ccusage', 'dist', 'index.js');
const PEAK_RSS = join(root, 'bench', 'peakRss.cjs');

// ---------------------------------------------------------------- build

async function buildIngest() {
  mkdirSync(outDir, { recursive: true });
  await bundleExports(root, bundle, [
    "export { ingestUsage } from '../src/core/spend/ingest';",
    "export { Ledger } from '../src/core/spend/ledger';",
    "export { summarizeSpend } from '../src/core/spend/spendSummary';",
    "export { analyzeWaste } from '../src/core/spend/waste';",
    "export { bundledCatalog } from '../src/core/models/catalog';",
    "export { allowanceUsages } from '../src/core/allowances/usage';",
  ]);
}

// ---------------------------------------------------------------- children

/**
 * The JS heap's high-water mark, sampled every few milliseconds while `work` runs (and once after), and the longest
 * the event loop was blocked meanwhile (what an editor running the work on its own thread would feel).
 */
async function sampled(work) {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const { heapUsed } = process.memoryUsage();
    if (heapUsed > peakHeap) peakHeap = heapUsed;
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await work();
    sample();
    return { result, peakHeap, maxLagMs: lag.max / 1e6, p99LagMs: lag.percentile(99) / 1e6 };
  } finally {
    lag.disable();
    clearInterval(timer);
  }
}

/** Every .jsonl file under `folder`. */
function logFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? logFiles(path) : entry.name.endsWith('.jsonl') ? [path] : [];
  });
}

/** The floor: read every line and JSON.parse it, nothing else. */
async function floor(logs) {
  const started = performance.now();
  let lines = 0;
  let bad = 0;
  for (const file of logFiles(logs)) {
    let rest = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: MB })) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop();
      for (const line of parts) {
        if (line === '') continue;
        try {
          JSON.parse(line);
          lines++;
        } catch {
          bad++;
        }
      }
    }
  }
  return { ms: performance.now() - started, lines, bad, maxRss: process.resourceUsage().maxRSS * 1024 };
}

/** Runs a command line in a process of its own; its peak RSS comes from the preloaded peakRss.cjs. */
function command(args, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const proc = spawn(process.execPath, ['--require', PEAK_RSS, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (data) => (stdout += data));
    proc.stderr.on('data', (data) => (stderr += data));
    proc.on('close', (code) => {
      const peak = /tokenwise-bench-peak-rss (\d+)/.exec(stderr);
      resolve({ ms: performance.now() - started, code, stdout, stderr, maxRss: peak ? Number(peak[1]) : Number.NaN });
    });
  });
}

async function child(task) {
  const { ingestUsage, Ledger } = require(bundle);
  globalThis.gc?.();
  const startRss = process.memoryUsage().rss;
  const startHeap = process.memoryUsage().heapUsed;
  if (task.kind === 'ingest') {
    const state = task.stateIn ? JSON.parse(readFileSync(task.stateIn, 'utf8')) : {};
    // The extension keeps the state in memory between scans: the time of loading it (and collecting what the parse
    // left behind) is not a rescan's.
    globalThis.gc?.();
    const ledger = new Ledger(task.ledger);
    const started = performance.now();
    const { result, peakHeap, maxLagMs, p99LagMs } = await sampled(() =>
      ingestUsage(ledger, [{ source: 'claude-code', roots: [task.logs] }], state),
    );
    const ms = performance.now() - started;
    const stateJson = JSON.stringify(result.state);
    if (task.stateOut) writeFileSync(task.stateOut, stateJson);
    return {
      ms,
      appended: result.appended['claude-code'] ?? 0,
      skipped: result.skipped['claude-code'] ?? 0,
      stateBytes: Buffer.byteLength(stateJson),
      startRss,
      startHeap,
      peakHeap,
      maxLagMs,
      p99LagMs,
      maxRss: process.resourceUsage().maxRSS * 1024,
    };
  }
  if (task.kind === 'read') {
    const { summarizeSpend, analyzeWaste, bundledCatalog, allowanceUsages } = require(bundle);
    const started = performance.now();
    const { result, peakHeap, maxLagMs, p99LagMs } = await sampled(() => new Ledger(task.ledger).read());
    const ms = performance.now() - started;
    // What the editor does on its thread with the events, in one go: the Spend view's summary over everything, its
    // waste figures, and two allowances.
    const summaryStarted = performance.now();
    const summary = summarizeSpend(result.events, { now: new Date(), timeZone: 'UTC', range: { id: 'all' } });
    analyzeWaste(summary.inRange, bundledCatalog());
    allowanceUsages(
      [
        { id: 'day', amount: { usd: 20 }, period: 'day', origin: 'personal' },
        { id: 'month', amount: { usd: 500 }, period: 'month', origin: 'team', filter: { providers: ['anthropic'] } },
      ],
      result.events,
      new Date(),
      { defaultTimeZone: 'UTC' },
    );
    const summaryMs = performance.now() - summaryStarted;
    return {
      ms,
      events: result.events.length,
      duplicates: result.duplicates,
      skipped: result.skipped.length,
      summaryMs,
      startRss,
      startHeap,
      peakHeap,
      maxLagMs,
      p99LagMs,
      maxRss: process.resourceUsage().maxRSS * 1024,
    };
  }
  if (task.kind === 'floor') return floor(task.logs);
  throw new Error(`unknown task ${task.kind}`);
}

// ---------------------------------------------------------------- parent

/** One measurement in a fresh process of this script; a time-out or a failure stops the benchmark. */
async function runChild(task, capMs) {
  const result = await runChildProcess(fileURLToPath(import.meta.url), task, { cwd: root, capMs });
  if (result.timedOut) throw new Error(`${task.kind}: stopped after ${capMs / 1000} s`);
  if (result.error) throw new Error(`${task.kind}: ${result.error}`);
  return result;
}

const mb = (bytes) => fmt(bytes / MB, 1);
const pick = (runs, key) => median(runs.map((run) => run[key]));
const repeat = async (times, measure) => {
  const runs = [];
  for (let run = 0; run < times; run++) runs.push(await measure(run));
  return runs;
};

/** Everything measured on one size of logs, with what was expected of it. */
async function measureSize(sizeMb, work, expect) {
  const logs = join(work, 'projects');
  console.error(`Writing ${sizeMb} MB of Claude Code logs under ${work}…`);
  const started = performance.now();
  const writer = new LogWriter(logs);
  const initial = writer.write(sizeMb * MB);
  const files = writer.sessions.length + writer.sessions.reduce((sum, session) => sum + session.agents.length, 0);
  console.error(
    `  ${mb(initial.bytes)} MB, ${fmt(initial.lines)} lines, ${fmt(files)} files in ${fmt((performance.now() - started) / 1000, 1)} s`,
  );

  // The floor and the first ingest take turns, so a busy moment of a shared machine hits both alike.
  console.error('  floor and first ingest, in turn');
  const floors = [];
  const full = await repeat(RUNS, async (run) => {
    floors.push(await runChild({ kind: 'floor', logs }, 600_000));
    const result = await runChild(
      { kind: 'ingest', logs, ledger: join(work, `ledger-${run}`), stateOut: join(work, `state-${run}.json`) },
      600_000,
    );
    expect(`${sizeMb} MB: first ingest ${run + 1}, events`, result.appended, initial.billable);
    expect(`${sizeMb} MB: first ingest ${run + 1}, lines skipped`, result.skipped, initial.malformed);
    return result;
  });
  const ledger = join(work, 'ledger-0');
  let state = join(work, 'state-0.json');
  console.error('  rescan with nothing new');
  const idle = await repeat(RUNS, async (run) => {
    const result = await runChild({ kind: 'ingest', logs, ledger, stateIn: state }, 120_000);
    expect(`${sizeMb} MB: rescan ${run + 1} with nothing new, events`, result.appended, 0);
    return result;
  });
  console.error(`  rescan after appending ${APPEND_MB} MB`);
  const active = [...writer.sessions].sort((a, b) => b.weight - a.weight).slice(0, 6);
  let appendedBillable = 0;
  const appended = await repeat(RUNS, async (run) => {
    const added = writer.write(APPEND_MB * MB, active);
    appendedBillable += added.billable;
    const next = join(work, `state-append-${run}.json`);
    const result = await runChild({ kind: 'ingest', logs, ledger, stateIn: state, stateOut: next }, 120_000);
    expect(`${sizeMb} MB: rescan ${run + 1} after an append, events`, result.appended, added.billable);
    state = next;
    return { ...result, bytes: added.bytes };
  });
  const total = initial.billable + appendedBillable;
  console.error('  ledger read');
  const reads = await repeat(RUNS, async (run) => {
    const result = await runChild({ kind: 'read', ledger }, 300_000);
    expect(`${sizeMb} MB: ledger read ${run + 1}, events`, result.events, total);
    return result;
  });
  // The command line and ccusage read the logs themselves, at the default place under CLAUDE_CONFIG_DIR.
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  const env = { CLAUDE_CONFIG_DIR: work, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), CODEX_HOME: join(home, 'codex'), TZ: 'UTC' };
  console.error('  command line report');
  const reports = await repeat(RUNS, async (run) => {
    const result = await command([CLI, 'report', '--by', 'day', '--json'], env);
    const requests = JSON.parse(result.stdout).buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    expect(`${sizeMb} MB: report ${run + 1}, requests`, requests, total);
    return result;
  });
  let peers;
  if (existsSync(CCUSAGE)) {
    console.error('  ccusage');
    peers = await repeat(RUNS, () => command([CCUSAGE, 'daily', '--json', '--offline'], env));
  }
  return { sizeMb, initial, files, total, floors, full, idle, appended, reads, reports, peers };
}

function table(results) {
  const cores = cpus();
  const row = (label, value) => `| ${label} | ${results.map(value).join(' | ')} |`;
  const ratio = (a, b) => fmt(a / b, 2);
  const lines = [
    `## Claude Code usage ingest — Node ${process.version}, ${availableParallelism()} cores ` +
      `(${cores[0]?.model?.trim() ?? 'unknown CPU'}), ${fmt(totalmem() / 2 ** 30, 0)} GiB`,
    '',
    `Generated logs (${PROJECTS.length} projects, main sessions and subagents, streamed responses, replays, <synthetic>, API errors and torn lines). ` +
      `Each measurement in a fresh Node process, median of ${RUNS}; the ledger is durable (fsync per batch), as in the extension. ` +
      'The floor reads every line and JSON.parses it; ccusage reads the same logs with `daily --json --offline`.',
    '',
    `| Measure | ${results.map((result) => `${mb(result.initial.bytes)} MB`).join(' | ')} |`,
    `|---|${results.map(() => '---:').join('|')}|`,
    row('Files, lines', (r) => `${fmt(r.files)}, ${fmt(r.initial.lines)}`),
    row('Floor: read and JSON.parse every line (s)', (r) => fmt(pick(r.floors, 'ms') / 1000, 2)),
    row('First ingest into an empty ledger (s)', (r) => fmt(pick(r.full, 'ms') / 1000, 2)),
    row('First ingest speed ÷ floor speed (≥ 1 is faster)', (r) => ratio(pick(r.floors, 'ms'), pick(r.full, 'ms'))),
    row('First ingest throughput (MB/s)', (r) => fmt(r.initial.bytes / MB / (pick(r.full, 'ms') / 1000), 1)),
    row('Peak RSS of the first ingest (MB)', (r) => mb(pick(r.full, 'maxRss'))),
    row('Longest event-loop block in the first ingest (ms)', (r) => ms(pick(r.full, 'maxLagMs'))),
    row('Reader state kept between scans (MB)', (r) => mb(r.full[0].stateBytes)),
    row('Rescan, nothing new (ms)', (r) => ms(pick(r.idle, 'ms'))),
    row(`Rescan after appending ${APPEND_MB} MB (ms)`, (r) => ms(pick(r.appended, 'ms'))),
    row('Ledger read (ms)', (r) => ms(pick(r.reads, 'ms'))),
    row('Spend summary (all time), waste and two allowances over the ledger (ms)', (r) => ms(pick(r.reads, 'summaryMs'))),
    row('`tokenwise report --by day` (s)', (r) => fmt(pick(r.reports, 'ms') / 1000, 2)),
    row('`tokenwise report` peak RSS (MB)', (r) => mb(pick(r.reports, 'maxRss'))),
    row('ccusage `daily` (s)', (r) => (r.peers ? fmt(pick(r.peers, 'ms') / 1000, 2) : 'not installed')),
    row('ccusage peak RSS (MB)', (r) => (r.peers ? mb(pick(r.peers, 'maxRss')) : '—')),
    row('Tokenwise report speed ÷ ccusage speed', (r) => (r.peers ? ratio(pick(r.peers, 'ms'), pick(r.reports, 'ms')) : '—')),
    row('Billable responses found (all of them)', (r) => fmt(r.total)),
  ];
  return lines;
}

async function main() {
  console.error('Building ingestUsage and Ledger, and the command line…');
  await buildIngest();
  if (!existsSync(CLI)) throw new Error(`No ${CLI}: run npm run build first.`);
  const problems = [];
  const expect = (what, actual, expected) => {
    if (actual !== expected) problems.push(`${what}: ${fmt(actual ?? Number.NaN)}, expected ${fmt(expected)}`);
  };
  const results = [];
  for (const size of SIZES) {
    const work = mkdtempSync(join(tmpdir(), 'tokenwise-ingest-bench-'));
    try {
      results.push(await measureSize(size, work, expect));
    } finally {
      if (process.env.BENCH_KEEP) console.error(`Kept the logs and ledgers in ${work}`);
      else rmSync(work, { recursive: true, force: true });
    }
  }
  const lines = table(results);
  lines.push('');
  lines.push(
    problems.length === 0
      ? 'Every count is the number of billable responses generated.'
      : `WRONG COUNTS:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
  console.log(lines.join('\n'));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'ingest-results.md'), lines.join('\n') + '\n');
  if (problems.length > 0) process.exitCode = 1;
}

runBenchmark({ child, main });
