// What the Spend view shows over a range, computed from ledger events: plain data, no formatting.
import { localDay, shiftDay, weekStart } from '../calendar/calendar';
import { TOKEN_KINDS, type TokenKind } from '../tokens/tokenKinds';
import { aggregate, sessions, SpendAccumulator, totals, type SessionSummary, type SpendBucket, type SpendTotals } from './aggregate';
import { COST_BASES, FUTURE_MARGIN_MS, unpricedTokensOf, type CostBasis, type SpendEvent } from './spendEvent';
import { rangeWithData, resolveRange, type DayRange, type RangeRequest } from './spendRange';

/** One bar of the chart: a day or an ISO week (clipped to the range), with its cost by model and by source. */
export interface SpendBar {
  /** `YYYY-MM-DD`: the day, or the week's first day in the range. */
  readonly from: string;
  readonly to: string;
  readonly totals: SpendTotals;
  /** Known cost per model and per source, for stacking. */
  readonly byModel: Readonly<Record<string, number>>;
  readonly bySource: Readonly<Record<string, number>>;
}

export interface SessionWithRequests extends SessionSummary {
  /** The session's requests in the range, newest first (at most `requestsPerSession`). */
  readonly requests: readonly SpendEvent[];
}

/** Events dated after now (a clock ahead, a log rewritten with later times): kept, but counted only when their time comes. */
export interface FutureEvents {
  readonly count: number;
  /** ISO time of the latest one. */
  readonly latest: string | undefined;
}

export interface SpendSummary {
  readonly timeZone: string;
  readonly range: DayRange;
  /** Why the range asked for could not be used (a custom range with a bad date); this month is shown instead. */
  readonly rangeError: string | undefined;
  /** The range's spend. */
  readonly total: SpendTotals;
  /** The current periods, whatever the range: for the line that says the current one is empty. */
  readonly today: SpendTotals;
  readonly week: SpendTotals;
  readonly month: SpendTotals;
  /** Oldest first, empty days (or weeks) included. */
  readonly bars: readonly SpendBar[];
  readonly byModel: readonly SpendBucket[];
  readonly bySource: readonly SpendBucket[];
  readonly byProject: readonly SpendBucket[];
  /** Tokens of each kind in the range. */
  readonly byKind: Readonly<Record<TokenKind, number>>;
  /** The range's sessions, the most recent first. */
  readonly recentSessions: readonly SessionWithRequests[];
  /** The range's costliest sessions, highest first. */
  readonly topSessions: readonly SessionSummary[];
  readonly byBasis: Readonly<Record<CostBasis, SpendTotals>>;
  /** The range's requests without a (complete) price, by model and billing mode, most unpriced tokens first. */
  readonly unpriced: readonly UnpricedModel[];
  readonly future: FutureEvents;
  /** Events in the ledger, and in the range. */
  readonly events: number;
  readonly eventsInRange: number;
  /** The range's events, for analyses that need them (waste, re-pricing). */
  readonly inRange: readonly SpendEvent[];
  /** The first local day with spend, if any. */
  readonly earliestDay: string | undefined;
  /** Every local day with spend (not in the future), for choosing a range that has some. */
  readonly days: ReadonlySet<string>;
}

/** A model (in a billing mode) whose requests had no price, or only part of one. */
export interface UnpricedModel {
  readonly model: string;
  readonly billingMode?: string;
  readonly tokens: number;
  readonly events: number;
}

/** The events' unpriced tokens by model and billing mode, most first. */
export function unpricedModels(events: readonly SpendEvent[]): UnpricedModel[] {
  const byKey = new Map<string, { model: string; billingMode?: string; tokens: number; events: number }>();
  for (const event of events) {
    const tokens = unpricedTokensOf(event);
    if (!(tokens > 0)) continue;
    const key = `${event.model}\u0000${event.billingMode ?? ''}`;
    let entry = byKey.get(key);
    if (!entry) {
      byKey.set(
        key,
        (entry = { model: event.model, ...(event.billingMode ? { billingMode: event.billingMode } : {}), tokens: 0, events: 0 }),
      );
    }
    entry.tokens += tokens;
    entry.events++;
  }
  return [...byKey.values()].sort((a, b) => b.tokens - a.tokens || a.model.localeCompare(b.model));
}

export interface SummaryOptions {
  readonly now: Date;
  readonly timeZone: string;
  /** A resolved range, or one to resolve (`all` starts at the first day with spend). Default: a range that has spend. */
  readonly range?: DayRange | RangeRequest;
  readonly sessions?: number;
  readonly topSessions?: number;
  readonly requestsPerSession?: number;
}

function barKeys(range: DayRange): string[] {
  const keys: string[] = [];
  for (let day = range.from; day <= range.to; day = shiftDay(day, range.bucket === 'week' ? 7 : 1)) {
    keys.push(day);
    if (range.bucket === 'week' && day === range.from) day = weekStart(day); // later bars start on Mondays
  }
  return keys;
}

class BarAccumulator extends SpendAccumulator {
  readonly byModel: Record<string, number> = {};
  readonly bySource: Record<string, number> = {};
  override add(event: SpendEvent): void {
    super.add(event);
    if (event.usd === undefined) return;
    this.byModel[event.model] = (this.byModel[event.model] ?? 0) + event.usd;
    this.bySource[event.source] = (this.bySource[event.source] ?? 0) + event.usd;
  }
}

function chosenRange(
  asked: DayRange | RangeRequest | undefined,
  today: string,
  days: readonly string[],
): { range: DayRange; rangeError: string | undefined } {
  if (asked && 'bucket' in asked) return { range: asked, rangeError: undefined };
  const resolved = resolveRange(asked ?? { id: rangeWithData(days, today) }, today, days[0]);
  if (!('error' in resolved)) return { range: resolved, rangeError: undefined };
  return { range: resolveRange({ id: 'this-month' }, today) as DayRange, rangeError: resolved.error };
}

/**
 * One pass over the events: each one's local day is worked out once (the slow part with tens of thousands of
 * events), then added to the range, its bar, and the current periods. Events in the future are set apart.
 */
export function summarizeSpend(events: readonly SpendEvent[], options: SummaryOptions): SpendSummary {
  const { timeZone } = options;
  const today = localDay(options.now, timeZone);
  const week = resolveRange({ id: 'this-week' }, today) as DayRange;
  const horizon = options.now.getTime() + FUTURE_MARGIN_MS;
  let futureCount = 0;
  let futureLatest: string | undefined;
  const dayOf: (string | undefined)[] = events.map((event) => {
    if (Date.parse(event.time) <= horizon) return localDay(event.time, timeZone);
    futureCount++;
    if (futureLatest === undefined || event.time > futureLatest) futureLatest = event.time;
    return undefined;
  });
  const days = new Set(dayOf.filter((day): day is string => day !== undefined));
  const sortedDays = [...days].sort();
  const { range, rangeError } = chosenRange(options.range, today, sortedDays);
  const keys = barKeys(range);
  const bars = new Map(keys.map((key) => [key, new BarAccumulator()]));
  // Many events share a day: its bar is worked out once.
  const barOfDay = new Map<string, string>();
  const barOf = (day: string) => {
    if (range.bucket === 'day') return day;
    let bar = barOfDay.get(day);
    if (bar === undefined) barOfDay.set(day, (bar = day < keys[1] || keys.length === 1 ? keys[0] : weekStart(day)));
    return bar;
  };
  const [todayTotals, weekTotals, monthTotals, rangeTotals] = [0, 1, 2, 3].map(() => new SpendAccumulator());
  const inRange: SpendEvent[] = [];
  const byKind = Object.fromEntries(TOKEN_KINDS.map((kind) => [kind, 0])) as Record<TokenKind, number>;
  for (const [index, event] of events.entries()) {
    const day = dayOf[index];
    if (day === undefined) continue;
    if (day === today) todayTotals.add(event);
    if (day >= week.from && day <= today) weekTotals.add(event);
    if (day.slice(0, 7) === today.slice(0, 7)) monthTotals.add(event);
    if (day < range.from || day > range.to) continue;
    rangeTotals.add(event);
    bars.get(barOf(day))?.add(event);
    inRange.push(event);
    for (const kind of TOKEN_KINDS) byKind[kind] += event.tokens[kind];
  }

  const bySession = new Map<string, SpendEvent[]>();
  for (const event of inRange) {
    if (event.sessionId === undefined) continue;
    const key = `${event.source}\u0000${event.sessionId}`;
    const list = bySession.get(key);
    if (list) list.push(event);
    else bySession.set(key, [event]);
  }
  const rangeSessions = sessions(inRange);
  const recentSessions = rangeSessions.slice(0, options.sessions ?? 10).map((session) => ({
    ...session,
    requests: (bySession.get(`${session.source}\u0000${session.sessionId}`) ?? [])
      .slice()
      .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
      .slice(0, options.requestsPerSession ?? 50),
  }));
  const topSessions = rangeSessions
    .filter((session) => session.usd !== undefined)
    .sort((a, b) => (b.usd ?? 0) - (a.usd ?? 0))
    .slice(0, options.topSessions ?? 5);

  const byBasis = Object.fromEntries(
    COST_BASES.map((basis) => [basis, totals(inRange.filter((event) => event.costBasis === basis))]),
  ) as Record<CostBasis, SpendTotals>;
  return {
    timeZone,
    range,
    rangeError,
    total: rangeTotals.totals(),
    today: todayTotals.totals(),
    week: weekTotals.totals(),
    month: monthTotals.totals(),
    bars: keys.map((from, index) => {
      const bar = bars.get(from)!;
      const to = index + 1 < keys.length ? shiftDay(keys[index + 1], -1) : range.to;
      return { from, to, totals: bar.totals(), byModel: { ...bar.byModel }, bySource: { ...bar.bySource } };
    }),
    byModel: aggregate(inRange, 'model'),
    bySource: aggregate(inRange, 'source'),
    byProject: aggregate(inRange, 'project'),
    byKind,
    recentSessions,
    topSessions,
    byBasis,
    unpriced: unpricedModels(inRange),
    future: { count: futureCount, latest: futureLatest },
    events: events.length,
    eventsInRange: inRange.length,
    inRange,
    earliestDay: sortedDays[0],
    days,
  };
}
