// Readers of the usage that coding agents record on disk: one plain row per billable call.
//
// Every reader is incremental: it takes the cursor state it returned last time (plain JSON, to be
// persisted by the caller) and returns only what is new. A row may come back later under the same
// `id` with better figures (a streaming response that grew, a row updated in place): the consumer
// keeps the latest row per id.
import type { ReaderStateShape } from './logReader';

export {
  describeSkipSummary,
  newStats,
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

export {
  LOG_SOURCES,
  logReader,
  logSourceDefaultPaths,
  logSourceRoots,
  logWatch,
  readLogSource,
  sourceDisplayName,
  type LogSourceSettings,
} from './registry';
export { isReaderState, type LogReader, type ReaderStateShape, type RowSink } from './logReader';

/** What a scan persists per source: the reader's own cursor state. */
export type ReaderState = ReaderStateShape;
