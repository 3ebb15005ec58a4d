import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StatusBarSnapshot, TokenwiseApi } from '../../src/base/api';
import { LOG_SOURCES, type LogSourceSettings, type UsageSource } from '../../src/core';

export const EXTENSION_ID = 'tokenwise.tokenwise';

export async function api(): Promise<TokenwiseApi> {
  const extension = vscode.extensions.getExtension<TokenwiseApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Polls until `check` holds; fails with the last value seen. */
export async function waitFor<T>(read: () => T | Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!check(last)) {
    if (Date.now() > deadline) assert.fail(`never saw ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

export async function waitForStatus(check: (snapshot: StatusBarSnapshot) => boolean, what: string): Promise<StatusBarSnapshot> {
  const { tokenCountStatus } = await api();
  return waitFor(tokenCountStatus, check, `status bar ${what}`);
}

export function waitForText(text: string): Promise<StatusBarSnapshot> {
  return waitForStatus((s) => s.visible && s.text === text, JSON.stringify(text));
}

/**
 * A new untitled editor with `content`. Such a document takes the first free name (`Untitled-1`), and when a
 * document of that name was just closed, the editor can restore that one's backed-up text into it instead of
 * `content` (seen here under load: a new document holding the previous test's 750 KB). Then the text is set here.
 */
export async function openUntitled(content: string, language = 'markdown'): Promise<vscode.TextEditor> {
  let document = await vscode.workspace.openTextDocument({ content, language });
  if (document.languageId !== language) document = await vscode.languages.setTextDocumentLanguage(document, language);
  const editor = await vscode.window.showTextDocument(document);
  if (document.getText() !== content) {
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    assert.ok(await editor.edit((edit) => edit.replace(whole, content)), 'replaced the restored text');
  }
  return editor;
}

export function workspaceFile(...path: string[]): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...path);
}

export async function readWorkspaceFile(...path: string[]): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(...path)));
}

/** Sets a user setting for the duration of `body`. */
export async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('tokenwise');
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

export async function resetEditorsAndContext(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('tokenwise.clearContext');
}

/** `tokenwise.usageSources` that reads only the sources given, with their settings, and switches every other one off. */
export function onlyUsageSources(read: Partial<Record<UsageSource, LogSourceSettings>>): Record<UsageSource, LogSourceSettings> {
  return Object.fromEntries(LOG_SOURCES.map((source) => [source, read[source] ?? { enabled: false }])) as Record<
    UsageSource,
    LogSourceSettings
  >;
}
