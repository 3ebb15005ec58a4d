import * as vscode from 'vscode';
import type { PromptDocument } from '../core';

/** A document as the core's prompt-file rule sees it: its workspace-relative path, language and whether it is untitled. */
export function promptDocumentOf(document: vscode.TextDocument): PromptDocument {
  return { path: vscode.workspace.asRelativePath(document.uri, false), languageId: document.languageId, untitled: document.isUntitled };
}
