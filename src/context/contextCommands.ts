import * as vscode from 'vscode';
import { Commands } from '../base/commands';
import type { ContextFile, PromptContext } from './promptContext';

/** Explorer passes the clicked file and the whole selection; editor menus the file; the palette nothing. */
async function targets(clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<vscode.Uri[]> {
  if (selected?.length) return selected;
  if (clicked instanceof vscode.Uri) return [clicked];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme !== 'untitled') return [active];
  return (await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Add to Prompt Context' })) ?? [];
}

export function registerContextCommands(context: PromptContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.addToContext, async (clicked?: vscode.Uri, selected?: vscode.Uri[]) => {
      const uris = await targets(clicked, selected);
      if (uris.length > 0) await context.add(uris);
    }),
    vscode.commands.registerCommand(Commands.removeFromContext, async (file?: ContextFile | vscode.Uri) => {
      const uri = file instanceof vscode.Uri ? file : (file?.uri ?? vscode.window.activeTextEditor?.document.uri);
      if (uri) await context.remove(uri);
    }),
    vscode.commands.registerCommand(Commands.clearContext, () => context.clear()),
  );
}
