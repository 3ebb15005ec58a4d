// Cline, Roo Code and Kilo Code: <editor user dir>/globalStorage/<extension id>/tasks/<taskId>/ui_messages.json.
//
// `ui_messages.json` is one JSON array rewritten whole; it is streamed again when its size or mtime
// changes. An `api_req_started` row is written when a request starts and updated in place (same
// `ts`) when it ends, so rows are keyed `<source>:<taskId>:<ts>` and returned again when their
// content changed: the consumer keeps the latest row per id. The recorded `cost` is used as is.
// What `tokensIn` includes differs between versions; it is taken as uncached input.
import * as path from 'node:path';
import {
  filesUnderRoots,
  listFiles,
  readGuarded,
  pathApi,
  stampOf,
  streamJsonItems,
  uniqueRoots,
  wholeFileChanged,
  type Env,
  type FileStamp,
} from './fileCursor';
import {
  admitRow,
  count,
  isRecord,
  isoTime,
  newStats,
  skip,
  str,
  timeProblem,
  type ReadResult,
  type UsageRow,
  type UsageSource,
} from './usageRow';
import { emptyFilesState, isReaderState, type FilesState, type LogReader } from './logReader';
import { zeroTokens } from '../tokens/tokenKinds';

export const CLINE_EXTENSION_IDS = {
  'saoudrizwan.claude-dev': 'cline',
  'rooveterinaryinc.roo-cline': 'roo-code',
  'kilocode.kilo-code': 'kilo-code',
} as const satisfies Record<string, UsageSource>;

export type ClineExtensionId = keyof typeof CLINE_EXTENSION_IDS;

export interface ClineFileState extends FileStamp {
  /** Per request `ts`, what was last returned, to return only rows that changed. */
  sent: Record<string, string>;
}

export type ClineState = FilesState<ClineFileState>;

export const emptyClineState = (): ClineState => emptyFilesState();

const EDITORS = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor'];

/** VS Code's user folders for each editor flavour on the platform, remote servers included. */
export function vscodeUserDirs(env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  const p = pathApi(platform);
  let base: string;
  if (platform === 'win32') base = env.APPDATA?.trim() || p.join(homedir, 'AppData', 'Roaming');
  else if (platform === 'darwin') base = p.join(homedir, 'Library', 'Application Support');
  else base = env.XDG_CONFIG_HOME?.trim() || p.join(homedir, '.config');
  const dirs = EDITORS.map((editor) => p.join(base, editor, 'User'));
  if (platform !== 'win32') {
    dirs.push(p.join(homedir, '.vscode-server', 'data', 'User'), p.join(homedir, '.vscode-server-insiders', 'data', 'User'));
  }
  return uniqueRoots(dirs);
}

/** The `tasks` folders of the extension under every editor's user folder. */
export function clineDefaultPaths(
  env: Env,
  platform: NodeJS.Platform,
  homedir: string,
  extensionId: ClineExtensionId = 'saoudrizwan.claude-dev',
): string[] {
  const p = pathApi(platform);
  return vscodeUserDirs(env, platform, homedir).map((dir) => p.join(dir, 'globalStorage', extensionId, 'tasks'));
}

/** From inside an extension: the tasks folder beside its own `context.globalStorageUri.fsPath`. */
export function clineTasksBeside(
  ownGlobalStorage: string,
  extensionId: ClineExtensionId,
  platform: NodeJS.Platform = process.platform,
): string {
  const p = pathApi(platform);
  return p.join(p.dirname(ownGlobalStorage), extensionId, 'tasks');
}

export async function findClineFiles(root: string): Promise<string[]> {
  return listFiles(root, (name) => name === 'ui_messages.json', 1);
}

export async function readCline(
  roots: string[],
  state: ClineState = emptyClineState(),
  extensionId: ClineExtensionId = 'saoudrizwan.claude-dev',
): Promise<ReadResult<ClineState>> {
  const source: UsageSource = CLINE_EXTENSION_IDS[extensionId] ?? 'cline';
  const next: ClineState = { version: 1, files: {} };
  const stats = newStats();
  const rows: UsageRow[] = [];

  for (const file of await filesUnderRoots(roots, findClineFiles)) {
    const stamp = await stampOf(file);
    if (!stamp) continue;
    stats.files++;
    const prev = state?.files?.[file];
    if (prev && !wholeFileChanged(prev, stamp)) {
      next.files[file] = prev;
      continue;
    }
    const taskId = path.basename(path.dirname(file));
    const fileState: ClineFileState = { ...stamp, sent: { ...(prev?.sent ?? {}) } };
    await readGuarded(
      stats,
      file,
      () => readTask(file, taskId, fileState),
      () => {
        if (prev) next.files[file] = prev;
      },
    );
  }
  stats.rows = rows.length;
  return { rows, stats, cursorState: next };

  async function readTask(file: string, taskId: string, fileState: ClineFileState): Promise<void> {
    const outcome = await streamJsonItems(file, {}, (item, index) => {
      if (!isRecord(item)) return skip(stats, 'unknown message', file, index + 1);
      if (item.type !== 'say' || item.say !== 'api_req_started') return;
      const ts = item.ts;
      if (typeof ts !== 'number') return skip(stats, 'request without ts', file, index + 1);
      const time = isoTime(ts);
      if (!time) return skip(stats, timeProblem(ts), file, index + 1);
      let info: unknown;
      try {
        info = typeof item.text === 'string' ? JSON.parse(item.text) : undefined;
      } catch {
        info = undefined;
      }
      if (!isRecord(info)) return skip(stats, 'malformed request text', file, index + 1);
      const tokens = {
        ...zeroTokens(),
        input: count(info.tokensIn),
        cacheRead: count(info.cacheReads),
        cacheWrite: count(info.cacheWrites),
        output: count(info.tokensOut),
      };
      const cost = info.cost === undefined || info.cost === null ? undefined : typeof info.cost === 'number' ? info.cost : Number.NaN;
      const tokenSum = tokens.input + tokens.cacheRead + tokens.cacheWrite + tokens.output;
      if (tokenSum === 0 && cost === undefined) return; // started, not finished: updated in place later
      const modelInfo = isRecord(info.modelInfo) ? info.modelInfo : undefined;
      const model = modelInfo ? str(modelInfo.modelId) : undefined;
      const signature = [tokens.input, tokens.cacheRead, tokens.cacheWrite, tokens.output, cost ?? '', model ?? ''].join(',');
      const key = String(ts);
      if (fileState.sent[key] === signature) return;
      const row: UsageRow = { id: `${source}:${taskId}:${ts}`, time, source, sessionId: taskId, tokens };
      if (model) row.model = model;
      if (cost !== undefined) row.recordedUsd = cost;
      if (!admitRow(row, stats, file, index + 1)) return;
      fileState.sent[key] = signature;
      rows.push(row);
    });
    for (const bad of outcome.bad) skip(stats, bad.reason, file, bad.index + 1);
    if (!outcome.complete) skip(stats, 'incomplete JSON document', file);
    next.files[file] = fileState;
  }
}

/** The reader of one extension of the Cline family: the same task files, under that extension's storage. */
function clineFamilyReader(extensionId: ClineExtensionId, displayName: string): LogReader<ClineState> {
  return {
    source: CLINE_EXTENSION_IDS[extensionId],
    displayName,
    defaultPaths: (env, platform, homedir) => clineDefaultPaths(env, platform, homedir, extensionId),
    rootsInEditor: (userDir, platform) => [pathApi(platform).join(userDir, 'globalStorage', extensionId, 'tasks')],
    read: (roots, state) => readCline(roots, state, extensionId),
    isState: (state): state is ClineState => isReaderState(state),
  };
}

export const clineReader = clineFamilyReader('saoudrizwan.claude-dev', 'Cline');
export const rooCodeReader = clineFamilyReader('rooveterinaryinc.roo-cline', 'Roo Code');
export const kiloCodeReader = clineFamilyReader('kilocode.kilo-code', 'Kilo Code');
