import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  countEncodings,
  decodePromptText,
  formatBytes,
  insideFolders,
  isInsideFolder,
  promptFileMatcher,
  linkedPaths,
  OUTSIDE_WORKSPACE,
  type EncodingCounts,
  type PromptFileMatcher,
  type TextCounter,
} from '../core';
import { promptDocumentOf } from './promptDocument';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { SettingsService } from '../base/settings';
import type { ActivePromptCounter, PromptState } from '../prompt/activePromptCounter';
import type { CountedEncodings } from '../prompt/countedEncodings';

/** A file's count, or why it has none. */
export type FileCount =
  { readonly kind: 'counted'; readonly counts: EncodingCounts } | { readonly kind: 'skipped'; readonly reason: string };

export interface ContextFile {
  readonly uri: vscode.Uri;
  /** Workspace-relative path, for display. */
  readonly label: string;
  /** `added` by the user, or `referenced` by the active prompt file. */
  readonly origin: 'added' | 'referenced';
  readonly count: FileCount;
}

export interface ContextState {
  /** The prompt document whose links were followed (as a URI string), if any. */
  readonly promptDocument: string | undefined;
  readonly files: readonly ContextFile[];
  /** Sum over the counted files; cl100k_base only when every file has it. */
  readonly total: EncodingCounts;
}

const STORAGE_KEY = 'tokenwise.contextFiles';
const EMPTY: ContextState = { promptDocument: undefined, files: [], total: { o200k_base: 0 } };

function sumCounts(files: readonly ContextFile[]): EncodingCounts {
  let o200k = 0;
  let cl100k: number | undefined = 0;
  for (const file of files) {
    if (file.count.kind !== 'counted') continue;
    o200k += file.count.counts.o200k_base;
    cl100k = cl100k === undefined || file.count.counts.cl100k_base === undefined ? undefined : cl100k + file.count.counts.cl100k_base;
  }
  return cl100k === undefined ? { o200k_base: o200k } : { o200k_base: o200k, cl100k_base: cl100k };
}

/**
 * The context sent along with a prompt: files the user added (kept per
 * workspace) plus files the active prompt file links to or mentions with
 * `#file:`, each counted once and never the prompt itself.
 */
export class PromptContext extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<ContextState>());
  readonly onDidChange = this.changed.event;
  /** How often the set was recounted and files were read from disk; the integration tests read it. */
  readonly activity = { refreshes: 0, fileReads: 0 };
  private added: vscode.Uri[];
  private state: ContextState = EMPTY;
  /** Counts of closed files by uri, valid while size, modification time and the encodings counted stay the same. */
  private readonly cache = new Map<string, { readonly stamp: string; readonly count: FileCount }>();
  private generation = 0;

  constructor(
    private readonly counter: TextCounter,
    private readonly storage: vscode.Memento,
    private readonly activePrompt: ActivePromptCounter,
    private readonly settings: SettingsService,
    private readonly encodings: CountedEncodings,
  ) {
    super();
    this.added = storage.get<string[]>(STORAGE_KEY, []).map((value) => vscode.Uri.parse(value));
    const inContext = (uri: vscode.Uri) => this.state.files.some((file) => file.uri.toString() === uri.toString());
    this._registerAll(
      settings.watch(['promptFiles'], () => void this.refresh()),
      settings.watch(['maxDocumentBytes', 'countTimeoutMs'], () => {
        this.cache.clear(); // the limits may change what a count says
        void this.refresh();
      }),
      toDisposable(() => this.generation++),
      activePrompt.onDidChange((prompt) => {
        if (prompt.kind !== 'counting') void this.refresh();
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (inContext(document.uri)) void this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    );
    void this.refresh();
  }

  get current(): ContextState {
    return this.state;
  }

  async add(uris: readonly vscode.Uri[]): Promise<void> {
    const known = new Set(this.added.map((uri) => uri.toString()));
    this.added = [...this.added, ...uris.filter((uri) => !known.has(uri.toString()))];
    await this.storage.update(
      STORAGE_KEY,
      this.added.map((uri) => uri.toString()),
    );
    await this.refresh();
  }

  async remove(uri: vscode.Uri): Promise<void> {
    this.added = this.added.filter((candidate) => candidate.toString() !== uri.toString());
    await this.storage.update(
      STORAGE_KEY,
      this.added.map((candidate) => candidate.toString()),
    );
    await this.refresh();
  }

  async clear(): Promise<void> {
    this.added = [];
    await this.storage.update(STORAGE_KEY, []);
    await this.refresh();
  }

  /** Recounts the set; a newer refresh supersedes an older one still running. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.activity.refreshes++;
    const prompt = this.activePrompt.current;
    const promptUri = prompt.kind === 'none' ? undefined : prompt.document.uri.toString();
    const seen = new Set<string>(promptUri ? [promptUri] : []);
    const wanted: { uri: vscode.Uri; origin: ContextFile['origin']; inside: boolean }[] = [];
    for (const uri of this.added) {
      if (!seen.has(uri.toString())) wanted.push({ uri, origin: 'added', inside: true }); // the user chose it
      seen.add(uri.toString());
    }
    for (const { uri, inside } of await referencedFiles(prompt, promptFileMatcher(this.settings.current.promptFiles))) {
      if (!seen.has(uri.toString())) wanted.push({ uri, origin: 'referenced', inside });
      seen.add(uri.toString());
    }
    const files = await Promise.all(
      wanted.map(async ({ uri, origin, inside }) => ({
        uri,
        origin,
        label: vscode.workspace.asRelativePath(uri, false),
        count: inside ? await this.countFile(uri) : ({ kind: 'skipped', reason: OUTSIDE_WORKSPACE } as const),
      })),
    );
    if (generation !== this.generation) return;
    this.state = { promptDocument: promptUri, files, total: sumCounts(files) };
    this.changed.fire(this.state);
  }

  private async countFile(uri: vscode.Uri): Promise<FileCount> {
    const limits = { maxBytes: this.settings.current.maxDocumentBytes, timeoutMs: this.settings.current.countTimeoutMs };
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open?.isDirty) return this.countText(open.getText(), limits);
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return { kind: 'skipped', reason: 'file not found' };
    }
    if (stat.type & vscode.FileType.Directory) return { kind: 'skipped', reason: 'a folder; add its files instead' };
    if (stat.size > limits.maxBytes) {
      return { kind: 'skipped', reason: `${formatBytes(stat.size)}, over the ${formatBytes(limits.maxBytes)} limit` };
    }
    const stamp = `${stat.size}:${stat.mtime}:${this.encodings.current.join(',')}`;
    const cached = this.cache.get(uri.toString());
    if (cached?.stamp === stamp) return cached.count;
    this.activity.fileReads++;
    const text = decodePromptText(await vscode.workspace.fs.readFile(uri));
    const count: FileCount = text === undefined ? { kind: 'skipped', reason: 'binary file' } : await this.countText(text, limits);
    this.cache.set(uri.toString(), { stamp, count });
    return count;
  }

  private async countText(text: string, limits: { maxBytes: number; timeoutMs: number }): Promise<FileCount> {
    const { outcome, counts } = await countEncodings(this.counter, [text], 'document', limits, this.encodings.current);
    if (counts) return { kind: 'counted', counts };
    return {
      kind: 'skipped',
      reason: outcome.kind === 'timedOut' ? 'counting timed out' : outcome.kind === 'failed' ? outcome.message : 'too large',
    };
  }
}

/**
 * Whether a linked file lies inside a workspace folder: on disk after resolving symbolic links (a link in the
 * repository may point anywhere), on a virtual file system by its normalized path.
 */
async function insideWorkspace(uri: vscode.Uri): Promise<boolean> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri);
  if (uri.scheme === 'file') {
    return insideFolders(
      uri.fsPath,
      folders.filter((folder) => folder.scheme === 'file').map((folder) => folder.fsPath),
    );
  }
  return folders.some(
    (folder) => folder.scheme === uri.scheme && folder.authority === uri.authority && isInsideFolder(uri.path, folder.path, path.posix),
  );
}

/**
 * Existing files the prompt document references, resolved against its folder (or the workspace root for `/path`),
 * each with whether it may be read: only files inside the workspace folders are.
 */
async function referencedFiles(prompt: PromptState, isPrompt: PromptFileMatcher): Promise<{ uri: vscode.Uri; inside: boolean }[]> {
  if (prompt.kind === 'none' || !isPrompt(promptDocumentOf(prompt.document))) return [];
  const { document } = prompt;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri;
  // Resolved by the core on URI paths; a workspace root on another authority or scheme is not the prompt's.
  const root = folder && folder.scheme === document.uri.scheme && folder.authority === document.uri.authority ? folder.path : undefined;
  const uris = linkedPaths(document.uri.path, document.getText(), root, path.posix).map((linked) =>
    document.uri.with({ path: linked.path }),
  );
  const exists = await Promise.all(
    uris.map((uri) =>
      vscode.workspace.fs.stat(uri).then(
        (stat) => (stat.type & vscode.FileType.File) !== 0,
        () => false,
      ),
    ),
  );
  const existing = uris.filter((_, index) => exists[index]);
  return Promise.all(existing.map(async (uri) => ({ uri, inside: await insideWorkspace(uri) })));
}
