import * as vscode from 'vscode';
import type { PromptDocument } from '../core';

/** A document as the core's prompt-file rule sees it: its workspace-relative path, language and whether it is untitled. */
export function promptDocumentOf(document: vscode.TextDocument): PromptDocument {
  return { path: vscode.workspace.asRelativePath(document.uri, false), languageId: document.languageId, untitled: document.isUntitled };
}

/** The prompt's text as the user would paste it: the selection, or the whole document. */
export function promptText(document: vscode.TextDocument): string {
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
  const selected = editor?.selections.filter((selection) => !selection.isEmpty) ?? [];
  return selected.length > 0 ? selected.map((selection) => document.getText(selection)).join('\n') : document.getText();
}
