// The ranges spend is looked at over: named periods of the calendar (today, this week, last month…), rolling
// windows (the last 7, 30, 90 days), everything, or two dates. Each resolves to local days in a time zone, both ends
// included, and to the bucket its chart uses (days, or weeks for long ranges).
import { daysBetween, parseDay, shiftDay, weekStart } from '../calendar/calendar';

export const RANGE_IDS = [
  'today',
  'this-week',
  'this-month',
  'last-month',
  'last-7-days',
  'last-30-days',
  'last-90-days',
  'all',
  'custom',
] as const;

export type RangeId = (typeof RANGE_IDS)[number];

export const RANGE_LABELS: Readonly<Record<RangeId, string>> = {
  today: 'Today',
  'this-week': 'This week',
  'this-month': 'This month',
  'last-month': 'Last month',
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'last-90-days': 'Last 90 days',
  all: 'All',
  custom: 'Custom range',
};

/** A range resolved to local days. */
export interface DayRange {
  readonly id: RangeId;
  readonly label: string;
  /** `YYYY-MM-DD`, included. */
  readonly from: string;
  /** `YYYY-MM-DD`, included. */
  readonly to: string;
  /** The chart's bars: one per day, or per ISO week (Monday first) past this many days. */
  readonly bucket: 'day' | 'week';
}

/** Ranges longer than this are charted by week. */
export const DAILY_BARS_UP_TO = 62;

export interface RangeRequest {
  readonly id: RangeId;
  /** For `custom`: `YYYY-MM-DD` texts, checked here. */
  readonly from?: string;
  readonly to?: string;
}

export function isRangeId(value: unknown): value is RangeId {
  return typeof value === 'string' && (RANGE_IDS as readonly string[]).includes(value);
}

const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;

/**
 * The days of a range, given today's local date and the earliest day with spend (for `all`). A custom range with a
 * date that is not one, or that ends before it starts, is an error in words.
 */
export function resolveRange(request: RangeRequest, today: string, earliest?: string): DayRange | { readonly error: string } {
  const span = (from: string, to: string): DayRange => ({
    id: request.id,
    label: RANGE_LABELS[request.id],
    from,
    to,
    bucket: daysBetween(from, to) > DAILY_BARS_UP_TO ? 'week' : 'day',
  });
  switch (request.id) {
    case 'today':
      return span(today, today);
    case 'this-week':
      return span(weekStart(today), today);
    case 'this-month':
      return span(firstOfMonth(today), today);
    case 'last-month': {
      const lastDay = shiftDay(firstOfMonth(today), -1);
      return span(firstOfMonth(lastDay), lastDay);
    }
    case 'last-7-days':
      return span(shiftDay(today, -6), today);
    case 'last-30-days':
      return span(shiftDay(today, -29), today);
    case 'last-90-days':
      return span(shiftDay(today, -89), today);
    case 'all':
      return span(earliest !== undefined && earliest < today ? earliest : today, today);
    case 'custom': {
      const from = parseDay(request.from ?? '');
      if ('error' in from) return { error: `Start: ${from.error}` };
      const to = parseDay(request.to ?? '');
      if ('error' in to) return { error: `End: ${to.error}` };
      if (to.day < from.day) return { error: `The range ends (${to.day}) before it starts (${from.day}).` };
      return { ...span(from.day, to.day), label: `${from.day} to ${to.day}` };
    }
  }
}

/** The range to open on: this month when it has spend, else the last 30 days, last month or everything, whichever has. */
export function rangeWithData(days: ReadonlySet<string> | readonly string[], today: string): RangeId {
  const list = [...days];
  const within = (range: DayRange | { error: string }) => !('error' in range) && list.some((day) => day >= range.from && day <= range.to);
  for (const id of ['this-month', 'last-30-days', 'last-month', 'last-90-days'] as const) {
    if (within(resolveRange({ id }, today))) return id;
  }
  return list.length > 0 ? 'all' : 'this-month';
}
