// Readers of the usage that coding agents record on disk: one plain row per billable call.
//
// Every reader is incremental: it takes the cursor state it returned last time (plain JSON, to be
// persisted by the caller) and returns only what is new. A row may come back later under the same
// `id` with better figures (a streaming response that grew, a row updated in place): the consumer
// keeps the latest row per id.
import { claudeCodeDefaultPaths, readClaudeCode, type ClaudeCodeState } from './claudeCode';
import { clineDefaultPaths, readCline, type ClineExtensionId, type ClineState } from './cline';
import { codexDefaultPaths, readCodex, type CodexState } from './codex';
import type { Env } from './fileCursor';
import { geminiCliDefaultPaths, readGeminiCli, type GeminiCliState } from './geminiCli';
import { errorReason, isRecord, newStats, skip, type ReadResult, type UsageSource } from './usageRow';

export {
  describeSkipSummary,
  summarizeSkips,
  usageRowIssue,
  type SkipSummary,
  skippedCount,
  type ReadResult,
  type ReadStats,
  type ReadSkip,
  type UsageRow,
  type UsageSource,
  type UsageTokens,
} from './usageRow';
export {
  listFiles,
  readLines,
  resumePoint,
  stampOf,
  streamJsonItems,
  wholeFileChanged,
  type Env,
  type FileStamp,
  type JsonlCursor,
} from './fileCursor';
export {
  claudeCodeDefaultPaths,
  emptyClaudeCodeState,
  readClaudeCode,
  type ClaudeCodeReadOptions,
  type ClaudeCodeState,
} from './claudeCode';
export { codexDefaultPaths, emptyCodexState, readCodex, type CodexState } from './codex';
export { emptyGeminiCliState, geminiCliDefaultPaths, readGeminiCli, type GeminiCliState } from './geminiCli';
export {
  CLINE_EXTENSION_IDS,
  clineDefaultPaths,
  clineTasksBeside,
  emptyClineState,
  readCline,
  vscodeUserDirs,
  type ClineExtensionId,
  type ClineState,
} from './cline';

export type ReaderState = ClaudeCodeState | CodexState | GeminiCliState | ClineState;

/** Every source a reader exists for. */
export const LOG_SOURCES: readonly UsageSource[] = ['claude-code', 'codex', 'gemini-cli', 'cline', 'roo-code', 'kilo-code'];

const EXTENSION_OF: Partial<Record<UsageSource, ClineExtensionId>> = {
  cline: 'saoudrizwan.claude-dev',
  'roo-code': 'rooveterinaryinc.roo-cline',
  'kilo-code': 'kilocode.kilo-code',
};

/** Where a source writes by default on this platform, after its environment variables. */
export function logSourceDefaultPaths(source: UsageSource, env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  switch (source) {
    case 'claude-code':
      return claudeCodeDefaultPaths(env, platform, homedir);
    case 'codex':
      return codexDefaultPaths(env, platform, homedir);
    case 'gemini-cli':
      return geminiCliDefaultPaths(env, platform, homedir);
    default:
      return clineDefaultPaths(env, platform, homedir, EXTENSION_OF[source]);
  }
}

/** A source's settings: switched off, or its folders replaced. */
export interface LogSourceSettings {
  enabled?: boolean;
  /** When non-empty, these folders replace the default locations. */
  paths?: string[];
}

/** The folders to read for a source: none when switched off, the configured ones, or the defaults. */
export function logSourceRoots(
  source: UsageSource,
  settings: LogSourceSettings | undefined,
  env: Env,
  platform: NodeJS.Platform,
  homedir: string,
): string[] {
  if (settings?.enabled === false) return [];
  const configured = (settings?.paths ?? []).map((p) => p.trim()).filter((p) => p.length > 0);
  return configured.length > 0 ? configured : logSourceDefaultPaths(source, env, platform, homedir);
}

/** A persisted state of the right shape, or undefined (start over) when it is not one. */
function usable<S>(state: unknown): S | undefined {
  return isRecord(state) && state.version === 1 && isRecord(state.files) ? (state as S) : undefined;
}

/**
 * Reads one source incrementally; `state` is what the previous call returned (or nothing). Never throws: a reader that
 * fails outright returns no rows, the state it was given, and the failure as a skip.
 */
export async function readLogSource(source: UsageSource, roots: string[], state?: unknown): Promise<ReadResult<ReaderState>> {
  try {
    return await readWith(source, roots, state);
  } catch (error) {
    const stats = newStats();
    skip(stats, `the ${source} reader failed (${errorReason(error)})`, roots.join(', '));
    return { rows: [], stats, cursorState: state as ReaderState };
  }
}

function readWith(source: UsageSource, roots: string[], state: unknown): Promise<ReadResult<ReaderState>> {
  switch (source) {
    case 'claude-code': {
      const s = usable<ClaudeCodeState>(state);
      return readClaudeCode(roots, s && isRecord(s.seen) ? s : undefined);
    }
    case 'codex':
      return readCodex(roots, usable<CodexState>(state));
    case 'gemini-cli':
      return readGeminiCli(roots, usable<GeminiCliState>(state));
    default:
      return readCline(roots, usable<ClineState>(state), EXTENSION_OF[source]);
  }
}
