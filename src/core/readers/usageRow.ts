// The plain row every log reader returns: one billable model call as an agent recorded it.
import { formatCount } from '../text/format';
import { errorReason, premiumRequestsIssue, requestTime, textIssue, tokenCountIssue, usdIssue } from '../input/entryRules';
import { TOKEN_KINDS, type TokenKind } from '../tokens/tokenKinds';
import type { Billing } from '../models/copilotCredits';

export { errorReason };

export type UsageSource = 'claude-code' | 'codex' | 'gemini-cli' | 'copilot-chat' | 'copilot-cli' | 'cline' | 'roo-code' | 'kilo-code';

/**
 * Token counts of one call, by the kinds of `tokens/tokenKinds.ts`. They are disjoint, so the call's total is their sum:
 * - `input` excludes cached input (cache reads and cache writes are counted apart);
 * - `output` excludes `reasoning` where the source reports reasoning separately
 *   (Codex `reasoning_output_tokens`, Gemini `thoughts`); price `reasoning` as output.
 *   Claude Code folds thinking into `output_tokens`, so its `reasoning` is 0.
 */
export type UsageTokens = { -readonly [K in TokenKind]: number };

export interface UsageRow {
  /**
   * Stable and globally unique. A reader may return a row again with the same id when it learnt
   * a better version of it (a streaming response that grew, a task row updated in place, a chat
   * message rewritten): the consumer keeps the LATEST row per id, replacing the earlier one.
   */
  id: string;
  /** ISO 8601, UTC. */
  time: string;
  source: UsageSource;
  sessionId: string;
  /** The working folder of the session, when the log names it. */
  project?: string;
  model?: string;
  tokens: UsageTokens;
  /** A cost the agent itself recorded, in US dollars: show it as "recorded", do not re-price. */
  recordedUsd?: number;
  /** A billing mode the request asked for besides the standard rate: Claude's `usage.speed` "fast", Codex's "priority" or "flex" service tier. */
  billingMode?: string;
  /** Billed otherwise than at the provider's API prices: Copilot's AI credits. */
  billing?: Billing;
  /** Premium requests the agent recorded for the row (Copilot CLI, on legacy request-based billing). */
  premiumRequests?: number;
  /** The session's title, where the agent's file has one. */
  sessionTitle?: string;
  /** The request's text where its file records no token counts: its tokens are to be counted from it (`estimateRows`). */
  estimateFrom?: { readonly input: string; readonly output: string };
  /** The tokens were counted from the text, not recorded by the agent. */
  estimated?: boolean;
}

export interface ReadSkip {
  reason: string;
  file: string;
  /** 1-based line number for line-oriented files, item index for JSON arrays. */
  line?: number;
}

export interface ReadStats {
  /** Files examined in this pass (read or found unchanged). */
  files: number;
  rows: number;
  skipped: ReadSkip[];
  /** Skipped lines beyond the first MAX_SKIP_RECORDS, counted but not listed. */
  skippedNotListed?: number;
}

export interface ReadResult<S> {
  rows: UsageRow[];
  stats: ReadStats;
  cursorState: S;
}

/**
 * A token count from an untrusted field: 0 when the field is absent, the number as it is otherwise (checked with the
 * whole row by `admitRow`, so a negative or absurd count skips the row with its reason), NaN when it is not a number.
 */
export function count(value: unknown): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' ? value : Number.NaN;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** ISO time from an ISO string or epoch milliseconds; undefined when absent, unparseable or out of range. */
export function isoTime(value: unknown): string | undefined {
  return requestTime(value).value;
}

/** Why a request time cannot be used (absent, not a date, out of range). */
export function timeProblem(value: unknown): string {
  return requestTime(value).reason ?? 'no timestamp';
}

/**
 * Why a row a reader built cannot enter the ledger, or undefined when it can: every field by its entry rule. The time
 * is not parsed again here: readers take it through `isoTime`, which applies the time rule where it enters.
 */
export function usageRowIssue(row: UsageRow): string | undefined {
  for (const kind of TOKEN_KINDS) {
    const issue = tokenCountIssue(row.tokens[kind], `${kind} token count`);
    if (issue) return issue;
  }
  if (row.recordedUsd !== undefined) {
    const issue = usdIssue(row.recordedUsd, 'recorded cost');
    if (issue) return issue;
  }
  if (row.premiumRequests !== undefined) {
    const issue = premiumRequestsIssue(row.premiumRequests);
    if (issue) return issue;
  }
  for (const [what, text] of [
    ['id', row.id],
    ['session id', row.sessionId],
    ['project', row.project],
    ['model', row.model],
    ['session title', row.sessionTitle],
  ] as const) {
    const issue = text === undefined ? undefined : textIssue(text, what);
    if (issue) return issue;
  }
  return undefined;
}

/** True when the row may be emitted; otherwise it is skipped and counted with its reason. */
export function admitRow(row: UsageRow, stats: ReadStats, file: string, line?: number): boolean {
  const issue = usageRowIssue(row);
  if (issue === undefined) return true;
  skip(stats, issue, file, line);
  return false;
}

/** Keep at most this many skip records per pass; the rest are only counted. */
export const MAX_SKIP_RECORDS = 1000;

export function newStats(): ReadStats {
  return { files: 0, rows: 0, skipped: [] };
}

export function skip(stats: ReadStats, reason: string, file: string, line?: number): void {
  if (stats.skipped.length < MAX_SKIP_RECORDS) {
    stats.skipped.push(line === undefined ? { reason, file } : { reason, file, line });
  } else {
    stats.skippedNotListed = (stats.skippedNotListed ?? 0) + 1;
  }
}

/** Lines skipped in total, listed or not. */
export function skippedCount(stats: ReadStats): number {
  return stats.skipped.length + (stats.skippedNotListed ?? 0);
}

/** A log line as a JSON object; anything else is counted as skipped (with why) and gives undefined. */
export function parseObjectLine(text: string, stats: ReadStats, file: string, line: number): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    skip(stats, 'malformed JSON', file, line);
    return undefined;
  }
  if (isRecord(value)) return value;
  skip(stats, 'not a JSON object', file, line);
  return undefined;
}

/** Skips grouped by reason, most frequent first, each with its first place: what a summary shows. */
export interface SkipSummary {
  readonly reason: string;
  readonly count: number;
  readonly file: string;
  readonly line?: number;
}

/** `3 × recorded cost is negative (-5) (first at s.jsonl:1)`; `shortPath` shortens the file for display. */
export function describeSkipSummary(summary: SkipSummary, shortPath: (file: string) => string = (file) => file): string {
  const where = summary.file ? ` (first at ${shortPath(summary.file)}${summary.line ? `:${summary.line}` : ''})` : '';
  return `${formatCount(summary.count)} × ${summary.reason}${where}`;
}

export function summarizeSkips(stats: ReadStats): SkipSummary[] {
  const byReason = new Map<string, { count: number; file: string; line?: number }>();
  for (const { reason, file, line } of stats.skipped) {
    const held = byReason.get(reason);
    if (held) held.count++;
    else byReason.set(reason, { count: 1, file, line });
  }
  const summary = [...byReason].map(([reason, where]) => ({ reason, ...where }));
  if (stats.skippedNotListed) summary.push({ reason: 'more of the reasons above', count: stats.skippedNotListed, file: '' });
  return summary.sort((a, b) => b.count - a.count);
}
