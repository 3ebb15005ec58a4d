// One billed request, as the spend ledger keeps it: who sent it, on which model, its tokens, and what it cost.
// A cost that is not known stays undefined (its tokens counted as unpriced); it is never written down as $0.
import { createHash } from 'node:crypto';
import { ENTRY_LIMITS, premiumRequestsIssue, timeMsIssue, tokenCountIssue, usdIssue, type Entry } from '../input/entryRules';
import { NO_TOKENS, TOKEN_KINDS, totalTokens, type TokenCounts, type TokenKind } from '../tokens/tokenKinds';

/**
 * Where a cost comes from: `recorded` by the agent in its own log, `calculated` from the recorded tokens with the
 * bundled prices, or `estimated` from a local token count (the tokens themselves are estimates).
 */
export type CostBasis = 'recorded' | 'calculated' | 'estimated';

export const COST_BASES: readonly CostBasis[] = ['recorded', 'calculated', 'estimated'];

/** An event this far past now is in the future (kept, counted when its time comes), not a clock a little ahead. */
export const FUTURE_MARGIN_MS = 5 * 60_000;

/** A ledger event's tokens: every kind of the one definition. */
export type SpendTokens = TokenCounts;

export interface SpendEvent {
  /** Stable across re-imports of the same request: the ledger de-duplicates by it. */
  readonly id: string;
  /** When the request was made: ISO 8601 in UTC (`2026-11-24T09:30:00.000Z`). */
  readonly time: string;
  /** Who sent it: `claude-code`, `codex`, `gemini-cli`, `cline`, `roo-code`, `kilo-code`, `manual`, … */
  readonly source: string;
  /** The agent's session (conversation) id, when it has one. */
  readonly sessionId?: string;
  /** The project folder the request was made in, when known. */
  readonly project?: string;
  /** The model id as the source named it. */
  readonly model: string;
  readonly tokens: SpendTokens;
  /** The cost in USD; undefined when it is not known. */
  readonly usd: number | undefined;
  readonly costBasis: CostBasis;
  /** The prices a calculated or estimated cost used, e.g. `@pydantic/genai-prices 0.1.8 2026-11-24`. */
  readonly priceSnapshot?: string;
  /** Tokens the cost does not cover because their price is unknown (all of them when `usd` is undefined). */
  readonly unpricedTokens: number;
  /**
   * The low end of an estimated cost whose source leaves part of the price open (Copilot records no cached-input
   * split): `usd` is then the high end, every input token billed uncached.
   */
  readonly usdLow?: number;
  /**
   * The premium requests the request uses on Copilot's legacy request-based billing: one prompt times its model's
   * multiplier (Copilot Chat), or as Copilot CLI recorded them. Undefined when not known or not a Copilot request.
   */
  readonly premiumRequests?: number;
  /** The billing mode that priced the request besides the standard rate (Claude's `fast`); absent for the standard rate. */
  readonly billingMode?: string;
  /** The session's title as the agent's file has it (Copilot Chat: its own title, else its first prompt's words). */
  readonly sessionTitle?: string;
  /**
   * Set on a correction: the id of the event it takes back (a recorded prompt undone). The ledger is append-only, so
   * an undo is a new line; `withCorrections` drops both.
   */
  readonly voids?: string;
  /**
   * Set on a re-priced copy: when the user re-priced the history with the prices then in force. Of two copies with the
   * same tokens the later re-price wins (`moreComplete`), so a re-price is a new line and the old price stays on disk.
   */
  readonly repricedAt?: string;
}

const MAX_TEXT = ENTRY_LIMITS.maxTextLength;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** A checked event, or why it is not one. */
type Checked = { readonly event: SpendEvent; readonly error?: undefined } | { readonly event?: undefined; readonly error: string };

/**
 * Events this module built and checked. They are frozen, so they stay valid: the ledger appends them without
 * checking them a second time (an ingest checks each event once, where it is made).
 */
const CHECKED = new WeakSet<object>();

/** Whether `event` is one this module checked (and froze): a valid event as it stands. */
export function isCheckedSpendEvent(event: unknown): event is SpendEvent {
  return typeof event === 'object' && event !== null && CHECKED.has(event);
}

/** Reads an event from parsed JSON; undefined when it is not a valid event. Unknown fields are dropped. */
export function parseSpendEvent(json: unknown): SpendEvent | undefined {
  return checkSpendEvent(json).event;
}

/** Why `json` is not a valid event; undefined when it is one. */
export function explainSpendEvent(json: unknown): string | undefined {
  return checkSpendEvent(json).error;
}

/** The valid event `json` describes (checked, normalised, frozen), or why it is not one. */
export function checkSpendEvent(json: unknown): Checked {
  if (isCheckedSpendEvent(json)) return { event: json };
  if (!isRecord(json)) return { error: 'not an object' };
  const id = requiredText(json.id);
  if (id === undefined) return { error: 'no id' };
  const time = parseTime(json.time);
  if (time === undefined) return { error: 'no valid time (ISO 8601 with a zone)' };
  const source = requiredText(json.source);
  if (source === undefined) return { error: 'no source' };
  const model = requiredText(json.model);
  if (model === undefined) return { error: 'no model' };
  const sessionId = optionalText(json.sessionId);
  if (sessionId === null) return { error: 'sessionId is not text' };
  const project = optionalText(json.project);
  if (project === null) return { error: 'project is not text' };
  const priceSnapshot = optionalText(json.priceSnapshot);
  if (priceSnapshot === null) return { error: 'priceSnapshot is not text' };
  const voids = optionalText(json.voids);
  if (voids === null) return { error: 'voids is not text' };
  const sessionTitle = optionalText(json.sessionTitle);
  if (sessionTitle === null) return { error: 'sessionTitle is not text' };
  const billingMode = optionalText(json.billingMode);
  if (billingMode === null) return { error: 'billingMode is not text' };
  const repricedAt = json.repricedAt === undefined || json.repricedAt === null ? undefined : parseTime(json.repricedAt);
  if (repricedAt === undefined && json.repricedAt !== undefined && json.repricedAt !== null) {
    return { error: 'repricedAt is not a valid time (ISO 8601 with a zone)' };
  }
  let usdLow: number | undefined;
  if (json.usdLow !== undefined && json.usdLow !== null) {
    const issue =
      typeof json.usdLow === 'number' ? usdIssue(json.usdLow, 'low end of the cost') : 'the low end of the cost is not a number';
    if (issue) return { error: issue };
    usdLow = json.usdLow as number;
  }
  let premiumRequests: number | undefined;
  if (json.premiumRequests !== undefined && json.premiumRequests !== null) {
    const issue =
      typeof json.premiumRequests === 'number' ? premiumRequestsIssue(json.premiumRequests) : 'premium requests is not a number';
    if (issue) return { error: issue };
    premiumRequests = json.premiumRequests as number;
  }
  const parsedTokens = parseTokens(json.tokens);
  if (parsedTokens.reason !== undefined) return { error: parsedTokens.reason };
  const tokens = parsedTokens.value;
  let usd: number | undefined;
  if (json.usd !== undefined && json.usd !== null) {
    const issue = typeof json.usd === 'number' ? usdIssue(json.usd) : 'cost is not a number';
    if (issue) return { error: issue };
    usd = json.usd as number;
  }
  const costBasis = json.costBasis;
  if (typeof costBasis !== 'string' || !(COST_BASES as readonly string[]).includes(costBasis)) return { error: 'no valid costBasis' };
  if (costBasis === 'recorded' && usd === undefined) return { error: 'a recorded cost has no usd' };
  let unpricedTokens: number;
  if (json.unpricedTokens === undefined || json.unpricedTokens === null) unpricedTokens = usd === undefined ? totalTokens(tokens) : 0;
  else if (isCount(json.unpricedTokens) && json.unpricedTokens <= totalTokens(tokens)) unpricedTokens = json.unpricedTokens;
  else return { error: 'unpricedTokens is not a count' };
  // Assigned rather than spread: this runs for every event an ingest makes and every line a ledger read reads.
  const event: { -readonly [K in keyof SpendEvent]: SpendEvent[K] } = {
    id,
    time,
    source,
    model,
    tokens,
    usd,
    costBasis: costBasis as CostBasis,
    unpricedTokens,
  };
  if (sessionId !== undefined) event.sessionId = sessionId;
  if (project !== undefined) event.project = project;
  if (priceSnapshot !== undefined) event.priceSnapshot = priceSnapshot;
  if (voids !== undefined) event.voids = voids;
  if (usdLow !== undefined) {
    if (usd === undefined || usdLow > usd) return { error: 'the low end of the cost is not at or below the cost' };
    event.usdLow = usdLow;
  }
  if (premiumRequests !== undefined) event.premiumRequests = premiumRequests;
  if (billingMode !== undefined) event.billingMode = billingMode;
  if (sessionTitle !== undefined) event.sessionTitle = sessionTitle;
  if (repricedAt !== undefined) event.repricedAt = repricedAt;
  Object.freeze(tokens);
  CHECKED.add(Object.freeze(event));
  return { event };
}

/** The event as one JSON line (without the newline), fields in a fixed order; an unknown cost is left out. */
export function serializeSpendEvent(event: SpendEvent): string {
  return JSON.stringify({
    id: event.id,
    time: event.time,
    source: event.source,
    sessionId: event.sessionId,
    project: event.project,
    model: event.model,
    tokens: event.tokens,
    usd: event.usd,
    costBasis: event.costBasis,
    priceSnapshot: event.priceSnapshot,
    unpricedTokens: event.unpricedTokens,
    usdLow: event.usdLow,
    premiumRequests: event.premiumRequests,
    billingMode: event.billingMode,
    sessionTitle: event.sessionTitle,
    voids: event.voids,
    repricedAt: event.repricedAt,
  });
}

/** The events with corrections applied: an event a later correction takes back is dropped, and so is the correction. */
export function withCorrections<T extends SpendEvent>(events: readonly T[]): T[] {
  const voided = new Set<string>();
  for (const event of events) if (event.voids !== undefined) voided.add(event.voids);
  if (voided.size === 0) return [...events];
  return events.filter((event) => event.voids === undefined && !voided.has(event.id));
}

/** A correction that takes `event` back: no tokens, no cost, the same source, session and model. */
export function correctionFor(event: SpendEvent, time: Date): SpendEvent {
  const checked = checkSpendEvent({
    id: spendEventId('correction', event.id),
    time: time.toISOString(),
    source: event.source,
    sessionId: event.sessionId,
    project: event.project,
    model: event.model,
    tokens: {},
    usd: 0,
    costBasis: 'recorded',
    voids: event.id,
  });
  if (!checked.event) throw new Error(`cannot correct ${event.id}: ${checked.error}`);
  return checked.event;
}

/** The tokens an event's cost does not cover: all of them when the cost is unknown. */
export function unpricedTokensOf(event: Pick<SpendEvent, 'tokens' | 'usd' | 'unpricedTokens'>): number {
  return event.usd === undefined ? Math.max(event.unpricedTokens, totalTokens(event.tokens)) : event.unpricedTokens;
}

/**
 * Of two copies of one event, the one to keep: a log row is written again as it grows (a streamed answer, a row
 * updated in place), so the copy with the most tokens is the complete one; equal copies keep the first.
 */
export function moreComplete(first: SpendEvent, second: SpendEvent): SpendEvent {
  return laterCopyWins(copyRank(first), copyRank(second)) ? second : first;
}

/** What decides between two copies of one event: its token total, then when it was re-priced (0: never). */
export interface CopyRank {
  readonly tokens: number;
  readonly repricedMs: number;
}

export function copyRank(event: Pick<SpendEvent, 'tokens' | 'repricedAt'>): CopyRank {
  return { tokens: totalTokens(event.tokens), repricedMs: event.repricedAt === undefined ? 0 : Date.parse(event.repricedAt) };
}

/** Whether a copy read later replaces the one kept: more tokens, or the same tokens re-priced later. */
export function laterCopyWins(kept: CopyRank, later: CopyRank): boolean {
  return later.tokens > kept.tokens || (later.tokens === kept.tokens && later.repricedMs > kept.repricedMs);
}

/**
 * A stable event id from the parts that identify a request in its source (e.g. source, session id, message id):
 * the same parts give the same id on every import, so re-reading a log adds nothing twice.
 */
export function spendEventId(...parts: readonly (string | number | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part === undefined ? '' : String(part)}\u0000`);
  return hash.digest('hex').slice(0, 32);
}

const COUNT_LABELS = Object.fromEntries(TOKEN_KINDS.map((kind) => [kind, `${kind} token count`])) as Record<TokenKind, string>;

/** Token counts from outside, by kind (absent kinds are 0), or why they are not counts. */
export function parseTokens(value: unknown): Entry<SpendTokens> {
  if (value === undefined || value === null) return { value: NO_TOKENS };
  if (!isRecord(value)) return { reason: 'tokens are not counts' };
  const tokens: Record<string, number> = {};
  for (const kind of TOKEN_KINDS) {
    const count = value[kind];
    if (count === undefined || count === null) tokens[kind] = 0;
    else {
      const issue = typeof count === 'number' ? tokenCountIssue(count, COUNT_LABELS[kind]) : `${COUNT_LABELS[kind]} is not a number`;
      if (issue) return { reason: issue };
      tokens[kind] = count as number;
    }
  }
  return { value: tokens as unknown as SpendTokens };
}

/** `toISOString()`'s own form: most times, as the readers normalise them. */
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function parseTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (CANONICAL_TIME.test(value)) {
    // A date that rolled over (February 30th) does not print back as itself.
    const ms = Date.parse(value);
    if (Number.isFinite(ms) && new Date(ms).toISOString() === value) return timeMsIssue(ms) === undefined ? value : undefined;
  }
  if (!ISO_TIME.test(value)) return undefined;
  // Date.parse rolls over impossible dates (February 30th becomes March 2nd): refuse them.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const ms = Date.parse(value);
  return timeMsIssue(ms) === undefined ? new Date(ms).toISOString() : undefined;
}

function requiredText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_TEXT ? value : undefined;
}

/** Undefined when absent or empty, null when present but not text. */
function optionalText(value: unknown): string | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' && value.length <= MAX_TEXT ? value : null;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
