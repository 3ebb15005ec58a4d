import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { notify } from '../base/notify';
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
/** Where the last export went, so the next one is offered there too. */
const LAST_FOLDER_KEY = 'tokenwise.export.lastFolder';

export async function exportSpend(
  spend: SpendService,
  timeZone: () => string,
  memory: vscode.Memento,
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
  const zone = timeZone();
  const { events, range: days } = eventsInRange(spend.events, range, new Date(), zone);
  const file = exportFile(days, format);
  // Outside the workspace by default (an export in the repository is easily committed): the last folder, else home.
  const lastFolder = memory.get<string>(LAST_FOLDER_KEY);
  const folder = typeof lastFolder === 'string' && lastFolder.length < 4096 ? vscode.Uri.file(lastFolder) : vscode.Uri.file(homedir());
  const target = args.path
    ? vscode.Uri.file(args.path)
    : await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, file.name), filters: file.filters });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exportContent(events, format, days, zone)));
  if (!args.path) await memory.update(LAST_FOLDER_KEY, vscode.Uri.joinPath(target, '..').fsPath);
  if (!args.path) {
    const open = await notify.info(exportedMessage(events.length, vscode.workspace.asRelativePath(target)), 'Open');
    if (open) await vscode.window.showTextDocument(target);
  }
  return target;
}
