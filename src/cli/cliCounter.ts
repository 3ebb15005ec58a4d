import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { countEncodings, WorkerTokenCounter, type EncodingCounts, type EncodingName, type TextCounter } from '../core';
import { UsageError, type PromptFile } from './promptFiles';

/** The editor's limits, which the command line applies too (`--max-size-kb`, `--timeout-ms`). */
export interface CliCountLimits {
  readonly maxBytes: number;
  /** For all the files together: a pull request cannot make a CI check run for ever. */
  readonly timeoutMs: number;
}

/** The counting worker beside this script: `dist/countWorker.js` when bundled, the compiled module otherwise. */
function workerScript(): string {
  const bundled = join(__dirname, 'countWorker.js');
  return existsSync(bundled) ? bundled : join(__dirname, '..', 'core', 'counting', 'countWorker.js');
}

/**
 * Counts each file in a worker thread, as the editor does, so that a count that runs past the time limit is
 * stopped instead of holding the process. Throws a UsageError naming the file that was too large or too slow.
 * With `shared`, that worker counts (and stays); otherwise one is started for these files and stopped after.
 */
export async function countFiles(
  files: readonly PromptFile[],
  limits: CliCountLimits,
  encodings: readonly EncodingName[],
  shared?: TextCounter,
): Promise<Map<PromptFile, EncodingCounts>> {
  if (!shared) return withWorkerCounter((counter) => countFiles(files, limits, encodings, counter));
  const deadline = Date.now() + limits.timeoutMs;
  const counts = new Map<PromptFile, EncodingCounts>();
  for (const file of files) {
    const timeoutMs = Math.max(1, deadline - Date.now());
    const { outcome, counts: fileCounts } = await countEncodings(
      shared,
      [file.text],
      'document',
      { maxBytes: limits.maxBytes, timeoutMs },
      encodings,
    );
    if (fileCounts) {
      counts.set(file, fileCounts);
      continue;
    }
    if (outcome.kind === 'timedOut') {
      throw new UsageError(
        `Counting stopped at ${file.path}: the files took longer than ${limits.timeoutMs} ms; raise the limit with --timeout-ms.`,
        false,
      );
    }
    if (outcome.kind === 'tooLarge') throw new UsageError(`${file.path} is over the size limit; raise it with --max-size-kb.`, false);
    throw new UsageError(`Could not count ${file.path}: ${outcome.kind === 'failed' ? outcome.message : outcome.kind}.`, false);
  }
  return counts;
}

/** Runs `work` with a counting worker, stopped when it is done. */
export async function withWorkerCounter<T>(work: (counter: TextCounter) => Promise<T>): Promise<T> {
  const counter = new WorkerTokenCounter(workerScript());
  try {
    return await work(counter);
  } finally {
    counter.dispose();
  }
}

/** The sum of the files' counts, in o200k_base and in each encoding every file was counted in. */
export function sumCounts(files: readonly PromptFile[], counts: ReadonlyMap<PromptFile, EncodingCounts>): EncodingCounts {
  const counted = files.map((file) => counts.get(file)).filter((count) => count !== undefined);
  const sums: Partial<Record<EncodingName, number>> = {};
  const [first, ...rest] = counted;
  for (const encoding of Object.keys(first ?? {}) as EncodingName[]) {
    if (rest.every((count) => count[encoding] !== undefined)) {
      sums[encoding] = counted.reduce((sum, count) => sum + (count[encoding] ?? 0), 0);
    }
  }
  return { ...sums, o200k_base: counted.reduce((sum, count) => sum + count.o200k_base, 0) };
}
