// Token-counting benchmark: Tokenwise's counting engine against js-tiktoken,
// gpt-tokenizer and tiktoken (WASM), on the same inputs, o200k_base.
//
//   npm run bench            (node bench/counting.bench.mjs)
//   BENCH_RUNS=5 BENCH_CAP_MS=20000 npm run bench
//
// Builds the engine and its worker from src/ with esbuild into out-bench/,
// then measures every library in fresh child processes, one at a time:
// load time, memory once loaded, first and warm passes over 1 MB of
// TypeScript and Markdown, a warm full count of 2 MB, and the pathological
// inputs (each peer stopped after BENCH_CAP_MS). For the engine alone it also
// measures incremental edits, the first count from a cold worker and the
// event-loop lag while the worker counts 20 MB. Prints Markdown tables and
// exits non-zero if any two libraries disagree on a count.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { buildCorpus, bundleEngine, finishReport, fmt, median, ms, runBenchmark, runChildProcess } from './benchSupport.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'out-bench');
const require = createRequire(join(root, 'package.json'));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARM_PASSES = 5;
const CAP_MS = Number(process.env.BENCH_CAP_MS ?? 10_000);
const ENCODING = 'o200k_base';
const PEERS = ['engine', 'js-tiktoken', 'gpt-tokenizer', 'tiktoken'];
const LABELS = { engine: 'Tokenwise engine', 'js-tiktoken': 'js-tiktoken', 'gpt-tokenizer': 'gpt-tokenizer', tiktoken: 'tiktoken (WASM)' };

// ---------------------------------------------------------------- inputs

async function buildInputs() {
  mkdirSync(outDir, { recursive: true });
  const corpus = buildCorpus(root);
  writeFileSync(join(outDir, 'corpus.txt'), corpus);
  const esbuild = await import('esbuild');
  const source = readFileSync(join(root, 'node_modules/typescript/lib/typescript.js'), 'utf8');
  let bundle = (await esbuild.transform(source, { minify: true, loader: 'js' })).code;
  while (bundle.length < 5_000_000) bundle += bundle;
  writeFileSync(join(outDir, 'bundle.min.js'), bundle.slice(0, 5_000_000));
  await bundleEngine(root, outDir, [
    "export { IncrementalCount } from '../src/core/counting/incrementalCount';",
    "export { WorkerTokenCounter } from '../src/core/counting/workerTokenCounter';",
  ]);
}

const readInput = (name) => readFileSync(join(outDir, name), 'utf8');
const PATHOLOGICAL = {
  a100k: { title: '100 KB of "a"', text: () => 'a'.repeat(100_000) },
  spaces100k: { title: '100 KB of spaces', text: () => ' '.repeat(100_000) },
  bundle5m: { title: '5 MB minified bundle', text: () => readInput('bundle.min.js') },
};

// ---------------------------------------------------------------- children

function loadPeer(peer) {
  switch (peer) {
    case 'engine': {
      const engine = require(join(outDir, 'engine.cjs')).loadEngine(ENCODING);
      return { count: (text) => engine.count(text) };
    }
    case 'js-tiktoken': {
      const { Tiktoken } = require('js-tiktoken/lite');
      const encoder = new Tiktoken(require(`js-tiktoken/ranks/${ENCODING}`));
      return { count: (text) => encoder.encode(text, [], []).length };
    }
    case 'gpt-tokenizer': {
      const tokenizer = require(`gpt-tokenizer/encoding/${ENCODING}`);
      const options = { disallowedSpecial: new Set() };
      return { count: (text) => tokenizer.countTokens(text, options) };
    }
    case 'tiktoken': {
      const encoder = require('tiktoken').get_encoding(ENCODING);
      return { count: (text) => encoder.encode(text, [], []).length, free: () => encoder.free() };
    }
  }
  throw new Error(`unknown peer ${peer}`);
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const memory = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heap: heapUsed, external: external + arrayBuffers };
};

async function child(task) {
  if (task.kind === 'throughput') {
    const corpus = readInput('corpus.txt');
    const twoMb = corpus + '\n' + corpus;
    const before = memory();
    let started = performance.now();
    const peer = loadPeer(task.peer);
    const loadMs = performance.now() - started;
    const after = memory();
    started = performance.now();
    const tokens = peer.count(corpus);
    const firstMs = performance.now() - started;
    const warm = [];
    for (let i = 0; i < WARM_PASSES; i++) {
      started = performance.now();
      if (peer.count(corpus) !== tokens) throw new Error('count changed between passes');
      warm.push(performance.now() - started);
    }
    started = performance.now();
    const twoMbTokens = peer.count(twoMb);
    const twoMbMs = performance.now() - started;
    peer.free?.();
    return {
      tokens,
      twoMbTokens,
      loadMs,
      firstMs,
      warmMs: median(warm),
      twoMbMs,
      rss: after.rss - before.rss,
      heap: after.heap - before.heap,
      external: after.external - before.external,
    };
  }
  if (task.kind === 'pathological') {
    const text = PATHOLOGICAL[task.case].text();
    const peer = loadPeer(task.peer);
    peer.count('warm up');
    const started = performance.now();
    const tokens = peer.count(text);
    return { tokens, ms: performance.now() - started };
  }
  if (task.kind === 'incremental') {
    const { loadEngine, IncrementalCount } = require(join(outDir, 'engine.cjs'));
    const engine = loadEngine(ENCODING);
    const corpus = readInput('corpus.txt');
    const text = (corpus + '\n' + corpus).slice(0, 2_000_000);
    const document = new IncrementalCount(engine, text);
    const times = [];
    let seed = 2024;
    for (let i = 0; i < 1_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const offset = seed % document.documentLength;
      const started = performance.now();
      if (i % 2 === 0) document.applyEdit(offset, 0, i % 4 === 0 ? 'x' : ' ');
      else document.applyEdit(offset, 1, '');
      times.push(performance.now() - started);
    }
    const full = engine.count(document.documentText);
    return { medianMs: median(times), p95Ms: percentile(times, 0.95), tokens: document.tokens, full };
  }
  if (task.kind === 'coldWorker') {
    const { WorkerTokenCounter } = require(join(outDir, 'engine.cjs'));
    const text = readInput('corpus.txt').slice(0, 100_000);
    const started = performance.now();
    const counter = new WorkerTokenCounter(join(outDir, 'countWorker.cjs'));
    const tokens = await counter.count([text], ENCODING, 60_000);
    const ms = performance.now() - started;
    counter.dispose();
    return { tokens, ms, expected: loadPeer('engine').count(text) };
  }
  if (task.kind === 'lag') {
    const { WorkerTokenCounter } = require(join(outDir, 'engine.cjs'));
    const corpus = readInput('corpus.txt');
    const text = corpus.repeat(Math.ceil(20_000_000 / corpus.length)).slice(0, 20_000_000);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const gaps = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last - 2);
      last = now;
    }, 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    histogram.enable();
    const counter = new WorkerTokenCounter(join(outDir, 'countWorker.cjs'));
    const started = performance.now();
    const tokens = await counter.count([text], ENCODING, 120_000);
    const ms = performance.now() - started;
    histogram.disable();
    clearInterval(ticker);
    counter.dispose();
    return { tokens, ms, maxLagMs: Math.max(0, ...gaps), histogramMaxMs: histogram.max / 1e6, p99LagMs: histogram.percentile(99) / 1e6 };
  }
  throw new Error(`unknown task ${task.kind}`);
}

// ---------------------------------------------------------------- parent

const ratio = (value) => (value >= 10 ? `${fmt(value)}×` : `${fmt(value, 1)}×`);

/** One measurement in a fresh process of this script: its result, `{ timedOut }` or `{ error }`. */
const measure = (task, capMs) => runChildProcess(fileURLToPath(import.meta.url), task, { cwd: root, capMs });

async function main() {
  console.error('Building the engine and the inputs…');
  await buildInputs();
  const disagreements = [];
  const agree = (what, counts) => {
    const values = Object.entries(counts).filter(([, value]) => value !== undefined);
    if (new Set(values.map(([, value]) => value)).size > 1) {
      disagreements.push(`${what}: ${values.map(([peer, value]) => `${peer} ${value}`).join(', ')}`);
    }
  };

  const throughput = {};
  for (const peer of PEERS) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      console.error(`throughput: ${peer}, run ${run + 1}/${RUNS}`);
      const result = await measure({ kind: 'throughput', peer }, 180_000);
      if (result.error || result.timedOut) throw new Error(`${peer}: ${result.error ?? 'timed out'}`);
      runs.push(result);
    }
    const pick = (key) => median(runs.map((run) => run[key]));
    throughput[peer] = {
      tokens: runs[0].tokens,
      twoMbTokens: runs[0].twoMbTokens,
      loadMs: pick('loadMs'),
      firstMs: pick('firstMs'),
      warmMs: pick('warmMs'),
      twoMbMs: pick('twoMbMs'),
      rss: pick('rss'),
      heap: pick('heap'),
      external: pick('external'),
    };
  }
  agree('1 MB corpus', Object.fromEntries(PEERS.map((peer) => [peer, throughput[peer].tokens])));
  agree('2 MB document', Object.fromEntries(PEERS.map((peer) => [peer, throughput[peer].twoMbTokens])));

  const pathological = {};
  for (const [key] of Object.entries(PATHOLOGICAL)) {
    pathological[key] = {};
    for (const peer of PEERS) {
      // Median of RUNS fresh processes; a peer stopped at the cap is not run again.
      const runs = [];
      for (let run = 0; run < RUNS; run++) {
        console.error(`pathological: ${key}, ${peer}, run ${run + 1}/${RUNS}`);
        const result = await measure({ kind: 'pathological', peer, case: key }, CAP_MS + 3_000 /* load time */);
        runs.push(result);
        if (result.timedOut || result.error) break;
      }
      const finished = runs.filter((result) => !result.timedOut && !result.error);
      pathological[key][peer] =
        finished.length === runs.length ? { tokens: runs[0].tokens, ms: median(runs.map((result) => result.ms)) } : runs[runs.length - 1];
    }
    agree(PATHOLOGICAL[key].title, Object.fromEntries(PEERS.map((peer) => [peer, pathological[key][peer].tokens])));
  }

  console.error('incremental edits, cold worker, event-loop lag');
  const incremental = await measure({ kind: 'incremental' }, 120_000);
  const coldRuns = [];
  for (let run = 0; run < RUNS; run++) coldRuns.push(await measure({ kind: 'coldWorker' }, 60_000));
  const lag = await measure({ kind: 'lag' }, 180_000);
  for (const [what, result] of [
    ['incremental', incremental],
    ['cold worker', coldRuns[0]],
    ['event-loop lag', lag],
  ]) {
    if (result.error || result.timedOut) throw new Error(`${what}: ${result.error ?? 'timed out'}`);
  }
  agree('incremental vs full count (2 MB after 1,000 edits)', { incremental: incremental.tokens, full: incremental.full });
  for (const run of coldRuns) agree('cold worker, 100 KB', { worker: run.tokens, engine: run.expected });

  // ---- tables
  const corpusTokens = throughput.engine.tokens;
  const peers = PEERS.slice(1);
  const lines = [];
  lines.push(`## Token counting, ${ENCODING} — Node ${process.version}, ${RUNS} runs per library (medians)`);
  lines.push('');
  lines.push(
    `1 MB corpus: ${fmt(corpusTokens)} tokens. Peer cells show (n×): how many times better the engine is (faster, smaller); below 1× the peer is better.`,
  );
  lines.push('');
  lines.push(`| Measure | ${PEERS.map((peer) => LABELS[peer]).join(' | ')} |`);
  lines.push(`|---|${PEERS.map(() => '---:').join('|')}|`);
  const row = (title, value, show, higherIsBetter = false) => {
    const own = value('engine');
    const cells = PEERS.map((peer) => {
      const v = value(peer);
      if (v === undefined) return '—';
      if (peer === 'engine') return show(v);
      return `${show(v)} (${ratio(higherIsBetter ? own / v : v / own)})`;
    });
    lines.push(`| ${title} | ${cells.join(' | ')} |`);
  };
  row(
    'Warm throughput, 1 MB (M tokens/s)',
    (peer) => corpusTokens / throughput[peer].warmMs / 1_000,
    (v) => fmt(v, 2),
    true,
  );
  row('Warm full count, 1 MB (ms)', (peer) => throughput[peer].warmMs, ms);
  row('First pass, 1 MB (ms)', (peer) => throughput[peer].firstMs, ms);
  row(
    'First-pass throughput (M tokens/s)',
    (peer) => corpusTokens / throughput[peer].firstMs / 1_000,
    (v) => fmt(v, 2),
    true,
  );
  row('Warm full count, 2 MB (ms)', (peer) => throughput[peer].twoMbMs, ms);
  for (const [key, { title }] of Object.entries(PATHOLOGICAL)) {
    const cells = PEERS.map((peer) => {
      const result = pathological[key][peer];
      const own = pathological[key].engine;
      if (result.timedOut) return `> ${fmt(CAP_MS / 1000)} s (stopped; > ${ratio(CAP_MS / own.ms)})`;
      if (result.error) return `error: ${result.error.slice(0, 60)}`;
      if (peer === 'engine' || own.timedOut || own.error) return `${ms(result.ms)} ms`;
      return `${ms(result.ms)} ms (${ratio(result.ms / own.ms)})`;
    });
    lines.push(`| ${title} (${fmt(pathological[key].engine.tokens ?? 0)} tokens) | ${cells.join(' | ')} |`);
  }
  row('Load / start time (ms)', (peer) => throughput[peer].loadMs, ms);
  row(
    'RSS added by loading (MB, includes WASM)',
    (peer) => throughput[peer].rss / 1e6,
    (v) => fmt(v, 1),
  );
  row(
    'JS heap added by loading (MB)',
    (peer) => throughput[peer].heap / 1e6,
    (v) => fmt(v, 1),
  );
  lines.push(
    `| Incremental 1-char edit, 2 MB (median / p95 ms) | ${ms(incremental.medianMs)} / ${ms(incremental.p95Ms)} | ${peers
      .map((peer) => `full recount ${ms(throughput[peer].twoMbMs)} (${ratio(throughput[peer].twoMbMs / incremental.medianMs)})`)
      .join(' | ')} |`,
  );
  lines.push('');
  lines.push('| Engine in its worker thread | Result | Target |');
  lines.push('|---|---:|---:|');
  lines.push(`| First count of 100 KB from a cold worker (median) | ${ms(median(coldRuns.map((run) => run.ms)))} ms | ≤ 1,500 ms |`);
  lines.push(
    `| Event-loop lag while the worker counts 20 MB (max / p99) | ${ms(Math.max(lag.maxLagMs, lag.histogramMaxMs))} / ${ms(lag.p99LagMs)} ms | ≤ 50 ms |`,
  );
  lines.push(`| 20 MB counted in the worker, cold (ms, ${fmt(lag.tokens)} tokens) | ${ms(lag.ms)} | — |`);
  lines.push(
    `| Memory, o200k loaded: engine RSS / js-tiktoken RSS | ${fmt((100 * throughput.engine.rss) / throughput['js-tiktoken'].rss)} % | ≤ 67 % |`,
  );
  lines.push('');
  finishReport(lines, disagreements, join(outDir, 'results.md'));
}

runBenchmark({ child, main });
