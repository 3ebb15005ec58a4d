// Spend totals over ledger events: by day, ISO week and month in a time zone, and by model, source, project and
// session. Pure functions. A cost that is not known is never added as $0: its tokens are counted as unpriced, and a
// total with no known cost at all stays undefined.
import { isoWeek, localDate, localDay, pad, toMs } from '../calendar/calendar';
import { systemTimeZone } from '../input/entryRules';
import { NO_TOKENS, addTokens, zeroTokens } from '../tokens/tokenKinds';
import { unpricedTokensOf, type SpendEvent, type SpendTokens } from './spendEvent';

export interface SpendTotals {
  /** Sum of the known costs; undefined when no event had one. Check `unpricedTokens` before calling it complete. */
  readonly usd: number | undefined;
  /** Tokens no known cost covers: all of an event's tokens when its cost is unknown. */
  readonly unpricedTokens: number;
  /** Events whose cost is unknown. */
  readonly unpricedEvents: number;
  readonly tokens: SpendTokens;
  /** Events (requests). */
  readonly count: number;
  /** The low end of `usd` when some costs are estimates with a range (Copilot Chat's): `usd` is then the high end. */
  readonly usdLow?: number;
}

export const NO_SPEND: SpendTotals = Object.freeze({ usd: undefined, unpricedTokens: 0, unpricedEvents: 0, tokens: NO_TOKENS, count: 0 });

/** What events can be grouped by. */
export type SpendDimension = 'day' | 'week' | 'month' | 'model' | 'source' | 'project' | 'session';

export interface SpendBucket extends SpendTotals {
  /**
   * `2026-11-24` (day), `2026-W48` (ISO week), `2026-11` (month), or the model, source, project or session id.
   * The empty string gathers events without a project or session.
   */
  readonly key: string;
}

export interface AggregateOptions {
  /** IANA time zone for days, weeks and months. Default: the system's. */
  readonly timeZone?: string;
}

/**
 * Totals grouped by `dimension`. Day, week and month buckets come in time order; the others by cost, highest first
 * (unknown costs last), then by key.
 */
export function aggregate(events: Iterable<SpendEvent>, dimension: SpendDimension, options: AggregateOptions = {}): SpendBucket[] {
  const keyOf = bucketKeyOf(dimension, options.timeZone ?? systemTimeZone());
  const groups = new Map<string, SpendAccumulator>();
  for (const event of events) {
    const key = keyOf(event);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new SpendAccumulator()));
    group.add(event);
  }
  return sortedBuckets(groups, dimension);
}

/** The groups as buckets in the order `aggregate` promises for `dimension`. */
export function sortedBuckets(groups: Map<string, SpendAccumulator>, dimension: SpendDimension): SpendBucket[] {
  const buckets = [...groups].map(([key, group]) => ({ key, ...group.totals() }));
  if (dimension === 'day' || dimension === 'week' || dimension === 'month') return buckets.sort((a, b) => compareText(a.key, b.key));
  return buckets.sort((a, b) => (b.usd ?? -1) - (a.usd ?? -1) || compareText(a.key, b.key));
}

export const byDay = (events: Iterable<SpendEvent>, timeZone?: string) => aggregate(events, 'day', { timeZone });
export const byWeek = (events: Iterable<SpendEvent>, timeZone?: string) => aggregate(events, 'week', { timeZone });
export const byMonth = (events: Iterable<SpendEvent>, timeZone?: string) => aggregate(events, 'month', { timeZone });
export const byModel = (events: Iterable<SpendEvent>) => aggregate(events, 'model');
export const bySource = (events: Iterable<SpendEvent>) => aggregate(events, 'source');
export const byProject = (events: Iterable<SpendEvent>) => aggregate(events, 'project');
export const bySession = (events: Iterable<SpendEvent>) => aggregate(events, 'session');

/** Totals of all events. */
export function totals(events: Iterable<SpendEvent>): SpendTotals {
  const all = new SpendAccumulator();
  for (const event of events) all.add(event);
  return all.totals();
}

/** Totals of the events from `from` (included) to `to` (excluded). */
export function totalsBetween(events: Iterable<SpendEvent>, from: Date | string | number, to: Date | string | number): SpendTotals {
  const start = toMs(from);
  const end = toMs(to);
  const within = new SpendAccumulator();
  for (const event of events) {
    const ms = Date.parse(event.time);
    if (ms >= start && ms < end) within.add(event);
  }
  return within.totals();
}

export interface SessionSummary extends SpendTotals {
  readonly sessionId: string;
  readonly source: string;
  /** The projects the session's requests were made in, in order of first use. */
  readonly projects: string[];
  /** Models in order of first use. */
  readonly models: string[];
  /** ISO 8601 times of the first and last request. */
  readonly firstTime: string;
  readonly lastTime: string;
  readonly durationMs: number;
  /** The session's title as the agent's file has it (its latest), when it has one. */
  readonly title?: string;
}

/** One summary per session (per source and session id; events without a session are left out), newest first. */
export function sessions(events: Iterable<SpendEvent>): SessionSummary[] {
  interface Session {
    readonly sessionId: string;
    readonly source: string;
    readonly projects: Set<string>;
    readonly models: Set<string>;
    title?: string;
    first: number;
    last: number;
    readonly spend: SpendAccumulator;
  }
  const found = new Map<string, Session>();
  const ordered = [...events].map((event) => ({ event, ms: Date.parse(event.time) })).sort((a, b) => a.ms - b.ms);
  for (const { event, ms } of ordered) {
    if (event.sessionId === undefined) continue;
    const key = `${event.source}\u0000${event.sessionId}`;
    let session = found.get(key);
    if (!session) {
      session = {
        sessionId: event.sessionId,
        source: event.source,
        projects: new Set(),
        models: new Set(),
        first: ms,
        last: ms,
        spend: new SpendAccumulator(),
      };
      found.set(key, session);
    }
    if (event.project !== undefined) session.projects.add(event.project);
    if (event.sessionTitle !== undefined) session.title = event.sessionTitle;
    session.models.add(event.model);
    session.first = Math.min(session.first, ms);
    session.last = Math.max(session.last, ms);
    session.spend.add(event);
  }
  return [...found.values()]
    .sort((a, b) => b.last - a.last || b.first - a.first || compareText(a.sessionId, b.sessionId))
    .map((session) => ({
      sessionId: session.sessionId,
      source: session.source,
      projects: [...session.projects],
      models: [...session.models],
      ...(session.title === undefined ? {} : { title: session.title }),
      firstTime: new Date(session.first).toISOString(),
      lastTime: new Date(session.last).toISOString(),
      durationMs: session.last - session.first,
      ...session.spend.totals(),
    }));
}

/** Adds events up into totals, one at a time. */
export class SpendAccumulator {
  private usd: number | undefined;
  private unpricedTokens = 0;
  private unpricedEvents = 0;
  private count = 0;
  /** How much lower the costs with a range may be: the sum of `usd - usdLow`. */
  private rangeBelow = 0;
  private readonly tokens = zeroTokens();

  add(event: Pick<SpendEvent, 'tokens' | 'usd' | 'unpricedTokens' | 'usdLow'>): void {
    this.count++;
    addTokens(this.tokens, event.tokens);
    if (event.usd !== undefined && event.usdLow !== undefined) this.rangeBelow += event.usd - event.usdLow;
    this.unpricedTokens += unpricedTokensOf(event);
    if (event.usd === undefined) this.unpricedEvents++;
    else this.usd = (this.usd ?? 0) + event.usd;
  }

  totals(): SpendTotals {
    return {
      usd: this.usd,
      unpricedTokens: this.unpricedTokens,
      unpricedEvents: this.unpricedEvents,
      tokens: { ...this.tokens },
      count: this.count,
      ...(this.rangeBelow > 0 && this.usd !== undefined ? { usdLow: this.usd - this.rangeBelow } : {}),
    };
  }
}

/** The bucket an event falls in when grouped by `dimension` (days, weeks and months in `timeZone`). */
export function bucketKeyOf(dimension: SpendDimension, timeZone: string): (event: SpendEvent) => string {
  switch (dimension) {
    case 'day':
      return (event) => localDay(event.time, timeZone);
    case 'week':
      return (event) => {
        const { year, month, day } = localDate(Date.parse(event.time), timeZone);
        return isoWeek(year, month, day);
      };
    case 'month':
      return (event) => {
        const { year, month } = localDate(Date.parse(event.time), timeZone);
        return `${year}-${pad(month)}`;
      };
    case 'model':
      return (event) => event.model;
    case 'source':
      return (event) => event.source;
    case 'project':
      return (event) => event.project ?? '';
    case 'session':
      return (event) => event.sessionId ?? '';
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
