// What both benchmarks share: running a measurement in a fresh child process of
// the benchmark's own script, medians, and number formatting for the tables.
import { spawn } from 'node:child_process';

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
