// `check`: a CI gate over prompt files. Each file (with the context files it links to) is priced on one model and held
// against the limits given: at most so many input tokens, at most so much per send, fitting the model's window. A
// table, JSON, or GitHub Actions annotations; exit code 1 when a limit is exceeded. With `--compare-to <git ref>`,
// the same files are counted as they were at that revision too, and the change is shown.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import picomatch from 'picomatch';
import {
  bundledCatalog,
  configuredCatalog,
  countEncodings,
  encodingsFor,
  estimateForModel,
  formatCount,
  formatUsd,
  listFiles,
  mergeConfig,
  teamConfigLayer,
  type EncodingCounts,
  type EncodingName,
  type ModelEstimate,
  type TextCounter,
} from '../core';
import { loadTeamConfig } from './configCommands';
import { approx, countedPrompt, DEFAULT_COUNT_MODEL, requireModel, type CliOptions } from './cliCommands';
import { countFiles, sumCounts, withWorkerCounter } from './cliCounter';
import type { CommandOutput } from './reportCommand';
import { UsageError, type PromptFile } from './promptFiles';
import { formatTable } from './table';

export interface CheckOptions extends CliOptions {
  readonly maxTokens?: number;
  readonly maxUsd?: number;
  readonly mustFit: boolean;
  readonly format: 'table' | 'json' | 'github';
  /** A git revision to compare each file's cost with. */
  readonly compareTo?: string;
}

/** At most this many files are walked to expand the patterns (a repository, not a disk). */
const MAX_WALKED_FILES = 50_000;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.vscode-test', 'dist', 'out']);
const MAX_DEPTH = 64;

/** The files the arguments name: paths as they are, globs matched against the working folder's files (relative). */
export async function expandPatterns(patterns: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const literal = patterns.filter((pattern) => !picomatch.scan(pattern).isGlob);
  const globs = patterns.filter((pattern) => picomatch.scan(pattern).isGlob);
  const matched = new Set(literal);
  if (globs.length) {
    const isMatch = picomatch(globs, { dot: false });
    const files = await listFiles(cwd, () => true, MAX_DEPTH, {
      skipFolder: (name) => SKIPPED_FOLDERS.has(name),
      maxFiles: MAX_WALKED_FILES,
      symlinks: false,
    });
    for (const file of files.map((full) => relative(cwd, full).split(sep).join('/'))) if (isMatch(file)) matched.add(file);
  }
  return [...matched].sort();
}

interface Checked {
  readonly path: string;
  readonly estimate: ModelEstimate;
  /** The same files at the `--compare-to` revision (a file that was not there counts as empty). */
  readonly before?: ModelEstimate;
  readonly failures: string[];
  /** For a file over a limit: the first line at which the prompt, read up to it, is over (for the annotation). */
  readonly line?: number;
}

/**
 * The first line of the prompt at which it, with its context, breaks a limit: a binary search over line prefixes,
 * each counted in the worker (a dozen counts for a long file). Line 1 when the context alone breaks it.
 */
async function lineWhereItFails(
  counter: TextCounter,
  text: string,
  estimateWith: (counts: EncodingCounts) => ModelEstimate,
  options: CheckOptions,
  encodings: readonly EncodingName[],
): Promise<number> {
  const lines = text.split('\n');
  const fails = async (count: number) => {
    const counted = await countEncodings(counter, [lines.slice(0, count).join('\n')], 'document', options.limits, encodings);
    return counted.counts === undefined || failuresOf(estimateWith(counted.counts), options).length > 0;
  };
  let [low, high] = [1, lines.length];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (await fails(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** A file's text at a git revision, or undefined when it was not there. */
function textAt(ref: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${ref}:./${path}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
}

function checkedRevision(ref: string): void {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
  } catch {
    throw new UsageError(`--compare-to: "${ref}" is not a git revision here.`, false);
  }
}

/** `check <files or globs...>`: each prompt against the limits; exit code 1 when one is exceeded. */
export async function checkCommand(patterns: readonly string[], given: CheckOptions): Promise<CommandOutput & { code: number }> {
  // Limits the flags do not give come from the team config's `checks` (./.tokenwise.json or --config).
  const team = await loadTeamConfig(given.config);
  const checks = team?.config.checks ?? {};
  const options: CheckOptions = {
    ...given,
    model: given.model ?? checks.model ?? team?.config.defaultModel,
    maxTokens: given.maxTokens ?? checks.maxTokens,
    maxUsd: given.maxUsd ?? checks.maxUsdPerSend,
    mustFit: given.mustFit || checks.mustFit === true,
  };
  if (options.maxTokens === undefined && options.maxUsd === undefined && !options.mustFit) {
    throw new UsageError('check needs a limit: --max-tokens, --max-usd or --must-fit, or "checks" in the team config.');
  }
  const catalog = team
    ? configuredCatalog(bundledCatalog(), mergeConfig([teamConfigLayer(team.config, team.origin)]).config)
    : bundledCatalog();
  const model = requireModel(catalog, options.model ?? DEFAULT_COUNT_MODEL);
  const paths = await expandPatterns(patterns);
  if (paths.length === 0) throw new UsageError(`No file matches ${patterns.join(' ')}.`);
  for (const path of paths) if (!statSync(path, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`${path} is not a file.`);
  if (options.compareTo !== undefined) checkedRevision(options.compareTo);
  const settings = {
    expectedOutput: { defaultTokens: options.outputTokens ?? 500, reasoningTokens: options.reasoningTokens },
    at: Date.now(),
  };
  const estimateFor = (prompt: EncodingCounts, context: EncodingCounts) => estimateForModel(model.id, model, { prompt, context }, settings);
  /** The files' estimate: the prompt's counts and its context's. */
  const estimateOf = (files: readonly PromptFile[], countsOf: (subset: readonly PromptFile[]) => EncodingCounts) =>
    estimateFor(countsOf(files.filter((file) => file.role === 'prompt')), countsOf(files.filter((file) => file.role === 'context')));
  // One counting worker for the whole check: every file, its revision and the line search.
  const results = await withWorkerCounter(async (counter) => {
    const checked: Checked[] = [];
    for (const path of paths) {
      const { files, countsOf } = await countedPrompt([path], options, [model.id], counter);
      const estimate = estimateOf(files, countsOf);
      let before: ModelEstimate | undefined;
      if (options.compareTo !== undefined) {
        const ref = options.compareTo;
        const old = files.map((file) => ({ ...file, text: textAt(ref, file.path) ?? '' }));
        const counts = await countFiles(old, options.limits, encodingsFor([model.id]), counter);
        before = estimateOf(old, (subset) => sumCounts(subset, counts));
      }
      const failures = failuresOf(estimate, options);
      const prompt = files.find((file) => file.role === 'prompt');
      const context = countsOf(files.filter((file) => file.role === 'context'));
      const line =
        failures.length && prompt
          ? await lineWhereItFails(counter, prompt.text, (counts) => estimateFor(counts, context), options, encodingsFor([model.id]))
          : undefined;
      checked.push({ path, estimate, before, failures, line });
    }
    return checked;
  });
  const failed = results.filter((result) => result.failures.length > 0);
  return { output: render(results, options, model.id), skipped: 0, problems: [], code: failed.length ? 1 : 0 };
}

function failuresOf(estimate: ModelEstimate, options: CheckOptions): string[] {
  const failures: string[] = [];
  const tokens = estimate.inputTokens.expected;
  if (options.maxTokens !== undefined && tokens > options.maxTokens) {
    failures.push(`${approx(estimate)}${formatCount(tokens)} input tokens, over the limit of ${formatCount(options.maxTokens)}`);
  }
  const usd = estimate.totalUsd.expected;
  if (options.maxUsd !== undefined) {
    if (usd === undefined || estimate.unpricedTokens > 0) {
      failures.push(`no complete price on ${estimate.modelId}, so the cost limit cannot be checked`);
    } else if (usd > options.maxUsd) {
      failures.push(`${approx(estimate)}${formatUsd(usd)} per send, over the limit of ${formatUsd(options.maxUsd)}`);
    }
  }
  if (options.mustFit && estimate.fit.status !== 'fits') {
    failures.push(estimate.fit.problems[0] ?? `not known to fit ${estimate.modelId}'s window (${estimate.fit.status})`);
  }
  return failures;
}

function render(results: readonly Checked[], options: CheckOptions, modelId: string): string {
  const failed = results.filter((result) => result.failures.length > 0).length;
  const summary = `${failed ? `${failed} of ${results.length}` : `All ${results.length}`} prompt file(s) ${failed ? 'over a limit' : 'within the limits'} on ${modelId}.`;
  if (options.format === 'json') {
    return JSON.stringify(
      {
        model: modelId,
        limits: { maxTokens: options.maxTokens ?? null, maxUsd: options.maxUsd ?? null, mustFit: options.mustFit },
        compareTo: options.compareTo ?? null,
        files: results.map(({ path, estimate, before, failures, line }) => ({
          path,
          ...(before ? { before: { tokens: before.inputTokens, usd: before.totalUsd.expected ?? null } } : {}),
          tokens: estimate.inputTokens,
          estimate: estimate.estimate,
          usd: estimate.totalUsd.expected ?? null,
          fit: estimate.fit.status,
          passed: failures.length === 0,
          failures,
          ...(line ? { line } : {}),
        })),
        passed: failed === 0,
      },
      null,
      2,
    );
  }
  if (options.format === 'github') {
    // Workflow commands: one annotation per file over a limit; the values are escaped as GitHub documents.
    const escape = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const property = (text: string) => escape(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
    const lines = results
      .filter((result) => result.failures.length > 0)
      .map(
        ({ path, failures, line }) =>
          `::error file=${property(path)},line=${line ?? 1},title=${property('Tokenwise')}::${escape(failures.join('; '))}`,
      );
    return [...lines, summary].join('\n');
  }
  const compared = options.compareTo !== undefined;
  const change = (now: number, then: number) => `${now >= then ? '+' : '-'}${formatCount(Math.abs(now - then))}`;
  const table = formatTable(
    [
      'File',
      ...(compared ? [`Tokens at ${options.compareTo}`] : []),
      'Tokens',
      ...(compared ? ['Change'] : []),
      'Cost per send',
      'Fits',
      'Result',
    ],
    results.map(({ path, estimate, before, failures, line }) => [
      path,
      ...(before ? [`${approx(before)}${formatCount(before.inputTokens.expected)}`] : []),
      `${approx(estimate)}${formatCount(estimate.inputTokens.expected)}`,
      ...(before ? [change(estimate.inputTokens.expected, before.inputTokens.expected)] : []),
      formatUsd(estimate.totalUsd.expected),
      estimate.fit.status,
      failures.length ? `over from line ${line ?? 1}: ${failures.join('; ')}` : 'ok',
    ]),
    compared ? new Set([1, 2, 3, 4]) : new Set([1, 2]),
  );
  return `${table}\n\n${summary}`;
}
