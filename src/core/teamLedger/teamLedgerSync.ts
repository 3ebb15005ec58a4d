// Syncing a member's ledger to the team ledger: the ledger's files are read from where the last sync stopped, in
// chunks of whole lines; each chunk's events go up in one transaction, an upsert on (member, event id) that keeps
// the more complete copy as the local ledger does (more tokens, or the same tokens re-priced later); only after the
// commit does the cursor move. A sync killed at any moment re-sends at most one chunk, which changes nothing.
// Only numbers and names go up: never prompt text, and the project only when the team config allows it.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { readJsonFile, writeJsonAtomic } from '../files/atomicJson';
import { readLineRange } from '../files/lineReader';
import { ledgerFiles, MAX_LINE_BYTES, type SkippedLine } from '../spend/ledger';
import { checkSpendEvent, copyRank, moreComplete, type SpendEvent } from '../spend/spendEvent';
import { teamLedgerError, type Queryable } from './teamLedgerErrors';

/** Bytes of the ledger read per chunk: at least two of its longest lines, so every chunk holds a whole line. */
const CHUNK_BYTES = 2 * MAX_LINE_BYTES;
/** Rows per INSERT statement (17 parameters each, well under PostgreSQL's 65,535). */
const ROWS_PER_STATEMENT = 500;

export interface TeamSyncOptions {
  readonly ledgerFolder: string;
  /** Where the cursor is kept (a JSON file of its own). */
  readonly statePath: string;
  /** Who the events are from in the team ledger. */
  readonly member: string;
  /** The team ledger's URL: a cursor is for one team ledger and one member. */
  readonly target: string;
  readonly includeProjects: boolean;
  /** The provider of a model id, when the catalog knows it. */
  readonly providerOf?: (model: string) => string | undefined;
  /** Count what would go up, send nothing. */
  readonly dryRun?: boolean;
  /** For tests: bytes per chunk. */
  readonly chunkBytes?: number;
}

export interface TeamSyncResult {
  /** Events sent (or, on a dry run, that would be). */
  readonly events: number;
  readonly chunks: number;
  /** Ledger lines that were not events, with their reasons (left out, the sync goes on). */
  readonly skipped: readonly SkippedLine[];
}

interface FileCursor {
  readonly offset: number;
  readonly line: number;
}

interface SyncState {
  readonly target: string;
  readonly files: Readonly<Record<string, FileCursor>>;
}

function isCursor(value: unknown): value is FileCursor {
  const cursor = value as FileCursor;
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger(cursor.offset) &&
    cursor.offset >= 0 &&
    Number.isSafeInteger(cursor.line) &&
    cursor.line >= 0
  );
}

/** The kept cursor when it is for this team ledger and member; otherwise a fresh start. */
function loadState(path: string, target: string): SyncState {
  const raw = readJsonFile(path) as { target?: unknown; files?: unknown } | undefined;
  if (!raw || raw.target !== target || typeof raw.files !== 'object' || raw.files === null) return { target, files: {} };
  const files = Object.fromEntries(Object.entries(raw.files).filter((entry): entry is [string, FileCursor] => isCursor(entry[1])));
  return { target, files };
}

/** The cursor key of a member on a team ledger. */
export function syncTarget(url: string, member: string): string {
  return `${url}#${member}`;
}

/** Sends every ledger event not sent yet; throws a TeamLedgerError (the cursor stays where the last commit left it). */
export async function syncTeamLedger(client: Queryable | undefined, where: string, options: TeamSyncOptions): Promise<TeamSyncResult> {
  let state = loadState(options.statePath, options.target);
  const skipped: SkippedLine[] = [];
  let events = 0;
  let chunks = 0;
  for (const file of await ledgerFiles(options.ledgerFolder)) {
    const name = basename(file);
    let cursor = state.files[name] ?? { offset: 0, line: 0 };
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      continue; // gone since it was listed
    }
    if (size < cursor.offset) cursor = { offset: 0, line: 0 }; // a ledger file is only appended to: this is another one
    while (cursor.offset < size) {
      const batch = new Map<string, SpendEvent>();
      const end = Math.min(size, cursor.offset + (options.chunkBytes ?? CHUNK_BYTES));
      const outcome = await readLineRange(
        file,
        { start: cursor.offset, startLine: cursor.line, end, maxLineBytes: MAX_LINE_BYTES },
        (text, line) => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            skipped.push({ file, line, reason: 'malformed JSON' });
            return;
          }
          const checked = checkSpendEvent(json);
          if (checked.error !== undefined) {
            skipped.push({ file, line, reason: `not a spend event: ${checked.error}` });
            return;
          }
          const kept = batch.get(checked.event.id);
          batch.set(checked.event.id, kept ? moreComplete(kept, checked.event) : checked.event);
        },
      );
      for (const line of outcome.oversized) skipped.push({ file, line, reason: `line longer than ${MAX_LINE_BYTES} bytes` });
      if (outcome.offset === cursor.offset) break; // only a line still being written is left
      if (!options.dryRun && batch.size > 0) {
        if (!client) throw new Error('A sync that is not a dry run needs a connection.');
        await upload(client, where, [...batch.values()], options);
      }
      events += batch.size;
      chunks++;
      cursor = { offset: outcome.offset, line: outcome.line };
      if (!options.dryRun) {
        state = { target: state.target, files: { ...state.files, [name]: cursor } };
        writeJsonAtomic(options.statePath, state);
      }
    }
  }
  return { events, chunks, skipped };
}

const COLUMNS = [
  'member',
  'event_id',
  'time',
  'source',
  'model',
  'provider',
  'project',
  'tokens',
  'total_tokens',
  'usd',
  'usd_low',
  'cost_basis',
  'unpriced_tokens',
  'premium_requests',
  'billing_mode',
  'voids',
  'repriced_ms',
] as const;

/** The row of an event: numbers and names only (never a session title, which can hold prompt words). */
function rowOf(event: SpendEvent, options: TeamSyncOptions): unknown[] {
  const rank = copyRank(event);
  return [
    options.member,
    event.id,
    event.time,
    event.source,
    event.model,
    options.providerOf?.(event.model) ?? null,
    options.includeProjects ? (event.project ?? null) : null,
    JSON.stringify(event.tokens),
    rank.tokens,
    event.usd ?? null,
    event.usdLow ?? null,
    event.costBasis,
    event.unpricedTokens,
    event.premiumRequests ?? null,
    event.billingMode ?? null,
    event.voids ?? null,
    rank.repricedMs,
  ];
}

const UPDATES = COLUMNS.filter((column) => column !== 'member' && column !== 'event_id')
  .map((column) => `${column} = excluded.${column}`)
  .join(', ');

/** Upserts the events in one transaction; a copy replaces the stored one only when it is more complete. */
async function upload(client: Queryable, where: string, events: readonly SpendEvent[], options: TeamSyncOptions): Promise<void> {
  try {
    await client.query('BEGIN');
    for (let at = 0; at < events.length; at += ROWS_PER_STATEMENT) {
      const rows = events.slice(at, at + ROWS_PER_STATEMENT);
      const values: unknown[] = [];
      const tuples = rows.map((event) => {
        const row = rowOf(event, options);
        const first = values.length;
        values.push(...row);
        return `(${row.map((_, i) => `$${first + i + 1}`).join(', ')})`;
      });
      await client.query(
        `INSERT INTO tokenwise_events (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT (member, event_id) DO UPDATE SET ${UPDATES}
         WHERE (excluded.total_tokens, excluded.repriced_ms) > (tokenwise_events.total_tokens, tokenwise_events.repriced_ms)`,
        values,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw teamLedgerError(error, where);
  }
}
