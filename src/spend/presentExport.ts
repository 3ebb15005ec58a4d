import { RANGE_IDS, RANGE_LABELS, spendToCsv, spendToJson, type DayRange, type ExportRange, type SpendEvent } from '../core';

export type ExportFormat = 'csv' | 'json';

/** The ranges `Export Spend` offers, in the order it offers them: the Spend view's, but a custom one. */
export const EXPORT_RANGES: readonly { readonly range: ExportRange; readonly label: string }[] = RANGE_IDS.filter(
  (id): id is ExportRange => id !== 'custom',
).map((range) => ({ range, label: range === 'all' ? 'Everything in the ledger' : RANGE_LABELS[range] }));

export const EXPORT_FORMATS: readonly { readonly format: ExportFormat; readonly label: string; readonly description: string }[] = [
  { format: 'csv', label: 'CSV', description: 'for a spreadsheet' },
  { format: 'json', label: 'JSON', description: 'for a script' },
];

/** The file an export is offered under, and its save dialog filter. */
export function exportFile(range: DayRange, format: ExportFormat): { readonly name: string; readonly filters: Record<string, string[]> } {
  const dates = range.from === range.to ? range.from : `${range.from}_to_${range.to}`;
  return { name: `tokenwise-spend-${dates}.${format}`, filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } };
}

export function exportContent(events: readonly SpendEvent[], format: ExportFormat, range: DayRange, timeZone: string): string {
  return format === 'csv' ? spendToCsv(events) : spendToJson(events, { ...range, timeZone });
}

/** What the notification says once the file is written. */
export function exportedMessage(count: number, where: string): string {
  return `Tokenwise: exported ${count} ${count === 1 ? 'request' : 'requests'} to ${where}.`;
}
