// What both benchmarks share: running a measurement in a fresh child process of
// the benchmark's own script, medians, and number formatting for the tables.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const fmt = (value, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const ms = (value) => (value >= 100 ? fmt(value) : value >= 10 ? fmt(value, 1) : fmt(value, 2));

/**
 * Runs `script --child <task>` in a fresh Node process (with --expose-gc) and
 * resolves to the JSON it prints last, `{ timedOut: true }` when it ran past
 * `capMs` (it is killed), or `{ error }` when it failed.
 */
export function runChildProcess(script, task, { cwd, capMs } = {}) {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--expose-gc', script, '--child', JSON.stringify(task)], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    proc.stdout.on('data', (data) => (stdout += data));
    proc.stderr.on('data', (data) => (stderr += data));
    const timer = capMs
      ? setTimeout(() => {
          timedOut = true;
          proc.kill('SIGKILL');
        }, capMs)
      : undefined;
    proc.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) resolve({ timedOut: true });
      else if (code !== 0) resolve({ error: stderr.trim().split('\n').slice(-3).join(' ') || `exit ${code}` });
      else resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}

/** The entry point: `--child <task>` runs one measurement and prints its JSON; otherwise the whole benchmark runs. */
export function runBenchmark({ child, main }) {
  const fail = (error) => {
    console.error(error?.stack ?? String(error));
    process.exit(1);
  };
  if (process.argv[2] === '--child') {
    child(JSON.parse(process.argv[3])).then((result) => {
      process.stdout.write(JSON.stringify(result) + '\n');
      process.exit(0);
    }, fail);
  } else {
    main().catch(fail);
  }
}

/** About 1 MB: 70% TypeScript (this repo, TypeScript's DOM typings), 30% Markdown (package READMEs). */
export function buildCorpus(root) {
  const typescript = [];
  const walk = (folder, pattern, into) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, pattern, into);
      else if (pattern.test(entry.name)) into.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(root, 'src'), /\.ts$/, typescript);
  walk(join(root, 'test'), /\.ts$/, typescript);
  const dom = readFileSync(join(root, 'node_modules/typescript/lib/lib.dom.d.ts'), 'utf8');
  let ts = typescript.join('\n');
  for (let at = 0; ts.length < 700_000; at += 50_000) ts += '\n' + dom.slice(at, at + 40_000);
  const markdown = [];
  for (const name of readdirSync(join(root, 'node_modules')).sort()) {
    const readme = join(root, 'node_modules', name, 'README.md');
    if (existsSync(readme)) markdown.push(readFileSync(readme, 'utf8'));
  }
  let md = markdown.join('\n\n');
  while (md.length < 300_000) md += '\n\n' + md;
  return ts.slice(0, 700_000) + '\n\n' + md.slice(0, 300_000);
}

/** Bundles `exports` (export lines relative to bench/) into one CommonJS file for the benchmarks' child processes. */
export async function bundleExports(root, outfile, exports) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    stdin: { contents: exports.join('\n'), resolveDir: join(root, 'bench'), loader: 'ts' },
    outfile,
  });
}

/**
 * Bundles the counting engine (with `exports` of the core besides `loadEngine`) and its worker into `outDir`, as the
 * extension's bundles are built, for the benchmarks' child processes.
 */
export async function bundleEngine(root, outDir, exports) {
  await bundleExports(root, join(outDir, 'engine.cjs'), ["export { loadEngine } from '../src/core/counting/encodings';", ...exports]);
  await bundleExports(root, join(outDir, 'countWorker.cjs'), ["import '../src/core/counting/countWorker';"]);
}

/**
 * Ends a benchmark's report: whether every count agreed, then prints the tables, keeps them in `file` and makes the
 * exit code 1 when two implementations disagreed.
 */
export function finishReport(lines, disagreements, file) {
  lines.push(disagreements.length === 0 ? 'All counts agree.' : `COUNTS DISAGREE:\n${disagreements.map((d) => `- ${d}`).join('\n')}`);
  console.log(lines.join('\n'));
  writeFileSync(file, lines.join('\n') + '\n');
  if (disagreements.length > 0) process.exitCode = 1;
}
