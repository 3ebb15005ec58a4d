// The day, week or month an allowance is counted over: from one local midnight to another in the allowance's time
// zone. A local day is not always 24 hours (23 or 25 across a daylight saving change), so the boundaries are found
// with the zone's offsets at the instants themselves, never by adding hours.
import { defaultTimeZone as systemTimeZone } from '../spend/aggregate';
import { MAX_MONTH_START, WEEKDAYS, type Allowance } from './allowance';

export interface AllowancePeriod {
  /** The first instant of the period (local midnight), included. */
  readonly start: Date;
  /** The first instant of the next period, excluded. */
  readonly end: Date;
  /** Stable for the period: its kind and local start date, e.g. `day:2026-11-24`, `week:2026-11-23`, `month:2026-11-15`. */
  readonly key: string;
  /** For people: `2026-11-24`, `2026-11-23 – 2026-11-29`, `2026-11` (a calendar month) or `2026-11-15 – 2026-12-14`. */
  readonly label: string;
  /** The IANA time zone the period's days are counted in. */
  readonly timeZone: string;
}

/** A calendar date. Months 1 to 12; days may overflow or underflow before `normalize`. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * The period of `allowance` that contains `now`, counted in the allowance's time zone or else `defaultTimeZone`
 * (default: the system's). Throws a RangeError for an unknown time zone or an invalid week or month start.
 */
export function periodAt(allowance: Allowance, now: Date | number | string = Date.now(), defaultTimeZone: string = systemTimeZone()): AllowancePeriod {
  const timeZone = allowance.timeZone ?? defaultTimeZone;
  const ms = toMs(now);
  const today = localParts(ms, timeZone);
  let first: CalendarDate;
  let next: CalendarDate;
  switch (allowance.period) {
    case 'day':
      first = today;
      next = normalize({ ...today, day: today.day + 1 });
      break;
    case 'week': {
      const startsOn = WEEKDAYS.indexOf(allowance.weekStartsOn ?? 'monday');
      if (startsOn < 0) throw new RangeError(`Unknown weekday: ${String(allowance.weekStartsOn)}`);
      const weekday = new Date(utcMidnight(today)).getUTCDay();
      first = normalize({ ...today, day: today.day - ((weekday - startsOn + 7) % 7) });
      next = normalize({ ...first, day: first.day + 7 });
      break;
    }
    case 'month': {
      const startsOn = allowance.monthStartsOn ?? 1;
      if (!Number.isInteger(startsOn) || startsOn < 1 || startsOn > MAX_MONTH_START) {
        throw new RangeError(`monthStartsOn must be a whole number from 1 to ${MAX_MONTH_START}: ${String(startsOn)}`);
      }
      first = normalize({ year: today.year, month: today.day >= startsOn ? today.month : today.month - 1, day: startsOn });
      next = normalize({ year: first.year, month: first.month + 1, day: startsOn });
      break;
    }
    default:
      throw new RangeError(`Unknown period: ${String(allowance.period)}`);
  }
  const start = new Date(startOfLocalDay(first, timeZone));
  const end = new Date(startOfLocalDay(next, timeZone));
  const last = normalize({ ...next, day: next.day - 1 });
  let label: string;
  if (allowance.period === 'day') label = formatDate(first);
  else if (allowance.period === 'month' && first.day === 1) label = `${first.year}-${pad(first.month)}`;
  else label = `${formatDate(first)} – ${formatDate(last)}`;
  return { start, end, key: `${allowance.period}:${formatDate(first)}`, label, timeZone };
}

/**
 * The first instant of a local calendar date in a time zone: usually its midnight; where midnight is skipped by a
 * daylight saving change, the instant the clocks jump; where midnight happens twice, the first of them.
 */
export function startOfLocalDay(date: { year: number; month: number; day: number }, timeZone: string): number {
  const wanted = normalize(date);
  const wall = utcMidnight(wanted);
  // The offset on either side of any change near the date: local midnight is at `wall - offset` for one of them.
  const candidates = [...new Set([offsetAt(wall - 2 * DAY_MS, timeZone), offsetAt(wall, timeZone), offsetAt(wall + 2 * DAY_MS, timeZone)])]
    .map((offset) => wall - offset)
    .sort((a, b) => a - b);
  for (const candidate of candidates) {
    const local = localParts(candidate, timeZone);
    if (sameDate(local, wanted) && local.hour === 0 && local.minute === 0 && local.second === 0) return candidate;
  }
  // Midnight does not exist that day: the day starts at the first instant whose local date is the wanted one.
  let low = candidates[0] - DAY_MS; // before the date
  let high = candidates[candidates.length - 1] + DAY_MS; // on or after it
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (compareDates(localParts(middle, timeZone), wanted) >= 0) high = middle;
    else low = middle;
  }
  return high;
}

/** The local calendar date of an instant in a time zone. */
export function localDateOf(time: Date | number | string, timeZone: string): CalendarDate {
  const { year, month, day } = localParts(toMs(time), timeZone);
  return { year, month, day };
}

const DAY_MS = 86_400_000;

interface LocalParts extends CalendarDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local wall time of an instant. Throws a RangeError for an unknown zone. */
function localParts(ms: number, timeZone: string): LocalParts {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'iso8601',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(ms);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const era = parts.find((part) => part.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - value('year') : value('year');
  return { year, month: value('month'), day: value('day'), hour: value('hour') % 24, minute: value('minute'), second: value('second') };
}

/** The zone's offset from UTC at an instant, in milliseconds (local = UTC + offset). */
function offsetAt(ms: number, timeZone: string): number {
  const local = localParts(ms, timeZone);
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(local.year, local.month - 1, local.day);
  asUtc.setUTCHours(local.hour, local.minute, local.second, 0);
  return asUtc.getTime() - wholeSecond;
}

function utcMidnight(date: CalendarDate): number {
  const utc = new Date(0);
  utc.setUTCFullYear(date.year, date.month - 1, date.day);
  return utc.getTime();
}

function normalize(date: { year: number; month: number; day: number }): CalendarDate {
  const utc = new Date(0);
  utc.setUTCFullYear(date.year, date.month - 1, date.day);
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
}

function sameDate(a: CalendarDate, b: CalendarDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function formatDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function toMs(time: Date | number | string): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time: ${String(time)}`);
  return ms;
}
