// Spend exported for a spreadsheet (CSV) or a script (JSON).
import { localDay } from '../calendar/calendar';
import { TOKEN_KINDS } from '../tokens/tokenKinds';
import type { SpendEvent } from './spendEvent';
import { resolveRange, type DayRange, type RangeId } from './spendRange';

/** The ranges an export can take: the Spend view's, but a custom one. */
export type ExportRange = Exclude<RangeId, 'custom'>;

/** The token columns are the token kinds, in their order. */
const COLUMNS = [
  'id',
  'time',
  'source',
  'sessionId',
  'project',
  'model',
  ...TOKEN_KINDS,
  'usd',
  'costBasis',
  'priceSnapshot',
  'repricedAt',
];

/** USD to the millionth of a dollar, written out in full: `0.001307`, never `0.0013067999999999999`. */
export const fixedUsd = (usd: number) => usd.toFixed(6);

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One header line, then one line per event; an unknown cost is an empty cell, never 0. */
export function spendToCsv(events: readonly SpendEvent[]): string {
  const rows = events.map((event) =>
    [
      event.id,
      event.time,
      event.source,
      event.sessionId,
      event.project,
      event.model,
      ...TOKEN_KINDS.map((kind) => event.tokens[kind]),
      event.usd === undefined ? undefined : fixedUsd(event.usd),
      event.costBasis,
      event.priceSnapshot,
      event.repricedAt,
    ]
      .map(csvCell)
      .join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** The events with the range they were taken from; amounts rounded to the millionth of a dollar. */
export function spendToJson(events: readonly SpendEvent[], range?: DayRange & { readonly timeZone: string }): string {
  // A session title may be the first words of a prompt: it stays in the ledger on this machine, out of exports.
  const rounded = events.map((event) => ({
    ...event,
    sessionTitle: undefined,
    usd: event.usd === undefined ? null : Number(fixedUsd(event.usd)),
  }));
  const about = range ? { range: { id: range.id, from: range.from, to: range.to, timeZone: range.timeZone } } : {};
  return JSON.stringify({ ...about, events: rounded }, null, 2) + '\n';
}

/** The events of a range in a time zone (days as the Spend view counts them), with the range resolved. */
export function eventsInRange(
  events: readonly SpendEvent[],
  id: ExportRange,
  now: Date,
  timeZone: string,
): { readonly events: SpendEvent[]; readonly range: DayRange } {
  const days = events.map((event) => localDay(event.time, timeZone));
  const earliest = days.reduce<string | undefined>((first, day) => (first === undefined || day < first ? day : first), undefined);
  const range = resolveRange({ id }, localDay(now, timeZone), earliest) as DayRange;
  return { events: events.filter((_, index) => days[index] >= range.from && days[index] <= range.to), range };
}
