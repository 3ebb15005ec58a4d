import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  aggregate,
  describeSkipSummary,
  formatCount,
  formatUsd,
  LOG_SOURCES,
  Ledger,
  localDay,
  logSourceRoots,
  moreComplete,
  readLogSource,
  sourceDisplayName,
  summarizeSkips,
  totalTokens,
  usageRowsToEvents,
  vscodeUserDirs,
  type SpendDimension,
  type SpendEvent,
} from '../core';
import { UsageError } from './promptFiles';
import { formatTable } from './table';

export interface ReportOptions {
  readonly since: string | undefined;
  readonly until: string | undefined;
  readonly by: string;
  readonly ledger: string | undefined;
  readonly agentLogs: boolean;
  readonly timeZone: string;
  readonly json: boolean;
}

const DIMENSIONS = new Set(['day', 'week', 'month', 'model', 'source', 'project', 'session']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

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
  let skipped = 0;
  for (const folder of ledger ? [ledger] : defaultLedgers()) {
    const contents = await new Ledger(folder).read();
    for (const event of contents.events) events.push(event);
    skipped += contents.skipped.length;
    for (const line of contents.skipped) problems.push(`ledger ${line.file}${line.line ? `:${line.line}` : ''}: ${line.reason}`);
  }
  if (agentLogs) {
    for (const source of LOG_SOURCES) {
      const roots = logSourceRoots(source, undefined, process.env, process.platform, homedir());
      if (roots.length === 0) continue;
      const read = await readLogSource(source, roots);
      // Row by row, each dropped once it is an event: a report over years of logs holds one copy of each request.
      const rows = read.rows.splice(0);
      while (rows.length > 0) for (const event of usageRowsToEvents(rows.splice(-500), read.stats)) events.push(event);
      for (const summary of summarizeSkips(read.stats)) {
        skipped += summary.count;
        problems.push(`${sourceDisplayName(source)}: ${describeSkipSummary(summary)}`);
      }
    }
  }
  return { events: mergeById(events), skipped, problems };
}

/** What a command printed, and the input it had to skip (reported on stderr, exit code 1). */
export interface CommandOutput {
  readonly output: string;
  readonly skipped: number;
  readonly problems: readonly string[];
}

/** `report`: spend from the ledger and the agents' logs, grouped by day, model, session or project. */
export async function reportCommand(options: ReportOptions): Promise<CommandOutput> {
  if (!DIMENSIONS.has(options.by)) throw new UsageError(`--by must be one of ${[...DIMENSIONS].join(', ')}, not "${options.by}".`);
  for (const [flag, value] of [
    ['--since', options.since],
    ['--until', options.until],
  ] as const) {
    if (value !== undefined && !DAY.test(value)) throw new UsageError(`${flag} takes a date like 2026-11-01, not "${value}".`);
  }
  const loaded = await loadSpendEvents(options.ledger, options.agentLogs);
  const inRange = loaded.events.filter((event) => {
    const day = localDay(event.time, options.timeZone);
    return (!options.since || day >= options.since) && (!options.until || day <= options.until);
  });
  const buckets = aggregate(inRange, options.by as SpendDimension, { timeZone: options.timeZone });
  if (options.json) {
    const output = JSON.stringify(
      {
        by: options.by,
        timeZone: options.timeZone,
        since: options.since ?? null,
        until: options.until ?? null,
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
  const output = `${table}\n\n${formatCount(inRange.length)} requests, ${formatUsd(priced)} with a known price; days in ${options.timeZone}.`;
  return { output, skipped: loaded.skipped, problems: loaded.problems };
}
