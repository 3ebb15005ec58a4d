import { spendToCsv, spendToJson, type ExportRange, type SpendEvent } from '../core';

export type ExportFormat = 'csv' | 'json';

/** The ranges `Export Spend` offers, in the order it offers them. */
export const EXPORT_RANGES: readonly { readonly range: ExportRange; readonly label: string }[] = [
  { range: 'today', label: 'Today' },
  { range: 'week', label: 'This week' },
  { range: 'month', label: 'This month' },
  { range: 'last30', label: 'Last 30 days' },
  { range: 'all', label: 'Everything in the ledger' },
];

export const EXPORT_FORMATS: readonly { readonly format: ExportFormat; readonly label: string; readonly description: string }[] = [
  { format: 'csv', label: 'CSV', description: 'for a spreadsheet' },
  { format: 'json', label: 'JSON', description: 'for a script' },
];

/** The file an export is offered under, and its save dialog filter. */
export function exportFile(
  range: ExportRange,
  format: ExportFormat,
): { readonly name: string; readonly filters: Record<string, string[]> } {
  return { name: `tokenwise-spend-${range}.${format}`, filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } };
}

export function exportContent(events: readonly SpendEvent[], format: ExportFormat): string {
  return format === 'csv' ? spendToCsv(events) : spendToJson(events);
}

/** What the notification says once the file is written. */
export function exportedMessage(count: number, where: string): string {
  return `Tokenwise: exported ${count} ${count === 1 ? 'request' : 'requests'} to ${where}.`;
}
