// OpenAI Codex CLI: ${CODEX_HOME:-~/.codex}/sessions/YYYY/MM/DD/rollout-<ts>-<uuid>.jsonl and
// archived_sessions/. One row per `token_count` event that moved the session's running totals.
//
// Codex re-emits `token_count` with unchanged totals, so rows are the deltas of
// `total_token_usage` within a file; `last_token_usage` is used only when totals are missing or
// went backwards. Cached input is part of `input_tokens` and reasoning part of `output_tokens`:
// rows carry them apart (input = input - cached, output = output - reasoning).
import * as path from 'node:path';
import { existingRoots, listFiles, pathApi, readGuarded, readLines, resumePoint, stampOf, type Env, type JsonlCursor } from './fileCursor';
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
} from './usageRow';
import { emptyFilesState, isReaderState, type FilesState, type LogReader } from './logReader';
import { zeroTokens } from '../tokens/tokenKinds';

/** [input (incl. cached), cached input, output (incl. reasoning), reasoning]. */
export type CodexTotals = [number, number, number, number];

export interface CodexFileState extends JsonlCursor {
  /** The path last read for this file name. */
  path: string;
  sessionId?: string;
  cwd?: string;
  model?: string;
  /** The service tier in force (`priority`, `flex`), from the thread's settings; absent for the standard tier. */
  serviceTier?: string;
  /** Running totals of the last token_count with totals. */
  totals?: CodexTotals;
  /** Time of the file's first line (epoch ms). */
  startMs?: number;
  /** A forked session: token counts up to this time (epoch ms) replay the parent. */
  replayUntilMs?: number;
}

/** Keyed by file name: a rollout moved to archived_sessions/ continues where it was. */
export type CodexState = FilesState<CodexFileState>;

export const emptyCodexState = (): CodexState => emptyFilesState();

/** Forked sessions replay their parent's history within this long of their start. */
export const CODEX_FORK_REPLAY_MS = 1000;

export function codexDefaultPaths(env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  const p = pathApi(platform);
  const home = env.CODEX_HOME?.trim() || p.join(homedir, '.codex');
  return [p.join(home, 'sessions'), p.join(home, 'archived_sessions')];
}

const isArchived = (file: string) => file.split(/[\\/]/).includes('archived_sessions');

/** Rollout files under the roots, one per file name, preferring sessions/ over archived_sessions/. */
export async function findCodexFiles(roots: string[]): Promise<Map<string, string>> {
  const byName = new Map<string, string>();
  for (const root of await existingRoots(roots)) {
    for (const file of await listFiles(root, (n) => n.startsWith('rollout-') && n.endsWith('.jsonl'), 5)) {
      const name = path.basename(file);
      const held = byName.get(name);
      if (held === undefined || (isArchived(held) && !isArchived(file))) byName.set(name, file);
    }
  }
  return byName;
}

/** Running totals, or 'broken' when a field is not a non-negative count (a session's totals may pass a request's limit). */
function totalsOf(value: unknown): CodexTotals | 'broken' | undefined {
  if (!isRecord(value)) return undefined;
  const totals: CodexTotals = [
    count(value.input_tokens),
    count(value.cached_input_tokens),
    count(value.output_tokens),
    count(value.reasoning_output_tokens),
  ];
  return totals.every((v) => Number.isFinite(v) && v >= 0) ? totals : 'broken';
}

const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

export async function readCodex(roots: string[], state: CodexState = emptyCodexState()): Promise<ReadResult<CodexState>> {
  const next: CodexState = { version: 1, files: {} };
  const stats = newStats();
  const rows: UsageRow[] = [];

  for (const [name, file] of await findCodexFiles(roots)) {
    const stamp = await stampOf(file);
    if (!stamp) continue;
    stats.files++;
    const prev = state?.files?.[name];
    const from = resumePoint(prev, stamp);
    if (from.unchanged && prev) {
      next.files[name] = { ...prev, path: file };
      continue;
    }
    const fileState: CodexFileState = from.reset ? { ...stamp, path: file, offset: 0, line: 0 } : { ...prev!, ...stamp, path: file };
    fileState.sessionId ??= UUID_AT_END.exec(name)?.[1] ?? name.replace(/\.jsonl$/, '');
    await readGuarded(
      stats,
      file,
      async () => {
        const outcome = await readLines(file, from.offset, from.line, stamp.size, (text, lineNo) =>
          acceptLine(text, lineNo, file, fileState),
        );
        for (const lineNo of outcome.oversized) skip(stats, 'line too long', file, lineNo);
        fileState.offset = outcome.offset;
        fileState.line = outcome.line;
        next.files[name] = fileState;
      },
      () => {
        if (prev) next.files[name] = prev;
      },
    );
  }
  stats.rows = rows.length;
  return { rows, stats, cursorState: next };

  function acceptLine(text: string, lineNo: number, file: string, session: CodexFileState): void {
    const line = parseObjectLine(text, stats, file, lineNo);
    if (!line) return;
    const time = isoTime(line.timestamp);
    const ms = time ? Date.parse(time) : undefined;
    if (session.startMs === undefined && ms !== undefined) session.startMs = ms;
    const payload = isRecord(line.payload) ? line.payload : undefined;
    if (typeof line.type !== 'string') return skip(stats, 'unknown line (no type)', file, lineNo);

    if (line.type === 'session_meta' && payload) {
      session.sessionId = str(payload.id) ?? session.sessionId;
      session.cwd = str(payload.cwd) ?? session.cwd;
      const source = isRecord(payload.source) ? payload.source : undefined;
      const subagent = source && (isRecord(source.subagent) ? source.subagent : isRecord(source.subAgent) ? source.subAgent : undefined);
      const spawned = (subagent && ('thread_spawn' in subagent || 'threadSpawn' in subagent)) || str(payload.forked_from_id) !== undefined;
      if (spawned && session.replayUntilMs === undefined) session.replayUntilMs = (session.startMs ?? ms ?? 0) + CODEX_FORK_REPLAY_MS;
      return;
    }
    if (line.type === 'turn_context' && payload) {
      session.model = str(payload.model) ?? session.model;
      if (payload.service_tier !== undefined) session.serviceTier = serviceTier(payload.service_tier);
      return;
    }
    if (line.type === 'event_msg' && payload?.type === 'thread_settings_applied') {
      const settings = isRecord(payload.thread_settings) ? payload.thread_settings : payload;
      if (settings.service_tier !== undefined) session.serviceTier = serviceTier(settings.service_tier);
      return;
    }
    if (line.type !== 'event_msg' || !payload || payload.type !== 'token_count') return;
    if (!isRecord(payload.info)) return; // info is null on rate-limit-only updates
    if (!time || ms === undefined) return skip(stats, timeProblem(line.timestamp), file, lineNo);
    const totals = totalsOf(payload.info.total_token_usage);
    const last = totalsOf(payload.info.last_token_usage);
    if (totals === 'broken' || last === 'broken') return skip(stats, 'token totals are not non-negative counts', file, lineNo);

    if (session.replayUntilMs !== undefined && ms <= session.replayUntilMs) {
      // a fork replaying its parent's history: follow the totals, count nothing
      if (totals) session.totals = totals;
      return;
    }
    let delta: CodexTotals | undefined;
    if (totals) {
      const before = session.totals;
      session.totals = totals;
      if (before) {
        const d = totals.map((v, i) => v - before[i]) as CodexTotals;
        if (d.every((v) => v === 0)) return; // re-emitted, nothing new
        delta = d.some((v) => v < 0) ? (last ?? totals) : d; // totals were reset
      } else {
        delta = totals;
      }
    } else if (last) {
      delta = last;
    } else {
      return skip(stats, 'token count without usage', file, lineNo);
    }
    const [input, cached, output, reasoning] = delta;
    const cacheRead = Math.min(cached, input);
    const reasoningPart = Math.min(reasoning, output);
    if (input + output === 0) return;
    const row: UsageRow = {
      id: `codex:${session.sessionId}:${lineNo}`,
      time,
      source: 'codex',
      sessionId: session.sessionId!,
      tokens: { ...zeroTokens(), input: input - cacheRead, cacheRead, output: output - reasoningPart, reasoning: reasoningPart },
    };
    if (session.cwd) row.project = session.cwd;
    if (session.model) row.model = session.model;
    if (session.serviceTier) row.billingMode = session.serviceTier;
    if (admitRow(row, stats, file, lineNo)) rows.push(row);
  }
}

/** A Codex service tier as a billing mode: `priority` (Codex calls it "fast" too) or `flex`; the standard tier is none. */
function serviceTier(value: unknown): string | undefined {
  const tier = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (tier === 'fast' || tier === 'priority') return 'priority';
  return tier === 'flex' ? 'flex' : undefined;
}

export const codexReader: LogReader<CodexState> = {
  source: 'codex',
  displayName: 'Codex CLI',
  defaultPaths: codexDefaultPaths,
  read: (roots, state) => readCodex(roots, state),
  isState: (state): state is CodexState => isReaderState(state),
};
