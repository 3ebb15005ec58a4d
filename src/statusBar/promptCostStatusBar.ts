import * as vscode from 'vscode';
import { countTexts, DEFAULT_ENCODING, type CountScope, type TextCounter } from '../core';
import type { StatusBarSnapshot } from '../api';
import { Commands } from '../commands';
import type { TokenwiseConfig } from '../config';
import { COUNTING_PRESENTATION, presentTokenCount, type TokenCountPresentation } from './presentTokenCount';

interface CountTarget {
  readonly texts: string[];
  readonly scope: CountScope;
  /** Identifies the counted content, so cursor moves that change nothing do not recount. */
  readonly key: string;
}

function countTarget(editor: vscode.TextEditor): CountTarget {
  const { document } = editor;
  const selections = editor.selections.filter((selection) => !selection.isEmpty);
  const base = `${document.uri.toString()}@${document.version}`;
  if (selections.length === 0) return { texts: [document.getText()], scope: 'document', key: base };
  return {
    texts: selections.map((selection) => document.getText(selection)),
    scope: 'selection',
    key: `${base}:${selections.map((s) => `${document.offsetAt(s.start)}-${document.offsetAt(s.end)}`).join(',')}`,
  };
}

function documentName(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() || document.uri.toString();
}

/**
 * The status bar item with the token count of the active editor, or of its
 * selection. Counts are debounced while typing, run in the counting worker,
 * and dropped when a newer request has been made in the meantime.
 */
export class TokenCountStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private debounceTimer: NodeJS.Timeout | undefined;
  /** Increments with every count started; a result from an older one is stale. */
  private generation = 0;
  private countedKey: string | undefined;
  private shownDocument: vscode.Uri | undefined;
  private presentation: TokenCountPresentation | undefined;

  constructor(
    private readonly counter: TextCounter,
    private config: TokenwiseConfig,
  ) {
    this.item = vscode.window.createStatusBarItem('tokenwise.tokenCount', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Tokenwise Token Count';
    this.item.command = Commands.showTokenCountDetails;
    const isActive = (document: vscode.TextDocument) => document === vscode.window.activeTextEditor?.document;
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (isActive(event.textEditor.document)) this.schedule(this.config.debounceMs);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isActive(event.document) && event.contentChanges.length > 0) this.schedule(this.config.debounceMs);
      }),
    );
    this.schedule(0);
  }

  updateConfig(config: TokenwiseConfig): void {
    this.config = config;
    this.countedKey = undefined; // limits may have changed what the last count says
    this.schedule(0);
  }

  snapshot(): StatusBarSnapshot {
    const shown = this.presentation !== undefined;
    return { visible: shown, text: shown ? this.item.text : '', tooltip: this.presentation?.tooltip ?? '' };
  }

  /** The click action: the tooltip's facts, as a notification a keyboard user can reach. */
  async showDetails(): Promise<void> {
    if (this.presentation) await vscode.window.showInformationMessage(this.presentation.ariaLabel);
  }

  dispose(): void {
    clearTimeout(this.debounceTimer);
    this.generation++;
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.debounceTimer);
    // Always through a timer, so activation and event handlers return at once.
    this.debounceTimer = setTimeout(() => void this.refresh(), delayMs);
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    if (!this.config.statusBarEnabled || !editor) {
      this.hide();
      return;
    }
    const target = countTarget(editor);
    if (target.key === this.countedKey && this.presentation) return;
    if (this.shownDocument?.toString() !== editor.document.uri.toString()) this.show(COUNTING_PRESENTATION);
    const outcome = await countTexts(this.counter, target.texts, target.scope, DEFAULT_ENCODING, {
      maxBytes: this.config.maxDocumentBytes,
      timeoutMs: this.config.countTimeoutMs,
    });
    if (generation !== this.generation) return;
    this.countedKey = target.key;
    this.shownDocument = editor.document.uri;
    this.show(presentTokenCount(outcome, documentName(editor.document)));
  }

  private show(presentation: TokenCountPresentation): void {
    this.presentation = presentation;
    this.item.text = presentation.text;
    this.item.tooltip = new vscode.MarkdownString(presentation.tooltip);
    this.item.accessibilityInformation = { label: presentation.ariaLabel, role: 'button' };
    this.item.backgroundColor = presentation.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  private hide(): void {
    this.presentation = undefined;
    this.countedKey = undefined;
    this.shownDocument = undefined;
    this.item.hide();
  }
}
