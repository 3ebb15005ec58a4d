// Calibration of the tokenizer factors from the user's own agent logs (Claude Code's, Gemini CLI's), pass after pass:
// each session file is read from where the last pass stopped, the text each request added is counted (in the
// counting worker) with the tokenizer the model's count is based on (o200k_base for an estimated family, the
// published vocabulary for a vendor's model counted with one), and the pairs are kept per factor family, numbers
// only (no text is kept). Bounded: the newest pairs per family, and a limit of pairs counted per pass (the rest wait
// for the next one).
import { fitFactor, MIN_PAIRS, type FactorPoint } from './factorFit';
import type { GrowthSource, PromptGrowth } from './promptGrowth';
import { claudeCodeGrowth } from './claudeCodeGrowth';
import { geminiCliGrowth } from './geminiCliGrowth';
import type { TextCounter } from '../counting/countTexts';
import type { EncodingName } from '../counting/encodings';
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
import { defaultTokenizerFactors, type TokenizerFactor, type TokenizerFactors } from '../models/tokenizerFactors';

export interface CalibrationFile extends JsonlCursor {
  /** What the file's tracker left for the next pass (`GrowthTracker.settle`), checked by the tracker. */
  readonly pending?: unknown;
}

export interface CalibrationState {
  readonly version: 1;
  readonly files: Readonly<Record<string, CalibrationFile>>;
  /** Per factor family (`claude`, `gemini-on-gemma3`): [tokens of the base count, provider tokens], oldest first. */
  readonly points: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

/** The logs calibrated from, each with its tracker. */
const GROWTH_SOURCES: readonly GrowthSource[] = [claudeCodeGrowth, geminiCliGrowth];

export type CalibrationSource = GrowthSource['source'];

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

const CURSOR_FIELDS = ['size', 'mtimeMs', 'ino', 'birthtimeMs', 'offset', 'line'] as const;

const isCursor = (value: unknown): value is CalibrationFile =>
  isRecord(value) && CURSOR_FIELDS.every((key) => typeof value[key] === 'number' && (value[key] as number) >= 0);

/** A stored calibration as this version wrote it, its cursors and pairs checked one by one; anything else starts over. */
export function checkCalibration(value: unknown): CalibrationState {
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.files) || !isRecord(value.points)) return emptyCalibration();
  const files = Object.fromEntries(Object.entries(value.files).filter(([, cursor]) => isCursor(cursor))) as Record<string, CalibrationFile>;
  const points: Record<string, (readonly [number, number])[]> = {};
  for (const [family, list] of Object.entries(value.points)) {
    if (Object.hasOwn(defaultTokenizerFactors, family) && Array.isArray(list)) points[family] = list.filter(isPoint).slice(-MAX_POINTS);
  }
  return { version: 1, files, points };
}

/** The factor family a model's tokens are calibrated under and the encoding of its base count; undefined when exact. */
function calibrationTarget(model: string): { family: string; encoding: EncodingName } | undefined {
  const tokenizer = tokenizerFor(model);
  if (tokenizer.kind === 'exact') return undefined;
  return { family: tokenizer.family, encoding: tokenizer.kind === 'published' ? tokenizer.countWith : tokenizer.baseEncoding };
}

/** The calibration kept in `file`, or an empty one (none yet, or not one this version wrote). */
export function loadCalibration(file: string): CalibrationState {
  return checkCalibration(readJsonFile(file));
}

export function saveCalibration(file: string, state: CalibrationState): void {
  writeJsonAtomic(file, state);
}

/**
 * Reads what the logs under each source's roots added since `state` and returns the state with the new pairs, and
 * the files that could not be read (each keeps its earlier cursor, and its pairs come on a later pass).
 */
export async function calibrateFromLogs(
  roots: Partial<Readonly<Record<CalibrationSource, readonly string[]>>>,
  state: CalibrationState,
  counter: TextCounter,
): Promise<{ state: CalibrationState; stats: ReadStats }> {
  const files: Record<string, CalibrationFile> = {};
  const points: Record<string, (readonly [number, number])[]> = Object.fromEntries(
    Object.entries(state.points).map(([family, list]) => [family, [...list]]),
  );
  const stats = newStats();
  let counted = 0;
  const count = async (texts: readonly string[], model: string) => {
    const target = calibrationTarget(model);
    return texts.length === 0 || !target ? 0 : counter.count(texts, target.encoding, COUNT_TIMEOUT_MS);
  };

  /** One file from its cursor: its pairs go in only once the whole file is read and counted. */
  const readFile = async (source: GrowthSource, file: string, stamp: FileStamp, from: ResumePoint, previous?: CalibrationFile) => {
    const tracker = source.tracker(from.reset ? undefined : previous?.pending);
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
      const target = calibrationTarget(growth.model);
      if (target) found.push([target.family, [growth.countedTokens + (await count(growth.texts, growth.model)), growth.providerTokens]]);
    }
    const pending = await tracker.settle(count);
    for (const [family, point] of found) (points[family] ??= []).push(point);
    counted += found.length;
    return { ...stamp, offset: outcome.offset, line: outcome.line, ...(pending === undefined ? {} : { pending }) };
  };

  for (const source of GROWTH_SOURCES) {
    for (const file of await filesUnderRoots([...(roots[source.source] ?? [])], source.find)) {
      const stamp = await stampOf(file);
      if (!stamp) continue;
      stats.files++;
      const previous = state.files[file];
      const from = resumePoint(previous, stamp);
      if (counted >= MAX_COUNTED_PER_PASS) {
        if (previous) files[file] = previous; // the rest waits for the next pass
        continue;
      }
      await readIfChanged(stats, file, files, previous, from.unchanged, () => readFile(source, file, stamp, from, previous));
    }
  }
  for (const family of Object.keys(points)) points[family] = points[family].slice(-MAX_POINTS);
  return { state: { version: 1, files, points }, stats };
}

/** The calibrated factor of each family with enough pairs, in the published factors' shape, saying what it stands on. */
export function calibratedFactors(state: CalibrationState, published: TokenizerFactors): TokenizerFactors {
  const factors: Record<string, TokenizerFactor> = {};
  for (const [family, list] of Object.entries(state.points)) {
    if (list.length < MIN_PAIRS) continue;
    const fit = fitFactor(list.map(([base, provider]): FactorPoint => ({ base, provider })));
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
