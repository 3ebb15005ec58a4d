// Usage that coding agents recorded on disk, into the ledger.
import { readJsonFile, writeJsonAtomic } from '../files/atomicJson';
import type { PriceCatalog } from '../models/catalog';
import { errorReason } from '../input/entryRules';
import {
  readLogSource,
  summarizeSkips,
  type ReaderState,
  type ReadStats,
  type SkipSummary,
  type UsageRow,
  type UsageSource,
} from '../readers';
import { skip } from '../readers/usageRow';
import type { Ledger } from './ledger';
import { estimateRows } from './estimateRows';
import type { TextCounter } from '../counting/countTexts';
import { priceEvent } from './eventPricing';
import type { SpendEvent } from './spendEvent';

/** A log row as a ledger event: the agent's own cost when it recorded one, else the tokens priced now. */
export function usageRowToEvent(row: UsageRow, catalog?: PriceCatalog): SpendEvent {
  return priceEvent(
    {
      id: row.id,
      time: row.time,
      source: row.source,
      sessionId: row.sessionId,
      project: row.project,
      model: row.model ?? 'unknown',
      tokens: { ...row.tokens },
      usd: row.recordedUsd,
      billing: row.billing,
      premiumRequests: row.premiumRequests,
      billingMode: row.billingMode,
      sessionTitle: row.sessionTitle,
      costBasis: row.estimated ? 'estimated' : undefined,
    },
    catalog,
  );
}

/**
 * The rows as ledger events; a row that does not make a valid event (its cost at these prices is implausible, say)
 * is skipped and counted in `stats` with the reason, never thrown.
 */
export function usageRowsToEvents(rows: readonly UsageRow[], stats: ReadStats, catalog?: PriceCatalog): SpendEvent[] {
  const events: SpendEvent[] = [];
  for (const row of rows) {
    try {
      events.push(usageRowToEvent(row, catalog));
    } catch (error) {
      stats.rows--;
      skip(stats, errorReason(error).replace(/^Spend event \S+: /, ''), `${row.source} session ${row.sessionId}`);
    }
  }
  return events;
}

/** Where each reader stopped, per source; plain JSON, to be kept between runs. */
export type IngestState = Partial<Record<UsageSource, ReaderState>>;

export interface IngestSource {
  readonly source: UsageSource;
  readonly roots: readonly string[];
}

export interface IngestResult {
  readonly state: IngestState;
  /** False when no reader moved on: the state need not be saved again (it grows with the history). */
  readonly stateChanged: boolean;
  /** Events appended to the ledger, per source. */
  readonly appended: Partial<Record<UsageSource, number>>;
  /** Lines the readers could not use, per source. */
  readonly skipped: Partial<Record<UsageSource, number>>;
  /** Log files found (read, or found unchanged), per source read. */
  readonly files: Partial<Record<UsageSource, number>>;
  /** Why, per source: the skips grouped by reason. */
  readonly skipReasons: Partial<Record<UsageSource, SkipSummary[]>>;
  /** Sources whose events could not be written (the ledger failed): their state was not advanced. */
  readonly failed: Partial<Record<UsageSource, string>>;
  readonly cancelled: boolean;
}

export interface IngestOptions {
  readonly catalog?: PriceCatalog;
  /** Checked between sources. */
  readonly isCancelled?: () => boolean;
  readonly onSource?: (source: UsageSource, index: number, count: number) => void;
  /** Counts the text of requests whose files record no token counts; without it they are skipped and counted. */
  readonly counter?: TextCounter;
}

const BATCH = 500;

/**
 * Reads what each source added since `state` and appends it to the ledger. Never throws for what a source holds:
 * bad rows are skipped and counted, and a source that cannot be written keeps its old state while the others go on.
 * The state returned for a source is only advanced once its events are written, so a crash reads them again (the
 * ledger drops the duplicates) rather than losing them.
 */
export async function ingestUsage(
  ledger: Ledger,
  sources: readonly IngestSource[],
  state: IngestState,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const next: IngestState = { ...state };
  const appended: IngestResult['appended'] = {};
  const skipped: IngestResult['skipped'] = {};
  const skipReasons: IngestResult['skipReasons'] = {};
  const failed: IngestResult['failed'] = {};
  const files: IngestResult['files'] = {};
  const result = (cancelled: boolean): IngestResult => {
    const stateChanged = Object.keys(next).some((source) => !sameReaderState(next[source as UsageSource], state[source as UsageSource]));
    return { state: next, stateChanged, appended, skipped, skipReasons, failed, files, cancelled };
  };
  for (const [index, { source, roots }] of sources.entries()) {
    if (options.isCancelled?.()) return result(true);
    options.onSource?.(source, index, sources.length);
    if (roots.length === 0) continue;
    const read = await readLogSource(source, [...roots], state[source]);
    const events = usageRowsToEvents(await estimateRows(read.rows, read.stats, options.counter), read.stats, options.catalog);
    try {
      for (let start = 0; start < events.length; start += BATCH) ledger.append(events.slice(start, start + BATCH));
      next[source] = read.cursorState;
      appended[source] = events.length;
    } catch (error) {
      failed[source] = errorReason(error);
    }
    files[source] = read.stats.files;
    skipped[source] = read.stats.skipped.length + (read.stats.skippedNotListed ?? 0);
    if (skipped[source]) skipReasons[source] = summarizeSkips(read.stats);
  }
  return result(false);
}

/** Whether a reader's state is the one it was given, entry by entry: the readers keep an unchanged file's entry. */
function sameReaderState(a: ReaderState | undefined, b: ReaderState | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a) as (keyof ReaderState)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (key === 'files') continue;
    if (a[key] !== b[key]) return false;
  }
  const files = Object.keys(a.files);
  return files.length === Object.keys(b.files).length && files.every((file) => a.files[file] === b.files[file]);
}

/** The saved scan state, or an empty one (read everything again; the ledger drops what it already has). */
export function loadIngestState(file: string): IngestState {
  const state = readJsonFile(file); // none on a first run, or from a state written by a crashed window
  return typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as IngestState) : {};
}

/** Saves where each source's reading stopped; written whole, so a crash never leaves half a state. */
export function saveIngestState(file: string, state: IngestState): void {
  writeJsonAtomic(file, state);
}
