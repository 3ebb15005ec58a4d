import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  describeSkipSummary,
  estimateRows,
  formatCount,
  formatUsd,
  isRangeId,
  LOG_SOURCES,
  Ledger,
  localDay,
  logSourceRoots,
  moreComplete,
  newStats,
  parseDay,
  RANGE_IDS,
  readLogSource,
  resolveRange,
  sourceDisplayName,
  SpendTally,
  summarizeSkips,
  totalTokens,
  usageRowsToEvents,
  vscodeUserDirs,
  withCorrections,
  type DayRange,
  type UsageRow,
  type RangeId,
  type SpendDimension,
  type SpendEvent,
} from '../core';
import { withWorkerCounter } from './cliCounter';
import { UsageError } from './promptFiles';
import { formatTable } from './table';

export interface ReportOptions {
  /** A named range (`last-month`, `last-30-days`…); or --since and --until. */
  readonly range?: string;
  readonly since: string | undefined;
  readonly until: string | undefined;
  readonly by: string;
  readonly ledger: string | undefined;
  readonly agentLogs: boolean;
  readonly timeZone: string;
  readonly json: boolean;
}

const DIMENSIONS = new Set(['day', 'week', 'month', 'model', 'source', 'project', 'session']);

/** The extension's ledger folders in the editors installed here (VS Code, Insiders, VSCodium, Cursor…). */
export function defaultLedgers(): string[] {
  return vscodeUserDirs(process.env, process.platform, homedir())
    .map((userDir) => join(userDir, 'globalStorage', 'tokenwise.tokenwise', 'ledger'))
    .filter((folder) => existsSync(folder));
}

/** Where spend was looked for, and what could not be read: one line per reason, with how many and where first. */
export interface SpendReadOutcome {
  /** Each ledger folder and agent log folder, with what was found there. */
  readonly read: string[];
  readonly skipped: number;
  readonly problems: string[];
}

/** Spend events, one copy each with corrections applied, and how they were read. */
export interface LoadedSpend extends SpendReadOutcome {
  readonly events: SpendEvent[];
}

/**
 * Hands `onEvent` every spend event this machine knows of: the ledger (or `ledger`), plus the agents' logs at their
 * default locations. An event may come more than once (the ledger holds what was ingested from the logs): the
 * consumer keeps the more complete copy. A row that cannot be used is skipped and counted with its reason.
 */
export async function readSpendEvents(
  ledger: string | undefined,
  agentLogs: boolean,
  onEvent: (event: SpendEvent) => void,
): Promise<SpendReadOutcome> {
  if (ledger !== undefined && !existsSync(ledger)) throw new UsageError(`No ledger folder at ${ledger}.`, false);
  if (ledger !== undefined && !statSync(ledger).isDirectory()) {
    throw new UsageError(`${ledger} is not a folder; --ledger takes the ledger's folder.`, false);
  }
  const problems: string[] = [];
  const readFrom: string[] = [];
  let skipped = 0;
  const ledgers = ledger ? [ledger] : defaultLedgers();
  if (ledgers.length === 0) readFrom.push('ledger: none found (no editor here has recorded spend with Tokenwise)');
  for (const folder of ledgers) {
    const contents = await new Ledger(folder).read();
    readFrom.push(`ledger ${folder}: ${formatCount(contents.events.length)} events`);
    for (const event of contents.events) onEvent(event);
    skipped += contents.skipped.length;
    for (const line of contents.skipped) problems.push(`ledger ${line.file}${line.line ? `:${line.line}` : ''}: ${line.reason}`);
  }
  if (agentLogs) {
    for (const source of LOG_SOURCES) {
      const roots = logSourceRoots(source, undefined, process.env, process.platform, homedir());
      const found = roots.filter((root) => existsSync(root));
      if (found.length === 0) {
        readFrom.push(`${sourceDisplayName(source)}: no logs (looked in ${roots.join(', ') || 'no folder'})`);
        continue;
      }
      // Rows are taken as the reader goes and dropped once they are events, and the reader's state (every message id
      // it has seen) is not kept: a report over years of logs holds few rows at a time. Rows that make no valid event
      // are counted apart, as the reader's own counts are only known when its pass ends.
      let events = 0;
      const unusable = newStats();
      // Rows without token counts wait for one counting worker, started only if there are any.
      const toCount: UsageRow[] = [];
      const toEvents = (rows: UsageRow[]) => {
        for (const event of usageRowsToEvents(
          rows.filter((row) => !row.estimateFrom || !toCount.push(row)),
          unusable,
        )) {
          events++;
          onEvent(event);
        }
      };
      const { rows, stats } = await readLogSource(source, found, undefined, toEvents);
      toEvents(rows);
      if (toCount.length > 0) toEvents(await withWorkerCounter((counter) => estimateRows(toCount, unusable, counter)));
      readFrom.push(`${sourceDisplayName(source)} ${found.join(', ')}: ${formatCount(events)} events`);
      for (const summary of [...summarizeSkips(stats), ...summarizeSkips(unusable)]) {
        skipped += summary.count;
        problems.push(`${sourceDisplayName(source)}: ${describeSkipSummary(summary)}`);
      }
    }
  }
  return { read: readFrom, skipped, problems };
}

/** Every spend event this machine knows of (see `readSpendEvents`), one copy each, corrections applied. */
export async function loadSpendEvents(ledger: string | undefined, agentLogs: boolean): Promise<LoadedSpend> {
  const byId = new Map<string, SpendEvent>();
  const outcome = await readSpendEvents(ledger, agentLogs, (event) => {
    const earlier = byId.get(event.id);
    byId.set(event.id, earlier ? moreComplete(earlier, event) : event);
  });
  return { ...outcome, events: withCorrections([...byId.values()]) };
}

/** What a command printed, and the input it had to skip (reported on stderr, exit code 1). */
export interface CommandOutput {
  readonly output: string;
  readonly skipped: number;
  readonly problems: readonly string[];
}

/** The report's days, checked: a named range, or --since and --until as real dates. */
export function checkedDays(options: Pick<ReportOptions, 'range' | 'since' | 'until'>): { since?: string; until?: string } {
  if (options.range !== undefined) {
    if (!isRangeId(options.range) || options.range === 'custom') {
      throw new UsageError(`--range must be one of ${RANGE_IDS.filter((id) => id !== 'custom').join(', ')}, not "${options.range}".`);
    }
    if (options.since !== undefined || options.until !== undefined) throw new UsageError('Give --range, or --since and --until, not both.');
    return {};
  }
  const checked: { since?: string; until?: string } = {};
  for (const [flag, key] of [
    ['--since', 'since'],
    ['--until', 'until'],
  ] as const) {
    const value = options[key];
    if (value === undefined) continue;
    const day = parseDay(value);
    if ('error' in day) throw new UsageError(`${flag}: ${day.error}`);
    checked[key] = day.day;
  }
  if (checked.since && checked.until && checked.until < checked.since) {
    throw new UsageError(`--until (${checked.until}) is before --since (${checked.since}).`);
  }
  return checked;
}

/** `report`: spend from the ledger and the agents' logs, grouped by day, model, session or project. */
export async function reportCommand(options: ReportOptions): Promise<CommandOutput> {
  if (!DIMENSIONS.has(options.by)) throw new UsageError(`--by must be one of ${[...DIMENSIONS].join(', ')}, not "${options.by}".`);
  const { since, until } = checkedDays(options);
  const tally = new SpendTally(options.by as SpendDimension, options.timeZone);
  const loaded = await readSpendEvents(options.ledger, options.agentLogs, (event) => tally.add(event));
  const range = options.range
    ? (resolveRange({ id: options.range as RangeId }, localDay(new Date(), options.timeZone), tally.earliestDay()) as DayRange)
    : undefined;
  const from = range?.from ?? since;
  const to = range?.to ?? until;
  const { buckets, count, pricedUsd } = tally.totals(from, to);
  if (options.json) {
    const output = JSON.stringify(
      {
        by: options.by,
        timeZone: options.timeZone,
        range: options.range ?? null,
        since: from ?? null,
        until: to ?? null,
        read: loaded.read,
        buckets: buckets.map((bucket) => ({ ...bucket, usd: bucket.usd ?? null })),
        skipped: { count: loaded.skipped, reasons: loaded.problems },
      },
      null,
      2,
    );
    return { output, skipped: loaded.skipped, problems: loaded.problems };
  }
  const table = formatTable(
    [options.by[0].toUpperCase() + options.by.slice(1), 'Cost', 'Tokens', 'Requests', 'Unpriced tokens'],
    buckets.map((bucket) => [
      bucket.key || '(none)',
      bucket.usd === undefined ? 'no price' : formatUsd(bucket.usd),
      formatCount(totalTokens(bucket.tokens)),
      formatCount(bucket.count),
      formatCount(bucket.unpricedTokens),
    ]),
    new Set([1, 2, 3, 4]),
  );
  const span = from || to ? ` from ${from ?? 'the start'} to ${to ?? 'today'}` : '';
  const empty = tally.size === 0 ? '\nNo spend found anywhere Tokenwise looked.' : '';
  const totals = `${formatCount(count)} requests${span}, ${formatUsd(pricedUsd)} with a known price; days in ${options.timeZone}.`;
  const output = `${table}\n\n${totals}${empty}\nRead: ${loaded.read.join('; ')}.`;
  return { output, skipped: loaded.skipped, problems: loaded.problems };
}
