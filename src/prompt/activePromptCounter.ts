import * as vscode from 'vscode';
import { countEncodings, type CountOutcome, type CountScope, type DocumentCounter, type EncodingCounts, type TextCounter } from '../core';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { CountedEncodings } from './countedEncodings';
import type { SettingsService } from '../base/settings';

/**
 * The prompt being written: the active editor's document, or its selection.
 * When focus moves to a panel or webview (the comparison view, say), the last
 * prompt stays while its document is open, with `editorActive` false.
 */
export type PromptState =
  | { readonly kind: 'none' }
  | { readonly kind: 'counting'; readonly document: vscode.TextDocument; readonly name: string; readonly editorActive: boolean }
  | {
      readonly kind: 'counted';
      readonly document: vscode.TextDocument;
      readonly name: string;
      readonly editorActive: boolean;
      /** The o200k_base count, or why there is none. */
      readonly outcome: CountOutcome;
      /** Counts in every encoding, when the text was counted. */
      readonly counts: EncodingCounts | undefined;
    };

interface CountTarget {
  readonly texts: string[];
  readonly scope: CountScope;
  /** Identifies the counted content, so cursor moves that change nothing do not recount. */
  readonly key: string;
}

/** The whole document as it is now. */
function documentTarget(document: vscode.TextDocument, documentId: string): CountTarget {
  return { texts: [document.getText()], scope: 'document', key: `${documentId}@${document.version}` };
}

function countTarget(editor: vscode.TextEditor, documentId: string): CountTarget {
  const { document } = editor;
  const selections = editor.selections.filter((selection) => !selection.isEmpty);
  const base = `${documentId}@${document.version}`;
  if (selections.length === 0) return documentTarget(document, documentId);
  return {
    texts: selections.map((selection) => document.getText(selection)),
    scope: 'selection',
    key: `${base}:${selections.map((s) => `${document.offsetAt(s.start)}-${document.offsetAt(s.end)}`).join(',')}`,
  };
}

/**
 * Whether a tab still shows the document, even if another tab (a webview, say) is in front of it. Tabs know
 * only URIs, and a new untitled document can take a closed one's: callers also check `isClosed`.
 */
function isOpenInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === key),
  );
}

export function documentName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

/**
 * Counts the active editor, or its selection, as the user types. Counts are
 * debounced, run in the counting worker, and dropped when a newer one was
 * asked for in the meantime.
 */
export class ActivePromptCounter extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<PromptState>());
  readonly onDidChange = this.changed.event;
  /** How many counts were started; the integration tests read it. */
  readonly activity = { counts: 0 };
  private debounceTimer: NodeJS.Timeout | undefined;
  /** Increments with every count started; a result from an older one is stale. */
  private generation = 0;
  private countedKey: string | undefined;
  /** What was counted last, so a recount (new encodings in view) can redo it while a panel has the focus. */
  private lastTarget: { readonly document: vscode.TextDocument; readonly target: CountTarget } | undefined;
  private state: PromptState = { kind: 'none' };
  /**
   * An id per document object: an untitled document can reuse the URI of one
   * just closed (`Untitled-1`), at the same version, with other text.
   */
  private readonly documentIds = new WeakMap<vscode.TextDocument, string>();
  private nextDocumentId = 1;

  constructor(
    private readonly counter: TextCounter,
    /** Whole documents are counted incrementally through this; selections through `counter`. */
    private readonly documents: DocumentCounter,
    private readonly settings: SettingsService,
    /** Which encodings to count in (o200k_base always). */
    private readonly encodings: CountedEncodings,
  ) {
    super();
    const isActive = (document: vscode.TextDocument) => document === vscode.window.activeTextEditor?.document;
    const debounceMs = () => settings.current.debounceMs;
    this._registerAll(
      // What is counted, and within which limits: a change may change what the last count says.
      settings.watch(['countLanguages', 'maxDocumentBytes', 'countTimeoutMs'], () => this.recount()),
      // A model of another family came into view: its vocabulary's count is not in the last one.
      encodings.onDidAdd(() => this.recount()),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (isActive(event.textEditor.document)) this.schedule(debounceMs());
      }),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        if (event.closed.length > 0 && !vscode.window.activeTextEditor) this.schedule(0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        // Each change event moves a document on by one version; its changes apply in order.
        const { version } = event.document;
        documents.recordEdits(
          this.documentId(event.document),
          version - 1,
          version,
          event.contentChanges.map((change) => ({
            offset: change.rangeOffset,
            deleteCount: change.rangeLength,
            insert: change.text,
          })),
        );
        if (isActive(event.document)) this.schedule(debounceMs());
      }),
      vscode.workspace.onDidCloseTextDocument((document) => documents.forget(this.documentId(document))),
      toDisposable(() => {
        clearTimeout(this.debounceTimer);
        this.generation++;
      }),
    );
    this.schedule(0);
  }

  get current(): PromptState {
    return this.state;
  }

  private recount(): void {
    this.countedKey = undefined;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.debounceTimer);
    // Always through a timer, so activation and event handlers return at once.
    this.debounceTimer = setTimeout(() => void this.refresh(), delayMs);
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.counts(editor.document)) {
      const last = this.state;
      if (!editor && last.kind === 'counted' && !last.document.isClosed && isOpenInTab(last.document.uri)) {
        // Focus is on a panel (the comparison, say): the last prompt stays, counted again if a recount was asked.
        if (this.countedKey === undefined && this.lastTarget?.document === last.document) {
          const { target } = this.lastTarget;
          const current = target.scope === 'document' ? documentTarget(last.document, this.documentId(last.document)) : target;
          await this.countAndPublish(generation, last.document, current, false);
        } else if (last.editorActive) {
          this.publish({ ...last, editorActive: false });
        }
        return;
      }
      this.countedKey = undefined;
      this.publish({ kind: 'none' });
      return;
    }
    const { document } = editor;
    const target = countTarget(editor, this.documentId(document));
    if (target.key === this.countedKey && this.state.kind === 'counted') {
      if (!this.state.editorActive) this.publish({ ...this.state, editorActive: true });
      return;
    }
    const name = documentName(document.uri);
    if (this.state.kind === 'none' || this.state.document !== document) {
      this.publish({ kind: 'counting', document, name, editorActive: true });
    }
    await this.countAndPublish(generation, document, target, true);
  }

  /** Counts `target` of `document` in the encodings in view, and publishes it unless a newer count began. */
  private async countAndPublish(
    generation: number,
    document: vscode.TextDocument,
    target: CountTarget,
    editorActive: boolean,
  ): Promise<void> {
    this.activity.counts++;
    const limits = { maxBytes: this.settings.current.maxDocumentBytes, timeoutMs: this.settings.current.countTimeoutMs };
    const encodings = this.encodings.current;
    const { outcome, counts } =
      target.scope === 'document'
        ? await this.documents.count(this.documentId(document), document.version, target.texts[0], limits, encodings)
        : await countEncodings(this.counter, target.texts, target.scope, limits, encodings);
    if (generation !== this.generation) return;
    this.countedKey = target.key;
    this.lastTarget = { document, target };
    this.publish({ kind: 'counted', document, name: documentName(document.uri), outcome, counts, editorActive });
  }

  private documentId(document: vscode.TextDocument): string {
    let id = this.documentIds.get(document);
    if (!id) this.documentIds.set(document, (id = `${document.uri.toString()}#${this.nextDocumentId++}`));
    return id;
  }

  private counts(document: vscode.TextDocument): boolean {
    const languages = this.settings.current.countLanguages;
    return languages.includes('*') || languages.includes(document.languageId);
  }

  private publish(state: PromptState): void {
    this.state = state;
    this.changed.fire(state);
  }
}
