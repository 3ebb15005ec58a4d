// The one calendar: local dates, days, ISO weeks and local midnights of instants in IANA time zones. A local day is
// not always 24 hours (23 or 25 across a daylight saving change), so boundaries are found with the zone's offsets at
// the instants themselves, never by adding hours.
import { systemTimeZone } from '../input/entryRules';

/** A calendar date. Months 1 to 12; days may overflow or underflow before `normalize`. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export const DAY_MS = 86_400_000;

/** The calendar day `YYYY-MM-DD` of an instant in a time zone. */
export function localDay(time: Date | string | number, timeZone: string = systemTimeZone()): string {
  const { year, month, day } = localDate(toMs(time), timeZone);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The ISO 8601 week (`2026-W48`) of a calendar date: weeks start on Monday and belong to the year of their Thursday. */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / DAY_MS / 7) + 1;
  return `${weekYear}-W${pad(week)}`;
}

/** Per time zone: its formatter, and the dates of quarter-hours already looked up. */
const zones = new Map<string, { readonly format: Intl.DateTimeFormat; readonly quarters: Map<number, CalendarDate> }>();

/**
 * Every offset in use today is a whole number of quarter-hours, and so are the instants its transitions take
 * effect, so a UTC quarter-hour lies in one local date. Memoising by quarter-hour spares the formatter (slow:
 * about 8 µs a call) most of its calls when thousands of events are summed.
 */
const QUARTER_HOUR_MS = 900_000;
const MAX_MEMO = 200_000;

/** The calendar date of an instant in a time zone. Throws a RangeError for an unknown zone. */
export function localDate(ms: number, timeZone: string): CalendarDate {
  let zone = zones.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      calendar: 'iso8601',
      numberingSystem: 'latn',
    });
    zone = { format, quarters: new Map() };
    zones.set(timeZone, zone);
  }
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let date = zone.quarters.get(quarter);
  if (!date) {
    const parts = zone.format.formatToParts(quarter * QUARTER_HOUR_MS);
    const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
    date = { year: value('year'), month: value('month'), day: value('day') };
    if (zone.quarters.size >= MAX_MEMO) zone.quarters.clear();
    zone.quarters.set(quarter, date);
  }
  return date;
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

interface LocalParts extends CalendarDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The first instant of a local day written `YYYY-MM-DD` (a day the caller has checked), in ms. */
export function startOfDayText(day: string, timeZone: string): number {
  const [year, month, date] = day.split('-').map(Number);
  return startOfLocalDay({ year, month, day: date }, timeZone);
}

/** The local wall time of an instant. Throws a RangeError for an unknown zone. */
export function localParts(ms: number, timeZone: string): LocalParts {
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

export function utcMidnight(date: CalendarDate): number {
  const utc = new Date(0);
  utc.setUTCFullYear(date.year, date.month - 1, date.day);
  return utc.getTime();
}

export function normalize(date: { year: number; month: number; day: number }): CalendarDate {
  const utc = new Date(0);
  utc.setUTCFullYear(date.year, date.month - 1, date.day);
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
}

export function sameDate(a: CalendarDate, b: CalendarDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function formatDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

export function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function toMs(time: Date | number | string): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time: ${String(time)}`);
  return ms;
}

/** The calendar day `days` after (or before, when negative) a `YYYY-MM-DD` day: calendar arithmetic, DST-proof. */
export function shiftDay(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The Monday that starts the ISO week of a `YYYY-MM-DD` day. */
export function weekStart(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay() || 7; // Monday 1 … Sunday 7
  return shiftDay(day, 1 - weekday);
}

/** Days from `from` to `to`, both included (1 for the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** A `YYYY-MM-DD` text that names a real date (2026-02-30 does not), as the date; else why not. */
export function parseDay(text: string): { readonly day: string } | { readonly error: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return { error: `"${text}" is not a date: use YYYY-MM-DD, e.g. 2026-11-01.` };
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 2000 || year > 2099 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { error: `${text.trim()} is not a date in the calendar (between 2000 and 2099).` };
  }
  return { day: text.trim() };
}
