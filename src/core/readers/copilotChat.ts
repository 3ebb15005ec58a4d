// GitHub Copilot Chat in VS Code: chat sessions under an editor's User folder,
//   workspaceStorage/<hash>/chatSessions/*.json|*.jsonl (also under GitHub.copilot-chat/chatSessions)
//   globalStorage/emptyWindowChatSessions/*.json|*.jsonl
// with the workspace of <hash> in workspaceStorage/<hash>/workspace.json.
//
// A row per request that has token counts, keyed `copilot-chat:<sessionId>:<requestId>`, so the same request seen in
// a `.json` document, a `.jsonl` snapshot and its patches, or in a session moved to another folder, is one row. A row
// is returned again when a later change rewrites the request's tokens or model: the consumer keeps the latest row.
// A `.jsonl` log is read from where the last pass stopped, replaying only the fields spend uses (copilotSession.ts);
// one that shrank was compacted into a new snapshot and is replayed from its start. A `.json` is read again whole
// when it changes.
import { existsSync, promises as fsp, readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMutation, reduceRequest, requestTexts, type ChatRequest, type ChatSessionState } from './copilotSession';
import {
  filesUnderRoots,
  listFiles,
  pathApi,
  readIfChanged,
  readLines,
  resumePoint,
  stampOf,
  streamJsonItems,
  uniqueRoots,
  wholeFileChanged,
  type Env,
  type FileStamp,
  type JsonlCursor,
} from './fileCursor';
import { emptyFilesState, isReaderState, type FilesState, type LogReader, type WatchFolder } from './logReader';
import { vscodeUserDirs } from './cline';
import {
  admitRow,
  count,
  isRecord,
  isoTime,
  newStats,
  parseObjectLine,
  skip,
  timeProblem,
  type ReadResult,
  type ReadStats,
  type UsageRow,
} from './usageRow';
import { zeroTokens } from '../tokens/tokenKinds';

export interface CopilotChatFileState extends JsonlCursor {
  /** A `.jsonl` log's session as replayed so far (only the fields spend uses). */
  session?: ChatSessionState;
  /** Per request id, what was last returned (tokens and model), to return only changes. */
  sent: Record<string, string>;
}

export type CopilotChatState = FilesState<CopilotChatFileState>;

export const emptyCopilotChatState = (): CopilotChatState => emptyFilesState();

/** Every local editor's User folder, code-server's included; the editor Tokenwise runs in adds its own. */
export function copilotChatDefaultPaths(env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  const p = pathApi(platform);
  const dataHome = env.XDG_DATA_HOME?.trim() || p.join(homedir, '.local', 'share');
  const codeServer = platform === 'win32' ? [] : [p.join(dataHome, 'code-server', 'User')];
  return uniqueRoots([...vscodeUserDirs(env, platform, homedir), ...codeServer]);
}

const SESSION_FILE = (name: string) => name.endsWith('.json') || name.endsWith('.jsonl');
const SESSION_FOLDERS = [['chatSessions'], ['GitHub.copilot-chat', 'chatSessions'], ['github.copilot-chat', 'chatSessions']];

/** The chat session files under a User folder. */
export async function findCopilotChatFiles(userDir: string): Promise<string[]> {
  const found: string[] = [];
  const storage = path.join(userDir, 'workspaceStorage');
  const workspaces = await fsp.readdir(storage, { withFileTypes: true }).catch(() => []);
  for (const workspace of workspaces) {
    if (!workspace.isDirectory()) continue;
    for (const folder of SESSION_FOLDERS) found.push(...(await listFiles(path.join(storage, workspace.name, ...folder), SESSION_FILE, 0)));
  }
  found.push(...(await listFiles(path.join(userDir, 'globalStorage', 'emptyWindowChatSessions'), SESSION_FILE, 0)));
  return [...new Set(found)].sort();
}

/**
 * What to watch under a User folder: each chat session folder that exists, and (for the ones still to come) the
 * workspace storage folder and each workspace's folder, none of them recursively. A recursive watch of
 * `workspaceStorage` would hold a watch on every folder every extension keeps there.
 */
export function copilotChatWatchFolders(userDir: string): WatchFolder[] {
  const storage = path.join(userDir, 'workspaceStorage');
  const folders: WatchFolder[] = [{ path: storage, recursive: false, structure: () => true }];
  let workspaces: Dirent[] = [];
  try {
    workspaces = readdirSync(storage, { withFileTypes: true });
  } catch {
    // no workspace storage (yet): the folder's own watch fails quietly too
  }
  const names = workspaces.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const name of names.sort()) {
    const folder = path.join(storage, name);
    // Extensions write to a workspace's folder all the time: only a session folder appearing matters.
    folders.push({ path: folder, recursive: false, structure: (name) => SESSION_FOLDERS.some(([first]) => first === name) });
    for (const sessions of SESSION_FOLDERS) {
      const full = path.join(folder, ...sessions);
      if (sessions.length > 1 && existsSync(path.dirname(full))) {
        folders.push({ path: path.dirname(full), recursive: false, structure: (name) => name === 'chatSessions' });
      }
      if (existsSync(full)) folders.push({ path: full, recursive: false });
    }
  }
  folders.push({ path: path.join(userDir, 'globalStorage', 'emptyWindowChatSessions'), recursive: false });
  return folders;
}

/** The folder a workspace storage folder belongs to, from its `workspace.json` (`folder`, or a `.code-workspace`). */
export async function workspaceFolderOf(storageFolder: string): Promise<string | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(await fsp.readFile(path.join(storageFolder, 'workspace.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const uri = isRecord(json) ? (typeof json.folder === 'string' ? json.folder : json.workspace) : undefined;
  if (typeof uri !== 'string') return undefined;
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? fileURLToPath(url) : decodeURIComponent(url.pathname) || undefined;
  } catch {
    return undefined;
  }
}

/** The workspace storage folder a session file lies in, if it lies in one. */
function storageFolderOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf('workspaceStorage');
  return at >= 0 && at + 1 < parts.length - 1 ? parts.slice(0, at + 2).join(path.sep) : undefined;
}

/** Input and output tokens of a result, from whichever layout its version wrote; undefined when it has none. */
export function copilotResultTokens(result: Record<string, unknown> | undefined): { input: number; output: number } | undefined {
  if (!result) return undefined;
  const usage = isRecord(result.usage) ? result.usage : undefined;
  const metadata = isRecord(result.metadata) ? result.metadata : undefined;
  const layouts: [unknown, unknown][] = [
    [usage?.promptTokens, usage?.completionTokens ?? usage?.outputTokens],
    [result.promptTokens, result.outputTokens ?? result.completionTokens],
    [metadata?.promptTokens, metadata?.outputTokens],
  ];
  const found = layouts.find(([input, output]) => input !== undefined || output !== undefined);
  return found ? { input: count(found[0]), output: count(found[1]) } : undefined;
}

export async function readCopilotChat(
  roots: string[],
  state: CopilotChatState = emptyCopilotChatState(),
): Promise<ReadResult<CopilotChatState>> {
  const next: CopilotChatState = { version: 1, files: {} };
  const stats = newStats();
  const out = new Map<string, UsageRow>();
  const projects = new Map<string, Promise<string | undefined>>();
  const projectOf = (file: string) => {
    const folder = storageFolderOf(file);
    if (!folder) return Promise.resolve(undefined);
    if (!projects.has(folder)) projects.set(folder, workspaceFolderOf(folder));
    return projects.get(folder)!;
  };

  for (const file of await filesUnderRoots(roots, findCopilotChatFiles)) {
    const stamp = await stampOf(file);
    if (!stamp) continue;
    stats.files++;
    const prev = state?.files?.[file];
    // A document is rewritten whole when it changes; a change log only grows (or is compacted anew).
    const whole = file.endsWith('.json');
    const unchanged = prev !== undefined && (whole ? !wholeFileChanged(prev, stamp) : resumePoint(prev, stamp).unchanged);
    await readIfChanged(stats, file, next.files, prev, unchanged, () => (whole ? readDocument : readLog)(file, stamp, prev));
  }
  const rows = [...out.values()];
  stats.rows = rows.length;
  return { rows, stats, cursorState: next };

  async function readDocument(file: string, stamp: FileStamp, prev: CopilotChatFileState | undefined): Promise<CopilotChatFileState> {
    const session: ChatSessionState = { requests: [] };
    // Texts only of answered requests without token counts, for this pass: they are counted, never kept.
    const texts = new Map<ChatRequest, { input: string; output: string }>();
    const outcome = await streamJsonItems(
      file,
      { arrayKey: 'requests' },
      (item) => {
        const request = reduceRequest(item);
        if (request.result && !copilotResultTokens(request.result) && !request.result.errorDetails) texts.set(request, requestTexts(item));
        session.requests.push(request);
      },
      (key, value) => {
        if (key === 'sessionId' && typeof value === 'string') session.sessionId = value;
      },
    );
    for (const bad of outcome.bad) skip(stats, bad.reason, file, bad.index + 1);
    if (!outcome.complete) skip(stats, 'incomplete JSON document', file);
    const fileState: CopilotChatFileState = { ...stamp, offset: 0, line: 0, sent: { ...prev?.sent } };
    await emit(session, fileState, file, texts);
    return fileState;
  }

  async function readLog(file: string, stamp: FileStamp, prev: CopilotChatFileState | undefined): Promise<CopilotChatFileState> {
    const from = resumePoint(prev, stamp);
    // Replayed from the start after a compaction; what was returned before is still known, so nothing comes twice.
    const session: ChatSessionState = from.reset || !prev?.session ? { requests: [] } : structuredClone(prev.session);
    const fileState: CopilotChatFileState = { ...stamp, offset: from.offset, line: from.line, sent: { ...prev?.sent } };
    const outcome = await readLines(file, from.offset, from.line, stamp.size, (text, lineNo) => {
      const entry = parseObjectLine(text, stats, file, lineNo);
      if (!entry) return;
      const problem = applyMutation(session, entry);
      if (problem) skip(stats, problem, file, lineNo);
    });
    for (const lineNo of outcome.oversized) skip(stats, 'line too long', file, lineNo);
    fileState.offset = outcome.offset;
    fileState.line = outcome.line;
    fileState.session = session;
    await emit(session, fileState, file);
    return fileState;
  }

  async function emit(
    session: ChatSessionState,
    fileState: CopilotChatFileState,
    file: string,
    texts?: ReadonlyMap<ChatRequest, { input: string; output: string }>,
  ): Promise<void> {
    const sessionId = session.sessionId ?? path.basename(file).replace(/\.jsonl?$/, '');
    const project = await projectOf(file);
    const title = session.title ?? session.requests.find((request) => request.prompt)?.prompt;
    session.requests.forEach((request, index) => {
      const row = rowOf(request, sessionId, project, stats, file, index + 1, texts?.get(request));
      if (!row) return;
      if (title) row.sessionTitle = title;
      const signature = [row.tokens.input, row.tokens.output, row.model ?? '', row.time, title ?? ''].join(',');
      if (fileState.sent[row.id] === signature) return;
      fileState.sent[row.id] = signature;
      out.delete(row.id);
      out.set(row.id, row);
    });
  }
}

/** A request as a row, or undefined (counted with its reason when the request is finished but unusable). */
function rowOf(
  request: ChatRequest,
  sessionId: string,
  project: string | undefined,
  stats: ReadStats,
  file: string,
  index: number,
  texts?: { input: string; output: string },
): UsageRow | undefined {
  if (!request.result) return undefined; // still running, or never answered: nothing billed yet
  const recorded = copilotResultTokens(request.result);
  // Without token counts, a document's request is counted from its text; a change log keeps no text to count.
  const tokens = recorded ?? (texts && (texts.input || texts.output) ? { input: 0, output: 0 } : undefined);
  const time = isoTime(request.timestamp);
  let problem: string | undefined;
  if (!tokens) problem = request.result.errorDetails ? undefined : 'a request without token counts (an older Copilot Chat)';
  else if (!request.requestId) problem = 'a request without an id';
  else if (!time) problem = timeProblem(request.timestamp);
  if (problem) skip(stats, problem, file, index);
  if (!tokens || !request.requestId || !time) return undefined;
  const metadata = isRecord(request.result.metadata) ? request.result.metadata : undefined;
  const model = typeof metadata?.resolvedModel === 'string' && metadata.resolvedModel ? metadata.resolvedModel : request.modelId;
  const row: UsageRow = {
    id: `copilot-chat:${sessionId}:${request.requestId}`,
    time,
    source: 'copilot-chat',
    sessionId,
    tokens: { ...zeroTokens(), input: tokens.input, output: tokens.output },
    billing: 'copilot-credits-no-cache-split',
  };
  if (!recorded && texts) row.estimateFrom = texts;
  if (project) row.project = project;
  if (model) row.model = model;
  return admitRow(row, stats, file, index) ? row : undefined;
}

export const copilotChatReader: LogReader<CopilotChatState> = {
  source: 'copilot-chat',
  displayName: 'GitHub Copilot Chat',
  defaultPaths: copilotChatDefaultPaths,
  rootsInEditor: (userDir) => [userDir],
  watchFolders: copilotChatWatchFolders,
  isLogFile: (file) => /[\\/](chatSessions|emptyWindowChatSessions)[\\/][^\\/]+\.jsonl?$/i.test(file),
  read: (roots, state) => readCopilotChat(roots, state),
  isState: (state): state is CopilotChatState => isReaderState(state),
};
