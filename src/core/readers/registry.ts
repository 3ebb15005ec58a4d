// The one list of log sources: each agent Tokenwise reads, its reader, its name and where it writes. A source is
// added here and in its own file; a source without a reader does not compile, and none falls back to another's.
import { claudeCodeReader } from './claudeCode';
import { clineReader, kiloCodeReader, rooCodeReader } from './cline';
import { codexReader } from './codex';
import { copilotChatReader } from './copilotChat';
import { copilotCliReader } from './copilotCli';
import type { Env } from './fileCursor';
import { geminiCliReader } from './geminiCli';
import type { LogReader, ReaderStateShape, RowSink, WatchFolder } from './logReader';
import { errorReason, newStats, skip, type ReadResult, type UsageSource } from './usageRow';

/** A reader with its own state type, held as one of many: its `isState` guards what its `read` is given. */
const entry = <S extends ReaderStateShape>(reader: LogReader<S>): LogReader => reader as unknown as LogReader;

const READERS: { readonly [S in UsageSource]: LogReader } = {
  'claude-code': entry(claudeCodeReader),
  codex: entry(codexReader),
  'gemini-cli': entry(geminiCliReader),
  'copilot-chat': entry(copilotChatReader),
  'copilot-cli': entry(copilotCliReader),
  cline: entry(clineReader),
  'roo-code': entry(rooCodeReader),
  'kilo-code': entry(kiloCodeReader),
};

/** Every source a reader exists for, in the order scans read them. */
export const LOG_SOURCES: readonly UsageSource[] = Object.keys(READERS) as UsageSource[];

export function logReader(source: UsageSource): LogReader {
  const reader = READERS[source];
  if (!reader || reader.source !== source) throw new Error(`No log reader is registered for ${String(source)}.`);
  return reader;
}

/** How a source is named to the user: the agent's name, "Recorded prompts" for `manual`, else the id itself. */
export function sourceDisplayName(source: string): string {
  if (source === 'manual') return 'Recorded prompts';
  return Object.hasOwn(READERS, source) ? READERS[source as UsageSource].displayName : source;
}

/** The folders to watch under one of a source's roots, and whether a changed file there may hold its usage. */
export function logWatch(source: UsageSource, root: string): { folders: WatchFolder[]; isLogFile: (file: string) => boolean } {
  const reader = logReader(source);
  return {
    folders: reader.watchFolders?.(root) ?? [{ path: root, recursive: true }],
    isLogFile: reader.isLogFile ?? ((file) => /\.jsonl?$/i.test(file)),
  };
}

/** Where a source writes by default on this platform, after its environment variables. */
export function logSourceDefaultPaths(source: UsageSource, env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  return logReader(source).defaultPaths(env, platform, homedir);
}

/** A source's settings: switched off, or its folders replaced. */
export interface LogSourceSettings {
  enabled?: boolean;
  /** When non-empty, these folders replace the default locations. */
  paths?: string[];
}

/**
 * The folders to read for a source: none when switched off, else the configured ones or the defaults, plus the folders
 * the editor running Tokenwise holds for it (beside its own User folder, `editorUserDir`), which no setting hides.
 */
export function logSourceRoots(
  source: UsageSource,
  settings: LogSourceSettings | undefined,
  env: Env,
  platform: NodeJS.Platform,
  homedir: string,
  editorUserDir?: string,
): string[] {
  if (settings?.enabled === false) return [];
  const configured = (settings?.paths ?? []).map((p) => p.trim()).filter((p) => p.length > 0);
  const roots = configured.length > 0 ? configured : logSourceDefaultPaths(source, env, platform, homedir);
  const inEditor = editorUserDir ? (logReader(source).rootsInEditor?.(editorUserDir, platform) ?? []) : [];
  return [...new Set([...roots, ...inEditor])];
}

/**
 * Reads one source incrementally; `state` is what the previous call returned (or nothing), `onRows` takes rows as the
 * reader goes if it streams (see `RowSink`). Never throws: a reader that fails outright returns no rows, the state it
 * was given (so the next pass reads again what it had handed over), and the failure as a skip.
 */
export async function readLogSource(
  source: UsageSource,
  roots: string[],
  state?: unknown,
  onRows?: RowSink,
): Promise<ReadResult<ReaderStateShape>> {
  try {
    const reader = logReader(source);
    return await reader.read(roots, reader.isState(state) ? state : undefined, onRows);
  } catch (error) {
    const stats = newStats();
    skip(stats, `the ${source} reader failed (${errorReason(error)})`, roots.join(', '));
    return { rows: [], stats, cursorState: state as ReaderStateShape };
  }
}
