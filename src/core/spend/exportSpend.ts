// Spend exported for a spreadsheet (CSV) or a script (JSON).
import { localDay } from '../calendar/calendar';
import { TOKEN_KINDS } from '../tokens/tokenKinds';
import type { SpendEvent } from './spendEvent';

export type ExportRange = 'today' | 'week' | 'month' | 'last30' | 'all';

/** The token columns are the token kinds, in their order. */
const COLUMNS = ['id', 'time', 'source', 'sessionId', 'project', 'model', ...TOKEN_KINDS, 'usd', 'costBasis', 'priceSnapshot'];

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
      event.usd,
      event.costBasis,
      event.priceSnapshot,
    ]
      .map(csvCell)
      .join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export function spendToJson(events: readonly SpendEvent[]): string {
  return JSON.stringify({ events: events.map((event) => ({ ...event, usd: event.usd ?? null })) }, null, 2) + '\n';
}

/** The events of a calendar range in a time zone (`week` is the ISO week, from Monday). */
export function eventsInRange(events: readonly SpendEvent[], range: ExportRange, now: Date, timeZone: string): SpendEvent[] {
  if (range === 'all') return [...events];
  const today = localDay(now, timeZone);
  const [year, month, date] = today.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay() || 7;
  const back = (days: number) => new Date(Date.UTC(year, month - 1, date - days)).toISOString().slice(0, 10);
  const first = range === 'today' ? today : range === 'week' ? back(weekday - 1) : range === 'month' ? `${today.slice(0, 7)}-01` : back(29);
  return events.filter((event) => {
    const day = localDay(event.time, timeZone);
    return day >= first && day <= today;
  });
}
