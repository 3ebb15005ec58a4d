import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  aggregate,
  describeSkipSummary,
  formatCount,
  formatUsd,
  isRangeId,
  LOG_SOURCES,
  Ledger,
  localDay,
  logSourceRoots,
  moreComplete,
  parseDay,
  RANGE_IDS,
  readLogSource,
  resolveRange,
  sourceDisplayName,
  summarizeSkips,
  totalTokens,
  usageRowsToEvents,
  vscodeUserDirs,
  withCorrections,
  type DayRange,
  type RangeId,
  type SpendDimension,
  type SpendEvent,
} from '../core';
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
function defaultLedgers(): string[] {
  return vscodeUserDirs(process.env, process.platform, homedir())
    .map((userDir) => join(userDir, 'globalStorage', 'tokenwise.tokenwise', 'ledger'))
    .filter((folder) => existsSync(folder));
}

/** Events by id, one copy each, chosen as the ledger chooses. */
function mergeById(events: Iterable<SpendEvent>): SpendEvent[] {
  const byId = new Map<string, SpendEvent>();
  for (const event of events) {
    const earlier = byId.get(event.id);
    byId.set(event.id, earlier ? moreComplete(earlier, event) : event);
  }
  return [...byId.values()];
}

/** Spend events, and what could not be read: one line per reason, with how many and where first. */
export interface LoadedSpend {
  readonly events: SpendEvent[];
  /** Where events were looked for: each ledger folder and agent log folder, with what was found there. */
  readonly read: string[];
  readonly skipped: number;
  readonly problems: string[];
}

/**
 * Every spend event this machine knows of: the ledger (or `ledger`), plus the agents' logs at their default
 * locations. A row that cannot be used is skipped and counted with its reason; the rest is still read.
 */
export async function loadSpendEvents(ledger: string | undefined, agentLogs: boolean): Promise<LoadedSpend> {
  if (ledger !== undefined && !existsSync(ledger)) throw new UsageError(`No ledger folder at ${ledger}.`, false);
  if (ledger !== undefined && !statSync(ledger).isDirectory()) {
    throw new UsageError(`${ledger} is not a folder; --ledger takes the ledger's folder.`, false);
  }
  const events: SpendEvent[] = [];
  const problems: string[] = [];
  const readFrom: string[] = [];
  let skipped = 0;
  const ledgers = ledger ? [ledger] : defaultLedgers();
  if (ledgers.length === 0) readFrom.push('ledger: none found (no editor here has recorded spend with Tokenwise)');
  for (const folder of ledgers) {
    const contents = await new Ledger(folder).read();
    readFrom.push(`ledger ${folder}: ${formatCount(contents.events.length)} events`);
    for (const event of contents.events) events.push(event);
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
      const before = events.length;
      const read = await readLogSource(source, found);
      // Row by row, each dropped once it is an event: a report over years of logs holds one copy of each request.
      const rows = read.rows.splice(0);
      while (rows.length > 0) for (const event of usageRowsToEvents(rows.splice(-500), read.stats)) events.push(event);
      readFrom.push(`${sourceDisplayName(source)} ${found.join(', ')}: ${formatCount(events.length - before)} events`);
      for (const summary of summarizeSkips(read.stats)) {
        skipped += summary.count;
        problems.push(`${sourceDisplayName(source)}: ${describeSkipSummary(summary)}`);
      }
    }
  }
  return { events: withCorrections(mergeById(events)), read: readFrom, skipped, problems };
}

/** What a command printed, and the input it had to skip (reported on stderr, exit code 1). */
export interface CommandOutput {
  readonly output: string;
  readonly skipped: number;
  readonly problems: readonly string[];
}

/** The report's days, checked: a named range, or --since and --until as real dates. */
function checkedDays(options: ReportOptions): { since?: string; until?: string } {
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
  const loaded = await loadSpendEvents(options.ledger, options.agentLogs);
  const days = loaded.events.map((event) => localDay(event.time, options.timeZone));
  const earliest = days.reduce<string | undefined>((first, day) => (first === undefined || day < first ? day : first), undefined);
  const range = options.range
    ? (resolveRange({ id: options.range as RangeId }, localDay(new Date(), options.timeZone), earliest) as DayRange)
    : undefined;
  const from = range?.from ?? since;
  const to = range?.to ?? until;
  const inRange = loaded.events.filter((_, index) => (!from || days[index] >= from) && (!to || days[index] <= to));
  const buckets = aggregate(inRange, options.by as SpendDimension, { timeZone: options.timeZone });
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
  const priced = inRange.reduce((sum, event) => sum + (event.usd ?? 0), 0);
  const span = from || to ? ` from ${from ?? 'the start'} to ${to ?? 'today'}` : '';
  const empty = loaded.events.length === 0 ? '\nNo spend found anywhere Tokenwise looked.' : '';
  const output = `${table}\n\n${formatCount(inRange.length)} requests${span}, ${formatUsd(priced)} with a known price; days in ${options.timeZone}.${empty}\nRead: ${loaded.read.join('; ')}.`;
  return { output, skipped: loaded.skipped, problems: loaded.problems };
}
