// What the Spend view shows, computed from ledger events: plain data, no formatting.
import { localDay } from '../calendar/calendar';
import { aggregate, sessions, SpendAccumulator, totals, type SessionSummary, type SpendBucket, type SpendTotals } from './aggregate';
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

/** The Monday that starts the ISO week of a `YYYY-MM-DD` date, and the Sunday that ends it. */
function isoWeekBounds(day: string): { monday: string; sunday: string } {
  const [year, month, date] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay() || 7; // Monday 1 … Sunday 7
  return { monday: daysBefore(day, weekday - 1), sunday: daysBefore(day, weekday - 7) };
}

/**
 * One pass over the events: each one's local day is worked out once (the slow part with tens of thousands of
 * events), then added to its day, this week, this month.
 */
export function summarizeSpend(events: readonly SpendEvent[], options: SummaryOptions): SpendSummary {
  const { timeZone } = options;
  const today = localDay(options.now, timeZone);
  const { monday, sunday } = isoWeekBounds(today);
  const thisMonth = today.slice(0, 7);
  const days = options.days ?? 30;
  const firstDay = daysBefore(today, days - 1);
  const byDay = new Map<string, SpendAccumulator>();
  const week = new SpendAccumulator();
  const month = new SpendAccumulator();
  const inMonth: SpendEvent[] = [];
  for (const event of events) {
    const day = localDay(event.time, timeZone);
    if (day >= firstDay && day <= today) {
      let accumulator = byDay.get(day);
      if (!accumulator) byDay.set(day, (accumulator = new SpendAccumulator()));
      accumulator.add(event);
    }
    if (day >= monday && day <= sunday) week.add(event);
    if (day.startsWith(thisMonth)) {
      month.add(event);
      inMonth.push(event);
    }
  }
  const daily = Array.from({ length: days }, (_, index) => {
    const day = daysBefore(today, days - 1 - index);
    return { day, totals: byDay.get(day)?.totals() ?? totals([]) };
  });

  const bySession = new Map<string, SpendEvent[]>();
  for (const event of events) {
    if (event.sessionId === undefined) continue;
    const key = `${event.source}\u0000${event.sessionId}`;
    const list = bySession.get(key);
    if (list) list.push(event);
    else bySession.set(key, [event]);
  }
  const recentSessions = sessions(events)
    .slice(0, options.sessions ?? 10)
    .map((session) => ({
      ...session,
      requests: (bySession.get(`${session.source}\u0000${session.sessionId}`) ?? [])
        .slice()
        .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
        .slice(0, options.requestsPerSession ?? 50),
    }));

  const byBasis = Object.fromEntries(
    COST_BASES.map((basis) => [basis, totals(inMonth.filter((event) => event.costBasis === basis))]),
  ) as Record<CostBasis, SpendTotals>;
  return {
    timeZone,
    today: byDay.get(today)?.totals() ?? totals([]),
    week: week.totals(),
    month: month.totals(),
    daily,
    byModel: aggregate(inMonth, 'model'),
    bySource: aggregate(inMonth, 'source'),
    byProject: aggregate(inMonth, 'project'),
    recentSessions,
    byBasis,
    events: events.length,
  };
}
