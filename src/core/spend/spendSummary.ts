// What the Spend view shows, computed from ledger events: plain data, no formatting.
import { aggregate, localDay, isoWeek, sessions, totals, type SessionSummary, type SpendBucket, type SpendTotals } from './aggregate';
import { COST_BASES, type CostBasis, type SpendEvent } from './spendEvent';

export interface DailySpend {
  /** `YYYY-MM-DD` in the summary's time zone. */
  readonly day: string;
  readonly totals: SpendTotals;
}

export interface SessionWithRequests extends SessionSummary {
  /** The session's requests, newest first (at most `requestsPerSession`). */
  readonly requests: readonly SpendEvent[];
}

export interface SpendSummary {
  readonly timeZone: string;
  readonly today: SpendTotals;
  readonly week: SpendTotals;
  readonly month: SpendTotals;
  /** The last `days` days, oldest first, one entry per day (empty days included). */
  readonly daily: readonly DailySpend[];
  /** This month's spend by model, source and project. */
  readonly byModel: readonly SpendBucket[];
  readonly bySource: readonly SpendBucket[];
  readonly byProject: readonly SpendBucket[];
  readonly recentSessions: readonly SessionWithRequests[];
  /** This month's spend by how its cost is known. */
  readonly byBasis: Readonly<Record<CostBasis, SpendTotals>>;
  readonly events: number;
}

export interface SummaryOptions {
  readonly now: Date;
  readonly timeZone: string;
  readonly days?: number;
  readonly sessions?: number;
  readonly requestsPerSession?: number;
}

/** The calendar date `days` before a `YYYY-MM-DD` date, as `YYYY-MM-DD` (calendar arithmetic, so DST never skips a day). */
function daysBefore(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date - days)).toISOString().slice(0, 10);
}

export function summarizeSpend(events: readonly SpendEvent[], options: SummaryOptions): SpendSummary {
  const { timeZone } = options;
  const today = localDay(options.now, timeZone);
  const [year, month, date] = today.split('-').map(Number);
  const thisWeek = isoWeek(year, month, date);
  const thisMonth = today.slice(0, 7);
  const dayOf = (event: SpendEvent) => localDay(event.time, timeZone);
  const inMonth = events.filter((event) => dayOf(event).startsWith(thisMonth));
  const pick = (buckets: SpendBucket[], key: string): SpendTotals => buckets.find((bucket) => bucket.key === key) ?? totals([]);

  const days = options.days ?? 30;
  const byDay = new Map(aggregate(events, 'day', { timeZone }).map((bucket) => [bucket.key, bucket]));
  const daily = Array.from({ length: days }, (_, index) => {
    const day = daysBefore(today, days - 1 - index);
    return { day, totals: byDay.get(day) ?? totals([]) };
  });

  const bySession = new Map<string, SpendEvent[]>();
  for (const event of events) {
    if (event.sessionId === undefined) continue;
    const key = `${event.source}\u0000${event.sessionId}`;
    const list = bySession.get(key);
    if (list) list.push(event);
    else bySession.set(key, [event]);
  }
  const recentSessions = sessions(events).slice(0, options.sessions ?? 10).map((session) => ({
    ...session,
    requests: (bySession.get(`${session.source}\u0000${session.sessionId}`) ?? [])
      .slice()
      .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
      .slice(0, options.requestsPerSession ?? 50),
  }));

  const byBasis = Object.fromEntries(COST_BASES.map((basis) => [basis, totals(inMonth.filter((event) => event.costBasis === basis))])) as Record<CostBasis, SpendTotals>;
  return {
    timeZone,
    today: byDay.get(today) ?? totals([]),
    week: pick(aggregate(events, 'week', { timeZone }), thisWeek),
    month: pick(aggregate(events, 'month', { timeZone }), thisMonth),
    daily,
    byModel: aggregate(inMonth, 'model'),
    bySource: aggregate(inMonth, 'source'),
    byProject: aggregate(inMonth, 'project'),
    recentSessions,
    byBasis,
    events: events.length,
  };
}
