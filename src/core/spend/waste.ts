// Where money went for little: the prompt cache's savings and its writes nobody read, sessions whose context keeps
// growing, and what the same requests would have cost on another model. Priced with the catalog's rates (the events
// carry totals, not costs per kind of token); a model the catalog does not know is left out and counted.
import type { CatalogModel, PriceCatalog } from '../models/catalog';
import { priceRequest, rateFor, tierFor, type PricedModel } from '../models/costProjection';
import { COPILOT_SOURCES, copilotCreditPrices } from '../models/copilotCredits';
import { tokenizerFor, type TokenizerSpec } from '../models/tokenizers';
import type { TokenizerFactors } from '../models/tokenizerFactors';
import { INPUT_TOKEN_KINDS, TOKEN_KINDS, type TokenCounts, type TokenKind } from '../tokens/tokenKinds';
import { requestPrices } from './eventPricing';
import type { SpendEvent } from './spendEvent';

/** How long a cache write can be read: Anthropic's prompt caching, 5 minutes by default or 1 hour. */
export const CACHE_LIFETIME_MS = { cacheWrite: 5 * 60_000, cacheWrite1h: 60 * 60_000 } as const;

export interface CacheReport {
  /** Input tokens of every kind (uncached, cache reads, cache writes). */
  readonly inputTokens: number;
  readonly cacheReadTokens: number;
  /** Cache reads over all input, 0 to 1; undefined without input. */
  readonly servedFromCache: number | undefined;
  /** What the cache reads would have cost at the input rate, less what they cost. */
  readonly savedUsd: number;
  /** Cache writes no later request of the same session read within their lifetime. */
  readonly unreadWrites: { readonly tokens: number; readonly usd: number; readonly requests: number };
}

export interface RunawaySession {
  readonly source: string;
  readonly sessionId: string;
  readonly requests: number;
  /** Input per request (every input kind) at the start and at the end. */
  readonly firstInput: number;
  readonly lastInput: number;
  /** Input sent again: each request's input up to the previous one's size. */
  readonly resentTokens: number;
  /** What the re-sent input cost, at each request's own input rates. */
  readonly resentUsd: number;
}

export interface WasteReport {
  /** For the range, and per session (highest unread-write cost first). */
  readonly cache: CacheReport;
  readonly cacheBySession: readonly (CacheReport & { readonly source: string; readonly sessionId: string })[];
  readonly runaway: readonly RunawaySession[];
  /** Events left out because the catalog has no prices for their model. */
  readonly unknownModels: number;
}

/** A runaway session has at least this many requests, and its last third sends at least this many times the first's. */
const RUNAWAY_MIN_REQUESTS = 6;
const RUNAWAY_GROWTH = 2;

const sessionKey = (event: SpendEvent) => (event.sessionId === undefined ? undefined : `${event.source}\u0000${event.sessionId}`);
const inputOf = (tokens: TokenCounts) => INPUT_TOKEN_KINDS.reduce((sum, kind) => sum + tokens[kind], 0);

/** USD per token of each kind for a request of this size (its price tier applies); undefined where unknown. */
function ratesOf(model: PricedModel, tokens: TokenCounts): Partial<Record<TokenKind, number>> {
  const tier = tierFor(model, inputOf(tokens));
  const rates: Partial<Record<TokenKind, number>> = {};
  for (const kind of TOKEN_KINDS) {
    const rate = rateFor(model, kind, tier);
    if (rate !== undefined) rates[kind] = rate / 1_000_000;
  }
  return rates;
}

class CacheTally {
  inputTokens = 0;
  cacheReadTokens = 0;
  savedUsd = 0;
  unread = { tokens: 0, usd: 0, requests: 0 };
  report(): CacheReport {
    return {
      inputTokens: this.inputTokens,
      cacheReadTokens: this.cacheReadTokens,
      servedFromCache: this.inputTokens > 0 ? this.cacheReadTokens / this.inputTokens : undefined,
      savedUsd: this.savedUsd,
      unreadWrites: { ...this.unread },
    };
  }
}

/** The waste in `events` (one range's), priced with `catalog`. */
export function analyzeWaste(events: readonly SpendEvent[], catalog: PriceCatalog): WasteReport {
  const range = new CacheTally();
  const perSession = new Map<string, { source: string; sessionId: string; tally: CacheTally; events: SpendEvent[] }>();
  let unknownModels = 0;
  const priced: { event: SpendEvent; ms: number; rates: Partial<Record<TokenKind, number>> }[] = [];
  for (const event of events) {
    // Copilot's requests are billed at GitHub's credit prices, not at the provider's.
    const model = COPILOT_SOURCES.includes(event.source)
      ? copilotCreditPrices(event.model)
      : requestPrices(catalog, event, Date.parse(event.time));
    if (!model) {
      unknownModels++;
      continue;
    }
    priced.push({ event, ms: Date.parse(event.time), rates: ratesOf(model, event.tokens) });
  }
  priced.sort((a, b) => a.ms - b.ms);
  for (const { event, rates } of priced) {
    const key = sessionKey(event);
    let session = key === undefined ? undefined : perSession.get(key);
    if (key !== undefined && !session) {
      session = { source: event.source, sessionId: event.sessionId!, tally: new CacheTally(), events: [] };
      perSession.set(key, session);
    }
    session?.events.push(event);
    // A request whose file does not split its cached input (Copilot Chat: its cost has a range) says nothing of the cache.
    if (event.usdLow !== undefined) continue;
    const saved = event.tokens.cacheRead * Math.max(0, (rates.input ?? 0) - (rates.cacheRead ?? rates.input ?? 0));
    for (const tally of session ? [range, session.tally] : [range]) {
      tally.inputTokens += inputOf(event.tokens);
      tally.cacheReadTokens += event.tokens.cacheRead;
      tally.savedUsd += saved;
    }
  }
  // A write is read when a later request of the session reads the cache within the write's lifetime.
  const ratesById = new Map(priced.map((entry) => [entry.event, entry]));
  for (const session of perSession.values()) {
    session.events.forEach((event, index) => {
      const { ms, rates } = ratesById.get(event)!;
      for (const kind of ['cacheWrite', 'cacheWrite1h'] as const) {
        const written = event.tokens[kind];
        if (written === 0) continue;
        // The session's requests are in time order: look only as far as the write's lifetime reaches.
        let read = false;
        for (let j = index + 1; j < session.events.length && !read; j++) {
          const later = session.events[j];
          if (ratesById.get(later)!.ms - ms > CACHE_LIFETIME_MS[kind]) break;
          read = later.tokens.cacheRead > 0;
        }
        if (read) continue;
        const usd = written * (rates[kind] ?? 0);
        for (const tally of [range, session.tally]) {
          tally.unread.tokens += written;
          tally.unread.usd += usd;
          tally.unread.requests++;
        }
      }
    });
  }
  const runaway: RunawaySession[] = [];
  for (const session of perSession.values()) {
    const found = runawayOf(session.events, (event) => ratesById.get(event)!.rates);
    if (found) runaway.push({ source: session.source, sessionId: session.sessionId, ...found });
  }
  return {
    cache: range.report(),
    cacheBySession: [...perSession.values()]
      .map((session) => ({ source: session.source, sessionId: session.sessionId, ...session.tally.report() }))
      .filter((report) => report.inputTokens > 0)
      .sort((a, b) => b.unreadWrites.usd - a.unreadWrites.usd || b.savedUsd - a.savedUsd),
    runaway: runaway.sort((a, b) => b.resentUsd - a.resentUsd),
    unknownModels,
  };
}

function runawayOf(
  events: readonly SpendEvent[],
  ratesOfEvent: (event: SpendEvent) => Partial<Record<TokenKind, number>>,
): Omit<RunawaySession, 'source' | 'sessionId'> | undefined {
  if (events.length < RUNAWAY_MIN_REQUESTS) return undefined;
  const sizes = events.map((event) => inputOf(event.tokens));
  const third = Math.floor(sizes.length / 3);
  const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
  const first = mean(sizes.slice(0, third));
  const last = mean(sizes.slice(-third));
  if (!(first > 0) || last < first * RUNAWAY_GROWTH) return undefined;
  let resentTokens = 0;
  let resentUsd = 0;
  for (let i = 1; i < events.length; i++) {
    const resent = Math.min(sizes[i], sizes[i - 1]);
    if (resent === 0) continue;
    // The re-sent part costs what the request's input cost on average per token.
    const rates = ratesOfEvent(events[i]);
    const inputUsd = INPUT_TOKEN_KINDS.reduce((sum, kind) => sum + events[i].tokens[kind] * (rates[kind] ?? 0), 0);
    resentTokens += resent;
    resentUsd += (inputUsd / sizes[i]) * resent;
  }
  return { requests: events.length, firstInput: sizes[0], lastInput: sizes[sizes.length - 1], resentTokens, resentUsd };
}

export interface RepricedSpend {
  readonly model: CatalogModel;
  /** What the events cost as recorded or calculated. */
  readonly actualUsd: number;
  /** The same requests on `model`: the token counts scaled by the two tokenizers' ratio, low to high. */
  readonly low: number;
  readonly expected: number;
  readonly high: number;
  /** Whether the tokenizer difference is an estimate (either tokenizer is not public). */
  readonly estimate: boolean;
  /** Requests priced, and left out (no known cost, or a target without a rate they need). */
  readonly requests: number;
  readonly leftOut: number;
}

/** The ratio of `to`'s token count to `from`'s for the same text, low to high (1 when both are the same exact one). */
function tokenizerRatio(from: TokenizerSpec, to: TokenizerSpec): { low: number; expected: number; high: number } {
  const span = (spec: TokenizerSpec) =>
    spec.kind === 'exact' ? { low: 1, expected: 1, high: 1 } : { low: spec.low, expected: spec.factor, high: spec.high };
  if (from.kind === 'exact' && to.kind === 'exact') return { low: 1, expected: 1, high: 1 };
  const a = span(from);
  const b = span(to);
  return { low: b.low / a.high, expected: b.expected / a.expected, high: b.high / a.low };
}

/**
 * The tokens as `model` would bill them: cache kinds it has no price for are plain input there (OpenAI, say, bills
 * no cache writes, and a model without caching reads everything as input).
 */
function asBilledBy(model: CatalogModel, tokens: TokenCounts): TokenCounts {
  const billed = { ...tokens };
  for (const kind of ['cacheWrite', 'cacheWrite1h', 'cacheRead'] as const) {
    if (model.rates[kind] !== undefined || billed[kind] === 0) continue;
    billed.input += billed[kind];
    billed[kind] = 0;
  }
  return billed;
}

/** The events' requests re-priced on `model`: "the same work on another model". */
export function repriceOnModel(events: readonly SpendEvent[], model: CatalogModel, factors?: TokenizerFactors): RepricedSpend {
  const target = tokenizerFor(model.id, factors);
  const totals = { actualUsd: 0, low: 0, expected: 0, high: 0, requests: 0, leftOut: 0 };
  let estimate = false;
  for (const event of events) {
    const ratio = tokenizerRatio(tokenizerFor(event.model, factors), target);
    if (ratio.low !== 1 || ratio.high !== 1) estimate = true;
    const tokens = asBilledBy(model, event.tokens);
    const costs = (['low', 'expected', 'high'] as const).map((end) => {
      const scaled = Object.fromEntries(TOKEN_KINDS.map((kind) => [kind, Math.round(tokens[kind] * ratio[end])])) as TokenCounts;
      return priceRequest(model, scaled);
    });
    if (event.usd === undefined || costs.some((cost) => cost.usd === undefined || cost.unpricedTokens > 0)) {
      totals.leftOut++;
      continue;
    }
    totals.requests++;
    totals.actualUsd += event.usd;
    totals.low += costs[0].usd!;
    totals.expected += costs[1].usd!;
    totals.high += costs[2].usd!;
  }
  return { model, estimate, ...totals };
}
