// The day, week or month an allowance is counted over: from one local midnight to another in the allowance's time
// zone. A local day is not always 24 hours (23 or 25 across a daylight saving change), so the boundaries are found
// with the zone's offsets at the instants themselves, never by adding hours.
import { formatDate, localParts, normalize, pad, startOfLocalDay, toMs, utcMidnight, type CalendarDate } from '../calendar/calendar';
import { systemTimeZone } from '../input/entryRules';
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

/**
 * The period of `allowance` that contains `now`, counted in the allowance's time zone or else `defaultTimeZone`
 * (default: the system's). Throws a RangeError for an unknown time zone or an invalid week or month start.
 */
export function periodAt(
  allowance: Allowance,
  now: Date | number | string = Date.now(),
  defaultTimeZone: string = systemTimeZone(),
): AllowancePeriod {
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
