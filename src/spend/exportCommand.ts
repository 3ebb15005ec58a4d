import * as vscode from 'vscode';
import { eventsInRange, spendToCsv, spendToJson, type ExportRange } from '../core';
import type { SpendService } from './spendService';

const RANGES: readonly { range: ExportRange; label: string }[] = [
  { range: 'today', label: 'Today' },
  { range: 'week', label: 'This week' },
  { range: 'month', label: 'This month' },
  { range: 'last30', label: 'Last 30 days' },
  { range: 'all', label: 'Everything in the ledger' },
];

/** Arguments that skip the questions, for keybindings and tests. */
export interface ExportArguments {
  readonly range?: ExportRange;
  readonly format?: 'csv' | 'json';
  readonly path?: string;
}

/** `Tokenwise: Export Spend`: a range and a format, then a file. Returns the file written. */
export async function exportSpend(
  spend: SpendService,
  timeZone: () => string,
  args: ExportArguments = {},
): Promise<vscode.Uri | undefined> {
  const range =
    args.range ??
    (
      await vscode.window.showQuickPick(
        RANGES.map((entry) => ({ ...entry })),
        { title: 'Tokenwise: Export Spend', placeHolder: 'Which spend?' },
      )
    )?.range;
  if (!range) return undefined;
  const format =
    args.format ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'CSV', description: 'for a spreadsheet', format: 'csv' as const },
          { label: 'JSON', description: 'for a script', format: 'json' as const },
        ],
        { title: 'Tokenwise: Export Spend', placeHolder: 'Format' },
      )
    )?.format;
  if (!format) return undefined;
  const events = eventsInRange(spend.events, range, new Date(), timeZone());
  const target = args.path
    ? vscode.Uri.file(args.path)
    : await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(
          vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()),
          `tokenwise-spend-${range}.${format}`,
        ),
        filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(format === 'csv' ? spendToCsv(events) : spendToJson(events)));
  if (!args.path) {
    const open = await vscode.window.showInformationMessage(
      `Tokenwise: exported ${events.length} requests to ${vscode.workspace.asRelativePath(target)}.`,
      'Open',
    );
    if (open) await vscode.window.showTextDocument(target);
  }
  return target;
}
