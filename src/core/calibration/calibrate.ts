// Calibration of Claude's tokenizer factors from the user's own Claude Code logs, pass after pass: each session file
// is read from where the last pass stopped, the text each request added is counted with o200k_base (in the counting
// worker), and the pairs are kept per tokenizer generation, numbers only (no text is kept). Bounded: the newest
// pairs per generation, and a limit of pairs counted per pass (the rest wait for the next one).
import { fitFactor, MIN_PAIRS, type FactorPoint } from './factorFit';
import { PromptGrowthTracker, type PendingResponse, type PromptGrowth } from './promptGrowth';
import type { TextCounter } from '../counting/countTexts';
import { findClaudeCodeFiles } from '../readers/claudeCode';
import { readJsonFile, writeJsonAtomic } from '../files/atomicJson';
import {
  filesUnderRoots,
  readIfChanged,
  readLines,
  resumePoint,
  stampOf,
  type FileStamp,
  type JsonlCursor,
  type ResumePoint,
} from '../readers/fileCursor';
import { isRecord, newStats, type ReadStats } from '../readers/usageRow';
import { formatCount } from '../text/format';
import { tokenizerFor } from '../models/tokenizers';
import type { TokenizerFactor, TokenizerFactors } from '../models/tokenizerFactors';

export interface CalibrationFile extends JsonlCursor {
  readonly pending?: PendingResponse;
}

export interface CalibrationState {
  readonly version: 1;
  readonly files: Readonly<Record<string, CalibrationFile>>;
  /** Per tokenizer family (`claude`, `claude-2026`): [o200k_base tokens, provider tokens], oldest first. */
  readonly points: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

export const emptyCalibration = (): CalibrationState => ({ version: 1, files: {}, points: {} });

/** Pairs kept per family: the newest. */
const MAX_POINTS = 4_000;
/** Pairs counted per pass. */
const MAX_COUNTED_PER_PASS = 3_000;
const COUNT_TIMEOUT_MS = 20_000;
const MAX_TOKENS = 10_000_000;

const isPoint = (value: unknown): value is [number, number] =>
  Array.isArray(value) &&
  value.length === 2 &&
  value.every((part) => typeof part === 'number' && Number.isInteger(part) && part >= 0 && part <= MAX_TOKENS);

/** A stored calibration as this version wrote it, its pairs checked one by one; anything else starts over. */
export function checkCalibration(value: unknown): CalibrationState {
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.files) || !isRecord(value.points)) return emptyCalibration();
  const points: Record<string, (readonly [number, number])[]> = {};
  for (const [family, list] of Object.entries(value.points)) {
    if (/^claude[a-z0-9-]*$/.test(family) && Array.isArray(list)) points[family] = list.filter(isPoint).slice(-MAX_POINTS);
  }
  return { version: 1, files: value.files as Record<string, CalibrationFile>, points };
}

/** The family a Claude model's tokens are calibrated under; undefined for a model whose tokenizer is public. */
function familyOf(model: string): string | undefined {
  const tokenizer = tokenizerFor(model);
  return tokenizer.kind === 'estimate' && tokenizer.family.startsWith('claude') ? tokenizer.family : undefined;
}

/** The calibration kept in `file`, or an empty one (none yet, or not one this version wrote). */
export function loadCalibration(file: string): CalibrationState {
  return checkCalibration(readJsonFile(file));
}

export function saveCalibration(file: string, state: CalibrationState): void {
  writeJsonAtomic(file, state);
}

/**
 * Reads what the logs under `roots` added since `state` and returns the state with the new pairs, and the files that
 * could not be read (each keeps its earlier cursor, and its pairs come on a later pass).
 */
export async function calibrateFromClaudeCode(
  roots: readonly string[],
  state: CalibrationState,
  counter: TextCounter,
): Promise<{ state: CalibrationState; stats: ReadStats }> {
  const files: Record<string, CalibrationFile> = {};
  const points: Record<string, (readonly [number, number])[]> = Object.fromEntries(
    Object.entries(state.points).map(([family, list]) => [family, [...list]]),
  );
  const stats = newStats();
  let counted = 0;
  const count = async (texts: readonly string[]) => (texts.length === 0 ? 0 : counter.count(texts, 'o200k_base', COUNT_TIMEOUT_MS));

  /** One file from its cursor: its pairs go in only once the whole file is read and counted. */
  const readFile = async (file: string, stamp: FileStamp, from: ResumePoint, previous: CalibrationFile | undefined) => {
    const tracker = new PromptGrowthTracker(from.reset ? undefined : previous?.pending);
    const growths: PromptGrowth[] = [];
    const outcome = await readLines(file, from.offset, from.line, stamp.size, (text) => {
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch {
        return; // the usage reader counts bad lines; here they only add no pair
      }
      if (!isRecord(entry)) return;
      const growth = tracker.line(entry);
      if (growth) growths.push(growth);
    });
    const found: [string, readonly [number, number]][] = [];
    for (const growth of growths) {
      const family = familyOf(growth.model);
      if (family) found.push([family, [growth.countedTokens + (await count(growth.texts)), growth.providerTokens]]);
    }
    const waiting = tracker.pending();
    const pending = waiting && { ...waiting.response, countedTokens: waiting.response.countedTokens + (await count(waiting.texts)) };
    for (const [family, point] of found) (points[family] ??= []).push(point);
    counted += found.length;
    return { ...stamp, offset: outcome.offset, line: outcome.line, ...(pending ? { pending } : {}) };
  };

  for (const file of await filesUnderRoots([...roots], findClaudeCodeFiles)) {
    const stamp = await stampOf(file);
    if (!stamp) continue;
    stats.files++;
    const previous = state.files[file];
    const from = resumePoint(previous, stamp);
    if (counted >= MAX_COUNTED_PER_PASS) {
      if (previous) files[file] = previous; // the rest waits for the next pass
      continue;
    }
    await readIfChanged(stats, file, files, previous, from.unchanged, () => readFile(file, stamp, from, previous));
  }
  for (const family of Object.keys(points)) points[family] = points[family].slice(-MAX_POINTS);
  return { state: { version: 1, files, points }, stats };
}

/** The calibrated factor of each family with enough pairs, in the published factors' shape, saying what it stands on. */
export function calibratedFactors(state: CalibrationState, published: TokenizerFactors): TokenizerFactors {
  const factors: Record<string, TokenizerFactor> = {};
  for (const [family, list] of Object.entries(state.points)) {
    if (list.length < MIN_PAIRS) continue;
    const fit = fitFactor(list.map(([o200k, provider]): FactorPoint => ({ o200k, provider })));
    if (!fit) continue;
    const basis = `calibrated on ${formatCount(fit.pairs)} of your requests: ×${fit.factor.toFixed(2)} (${fit.low.toFixed(2)}–${fit.high.toFixed(2)})`;
    factors[family] = {
      label: published[family]?.label ?? family,
      factor: fit.factor,
      low: Math.min(fit.low, fit.factor),
      high: Math.max(fit.high, fit.factor),
      basis: `${basis}, from the growth of each prompt over the text added before it.`,
      calibratedOn: fit.pairs,
    };
  }
  return factors;
}
