// Claude Code: ~/.claude/projects/<project>/<sessionId>.jsonl (+ <sessionId>/subagents/agent-*.jsonl).
//
// Rows are emitted per API response (`message.id` + `requestId`). Claude Code writes one response
// as several lines while it streams; a later line with larger totals REPLACES the row: it is
// returned again with the same id (in a later pass too), and the consumer keeps the latest row per
// id. Within one pass each id is returned once, in its best version, unless the rows are handed to a
// sink file by file: then a response that goes on in a later file comes again with more tokens.
import * as path from 'node:path';
import {
  filesUnderRoots,
  listFiles,
  pathApi,
  readGuarded,
  readLines,
  resumePoint,
  stampOf,
  uniqueRoots,
  type Env,
  type JsonlCursor,
} from './fileCursor';
import {
  admitRow,
  count,
  isRecord,
  isoTime,
  newStats,
  parseObjectLine,
  skip,
  str,
  timeProblem,
  type ReadResult,
  type UsageRow,
  type UsageTokens,
} from './usageRow';
import { isReaderState, type LogReader, type RowSink } from './logReader';
import { looksLikeObject } from '../files/lineReader';
import { totalTokens, zeroTokens } from '../tokens/tokenKinds';

/** What was accepted per message id: [requestId or '', token total, epoch seconds, 1 if sidechain]. */
export type ClaudeSeen = [string, number, number, number];

export interface ClaudeCodeState {
  version: 1;
  files: Record<string, JsonlCursor>;
  seen: Record<string, ClaudeSeen>;
}

export interface ClaudeCodeReadOptions {
  /**
   * Forget de-duplication entries of messages this much older than the newest one seen (default
   * 60 days; Claude Code keeps logs 30). A forgotten message met again comes back under its old id.
   */
  forgetAfterDays?: number;
  maxLineBytes?: number;
}

export function emptyClaudeCodeState(): ClaudeCodeState {
  return { version: 1, files: {}, seen: {} };
}

/**
 * `CLAUDE_CONFIG_DIR` (comma-separated) replaces the defaults `$XDG_CONFIG_HOME/claude` (default
 * `~/.config/claude`) and `~/.claude`; the logs are in `projects` under each.
 */
export function claudeCodeDefaultPaths(env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  const p = pathApi(platform);
  const configured = (env.CLAUDE_CONFIG_DIR ?? '')
    .split(',')
    .map((dir) => dir.trim())
    .filter((dir) => dir.length > 0);
  if (configured.length > 0) return uniqueRoots(configured.map((dir) => p.join(dir, 'projects')));
  const xdg = env.XDG_CONFIG_HOME?.trim() || p.join(homedir, '.config');
  return uniqueRoots([p.join(xdg, 'claude', 'projects'), p.join(homedir, '.claude', 'projects')]);
}

/** Session logs under a `projects` root: main sessions first, then subagent logs. */
export async function findClaudeCodeFiles(root: string): Promise<string[]> {
  const files = await listFiles(root, (name) => name.endsWith('.jsonl'), 4);
  const isSub = (file: string) => file.split(path.sep).includes('subagents');
  return [...files.filter((f) => !isSub(f)), ...files.filter(isSub)];
}

export function claudeUsageTokens(usage: Record<string, unknown>): UsageTokens {
  const creation = isRecord(usage.cache_creation) ? usage.cache_creation : undefined;
  const w1h = creation ? count(creation.ephemeral_1h_input_tokens) : 0;
  const w5mSplit = creation ? count(creation.ephemeral_5m_input_tokens) : 0;
  const writes = Math.max(count(usage.cache_creation_input_tokens), w5mSplit + w1h);
  return {
    ...zeroTokens(),
    input: count(usage.input_tokens),
    cacheRead: count(usage.cache_read_input_tokens),
    cacheWrite: writes - w1h,
    cacheWrite1h: w1h,
    output: count(usage.output_tokens),
  };
}

const USAGE = Buffer.from('"usage"');
const TYPE_KEY = Buffer.from('"type":');
const ASSISTANT = Buffer.from('"type":"assistant"');

/**
 * Only assistant lines carry usage: a whole-object line that names neither `usage` nor the assistant type, and has a
 * type, is passed over unparsed (prompts and tool results). Torn lines, lines without a type and assistant lines
 * without usage are still parsed, so they are counted as skipped with their reason.
 */
function mayHoldUsage(bytes: Buffer): boolean {
  // The assistant type comes early in a line; `usage` late: the cheap test first.
  if (!looksLikeObject(bytes) || bytes.indexOf(ASSISTANT) >= 0) return true;
  return bytes.indexOf(TYPE_KEY) < 0 || bytes.indexOf(USAGE) >= 0;
}

export async function readClaudeCode(
  roots: string[],
  state: ClaudeCodeState = emptyClaudeCodeState(),
  options: ClaudeCodeReadOptions = {},
  onRows?: RowSink,
): Promise<ReadResult<ClaudeCodeState>> {
  const next: ClaudeCodeState = { version: 1, files: {}, seen: state?.seen ?? {} };
  // Copied on the first new entry only: a rescan that finds nothing new costs the files, not the history.
  let ownSeen = false;
  const remember = (key: string, entry: ClaudeSeen) => {
    if (!ownSeen) [next.seen, ownSeen] = [{ ...next.seen }, true];
    next.seen[key] = entry;
  };
  const prevFiles = state?.files ?? {};
  const stats = newStats();
  const out = new Map<string, UsageRow>();
  // Sidechain replays stay until the pass ends, as their parent's copy may still come and replace them.
  const replays = new Set<string>();
  let handedOver = 0;
  const handOver = () => {
    if (!onRows) return;
    const ready: UsageRow[] = [];
    for (const [id, row] of out) {
      if (replays.has(id)) continue;
      ready.push(row);
      out.delete(id);
    }
    handedOver += ready.length;
    if (ready.length > 0) onRows(ready);
  };
  // Thousands of rows name the same few models, sessions and folders: one copy of each.
  const strings = new Map<string, string>();
  const shared = (text: string): string => strings.get(text) ?? (strings.set(text, text), text);

  for (const file of await filesUnderRoots(roots, findClaudeCodeFiles)) {
    const stamp = await stampOf(file);
    if (!stamp) continue;
    stats.files++;
    const prev = prevFiles[file];
    const from = resumePoint(prev, stamp);
    if (from.unchanged && prev) {
      next.files[file] = prev;
      continue;
    }
    const fallbackSession = path.basename(file, '.jsonl');
    await readGuarded(
      stats,
      file,
      async () => {
        const outcome = await readLines(
          file,
          from.offset,
          from.line,
          stamp.size,
          (text, lineNo) => acceptLine(text, lineNo, file, fallbackSession),
          options.maxLineBytes,
          mayHoldUsage,
        );
        for (const lineNo of outcome.oversized) skip(stats, 'line too long', file, lineNo);
        next.files[file] = { ...stamp, offset: outcome.offset, line: outcome.line };
      },
      () => {
        if (prev) next.files[file] = prev;
      },
    );
    handOver();
  }

  if (ownSeen) forgetOld(next.seen, options.forgetAfterDays ?? 60);

  const rows = [...out.values()];
  stats.rows = handedOver + rows.length;
  return { rows, stats, cursorState: next };

  function acceptLine(text: string, lineNo: number, file: string, fallbackSession: string): void {
    const line = parseObjectLine(text, stats, file, lineNo);
    if (!line) return;
    if (typeof line.type !== 'string') return skip(stats, 'unknown line (no type)', file, lineNo);
    if (line.type !== 'assistant') return; // user, system, summary... lines carry no usage
    const message = line.message;
    if (!isRecord(message) || !isRecord(message.usage)) {
      return skip(stats, 'assistant line without usage', file, lineNo);
    }
    if (line.isApiErrorMessage === true) return; // an error shown to the user, not a billed response
    const model = str(message.model);
    if (model === '<synthetic>') return; // written by Claude Code itself, never billed
    const time = isoTime(line.timestamp);
    if (!time) return skip(stats, timeProblem(line.timestamp), file, lineNo);
    const messageId = str(message.id);
    const requestId = str(line.requestId) ?? '';
    const uuid = str(line.uuid);
    if (!messageId && !uuid) return skip(stats, 'no message id', file, lineNo);
    const key = messageId ?? `uuid:${uuid}`;
    const id = messageId ? (requestId ? `claude-code:${messageId}:${requestId}` : `claude-code:${messageId}`) : `claude-code:uuid:${uuid}`;
    const sidechain = line.isSidechain === true ? 1 : 0;

    const tokens = claudeUsageTokens(message.usage);
    const total = totalTokens(tokens);
    const seen = next.seen[key];
    let replayId: string | undefined;
    if (seen) {
      if (seen[0] === requestId) {
        // the same response again: a streaming update or a copy in a resumed session
        if (total <= seen[1]) return;
      } else {
        // the same message under another request: a sidechain replaying its parent's message
        if (sidechain === 1 || seen[3] === 0) return;
        // the parent's copy arrived after a replay: let it win if the replay is still in this pass
        replayId = seen[0] ? `claude-code:${key}:${seen[0]}` : `claude-code:${key}`;
        if (!out.has(replayId)) return;
      }
    }
    const row: UsageRow = {
      id,
      time,
      source: 'claude-code',
      sessionId: shared(str(line.sessionId) ?? fallbackSession),
      tokens,
    };
    const cwd = str(line.cwd);
    if (cwd) row.project = shared(cwd);
    if (model) row.model = shared(model);
    if (line.costUSD !== undefined && line.costUSD !== null) row.recordedUsd = typeof line.costUSD === 'number' ? line.costUSD : Number.NaN;
    const speed = str(message.usage.speed);
    if (speed && speed !== 'standard') row.billingMode = speed;
    // Only an admitted row updates what was seen: a bad copy must not hide a good one that follows.
    if (!admitRow(row, stats, file, lineNo)) return;
    if (replayId) {
      out.delete(replayId);
      replays.delete(replayId);
    }
    remember(key, [requestId, total, Math.floor(Date.parse(time) / 1000), sidechain]);
    out.set(id, row);
    if (sidechain === 1) replays.add(id);
  }
}

/** Drops de-duplication entries of messages more than `days` older than the newest one seen. */
function forgetOld(seen: Record<string, ClaudeSeen>, days: number): void {
  let newest = 0;
  for (const key in seen) if (seen[key][2] > newest) newest = seen[key][2];
  const horizon = newest - days * 86400;
  for (const key in seen) if (seen[key][2] < horizon) delete seen[key];
}

export const claudeCodeReader: LogReader<ClaudeCodeState> = {
  source: 'claude-code',
  displayName: 'Claude Code',
  defaultPaths: claudeCodeDefaultPaths,
  read: (roots, state, onRows) => readClaudeCode(roots, state, {}, onRows),
  isState: (state): state is ClaudeCodeState => isReaderState(state) && isRecord((state as { seen?: unknown }).seen),
};
