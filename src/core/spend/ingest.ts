// Usage that coding agents recorded on disk, into the ledger.
import type { PriceCatalog } from '../models/catalog';
import { readLogSource, type ReaderState, type UsageRow, type UsageSource } from '../readers';
import type { Ledger } from './ledger';
import { priceEvent, type SpendEvent } from './spendEvent';

/** A log row as a ledger event: the agent's own cost when it recorded one, else the tokens priced now. */
export function usageRowToEvent(row: UsageRow, catalog?: PriceCatalog): SpendEvent {
  return priceEvent({
    id: row.id,
    time: row.time,
    source: row.source,
    sessionId: row.sessionId,
    project: row.project,
    model: row.model ?? 'unknown',
    tokens: {
      input: row.tokens.input,
      cacheRead: row.tokens.cacheRead,
      cacheWrite: row.tokens.cacheWrite5m,
      cacheWrite1h: row.tokens.cacheWrite1h,
      output: row.tokens.output,
      reasoning: row.tokens.reasoning,
    },
    usd: row.recordedUsd,
  }, catalog);
}

/** Where each reader stopped, per source; plain JSON, to be kept between runs. */
export type IngestState = Partial<Record<UsageSource, ReaderState>>;

export interface IngestSource {
  readonly source: UsageSource;
  readonly roots: readonly string[];
}

export interface IngestResult {
  readonly state: IngestState;
  /** Events appended to the ledger, per source. */
  readonly appended: Partial<Record<UsageSource, number>>;
  /** Lines the readers could not use, per source. */
  readonly skipped: Partial<Record<UsageSource, number>>;
  readonly cancelled: boolean;
}

export interface IngestOptions {
  readonly catalog?: PriceCatalog;
  /** Checked between sources. */
  readonly isCancelled?: () => boolean;
  readonly onSource?: (source: UsageSource, index: number, count: number) => void;
}

const BATCH = 500;

/**
 * Reads what each source added since `state` and appends it to the ledger.
 * The state returned for a source is only advanced once its events are
 * written, so a crash reads them again (the ledger drops the duplicates)
 * rather than losing them.
 */
export async function ingestUsage(ledger: Ledger, sources: readonly IngestSource[], state: IngestState, options: IngestOptions = {}): Promise<IngestResult> {
  const next: IngestState = { ...state };
  const appended: IngestResult['appended'] = {};
  const skipped: IngestResult['skipped'] = {};
  for (const [index, { source, roots }] of sources.entries()) {
    if (options.isCancelled?.()) return { state: next, appended, skipped, cancelled: true };
    options.onSource?.(source, index, sources.length);
    if (roots.length === 0) continue;
    const result = await readLogSource(source, [...roots], state[source]);
    const events = result.rows.map((row) => usageRowToEvent(row, options.catalog));
    for (let start = 0; start < events.length; start += BATCH) ledger.append(events.slice(start, start + BATCH));
    next[source] = result.cursorState;
    appended[source] = events.length;
    skipped[source] = result.stats.skipped.length + (result.stats.skippedNotListed ?? 0);
  }
  return { state: next, appended, skipped, cancelled: false };
}
