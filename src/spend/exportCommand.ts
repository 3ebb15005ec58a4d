import * as vscode from 'vscode';
import { eventsInRange, type ExportRange } from '../core';
import { EXPORT_FORMATS, EXPORT_RANGES, exportContent, exportedMessage, exportFile, type ExportFormat } from './presentExport';
import type { SpendService } from './spendService';

/** Arguments that skip the questions, for keybindings and tests. */
export interface ExportArguments {
  readonly range?: ExportRange;
  readonly format?: ExportFormat;
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
        EXPORT_RANGES.map((entry) => ({ ...entry })),
        { title: 'Tokenwise: Export Spend', placeHolder: 'Which spend?' },
      )
    )?.range;
  if (!range) return undefined;
  const format =
    args.format ??
    (
      await vscode.window.showQuickPick(
        EXPORT_FORMATS.map((entry) => ({ ...entry })),
        { title: 'Tokenwise: Export Spend', placeHolder: 'Format' },
      )
    )?.format;
  if (!format) return undefined;
  const events = eventsInRange(spend.events, range, new Date(), timeZone());
  const file = exportFile(range, format);
  const target = args.path
    ? vscode.Uri.file(args.path)
    : await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()), file.name),
        filters: file.filters,
      });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exportContent(events, format)));
  if (!args.path) {
    const open = await vscode.window.showInformationMessage(
      exportedMessage(events.length, vscode.workspace.asRelativePath(target)),
      'Open',
    );
    if (open) await vscode.window.showTextDocument(target);
  }
  return target;
}
