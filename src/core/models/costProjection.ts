// What a prompt will cost: token counts × per-million rates, with price tiers, prompt caching and reasoning.
// An unknown rate leaves its tokens unpriced (counted in `unpricedTokens`); it never costs $0.
import { modelTokens, tokenizerFor, type TokenizerSpec, type TokenRange } from './tokenizers';
import type { TokenizerFactors } from './tokenizerFactors';
import { inputTokens as sentTokens, TOKEN_KINDS, type TokenCounts } from '../tokens/tokenKinds';
import type { PriceSet, PriceTier, RateName, Rates } from './types';

/** The pricing part of a catalog model. */
export interface PricedModel {
  readonly id: string;
  readonly rates: Rates;
  readonly tiers?: readonly PriceTier[];
  /** Dated or timed price sets (see `pricesAt`); `rates` and `tiers` are the headline set. */
  readonly priceSets?: readonly PriceSet[];
  /** Prices that hold only up to this many input tokens (a billing mode without long context): above, none. */
  readonly maxInputTokens?: number;
}

const DAY_MS = 86_400_000;

/**
 * The model's prices in force at `atMs`: the last of its price sets whose conditions hold then, else its first, as
 * the price data resolves them. A model without price sets has one price.
 */
export function pricesAt<T extends PricedModel>(model: T, atMs: number): T {
  const sets = model.priceSets;
  if (!sets || sets.length === 0 || !Number.isFinite(atMs)) return model;
  const day = new Date(atMs).toISOString().slice(0, 10);
  const minute = Math.floor((((atMs % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  let chosen = sets[0];
  for (let index = sets.length - 1; index > 0; index--) {
    if (holds(sets[index], day, minute)) {
      chosen = sets[index];
      break;
    }
  }
  return { ...model, rates: chosen.rates, tiers: chosen.tiers ?? [] };
}

function holds(set: PriceSet, day: string, minute: number): boolean {
  if (set.from !== undefined && day < set.from) return false;
  if (set.minutesUtc) {
    const [start, end] = set.minutesUtc;
    const inside = end < start ? minute >= start || minute < end : minute >= start && minute < end;
    if (!inside) return false;
  }
  return true;
}

/** One request's tokens, in the model's own tokens, by kind: `input` always, the other kinds where there are any. */
export type RequestTokens = Partial<TokenCounts> & { readonly input: number };

export interface CostLine {
  readonly kind: RateName;
  readonly tokens: number;
  /** USD per million tokens; undefined when unknown. */
  readonly rate: number | undefined;
  /** Undefined when the rate is unknown. */
  readonly usd: number | undefined;
}

export interface RequestCost {
  /** One line per kind of token with a non-zero count. */
  readonly lines: readonly CostLine[];
  /** Sum of the priced lines; undefined when nothing could be priced. Check `unpricedTokens` before calling it a total. */
  readonly usd: number | undefined;
  /** Tokens whose rate is unknown. */
  readonly unpricedTokens: number;
  /** Input tokens, cached ones included: what selects the tier. */
  readonly inputTokens: number;
  /** The tier that applied, if the input passed a threshold. */
  readonly tier: PriceTier | undefined;
}

/** The tier that applies to a request with `inputTokens` input tokens (cached ones included): the last one passed. */
export function tierFor(model: PricedModel, inputTokens: number): PriceTier | undefined {
  let applied: PriceTier | undefined;
  for (const tier of model.tiers ?? []) if (inputTokens > tier.aboveInputTokens) applied = tier;
  return applied;
}

/** The rate of one kind of token at a tier. Reasoning without a rate of its own is billed as output. */
export function rateFor(model: PricedModel, kind: RateName, tier: PriceTier | undefined): number | undefined {
  const own = tier?.rates[kind] ?? model.rates[kind];
  if (own !== undefined || kind !== 'reasoning') return own;
  return tier?.rates.output ?? model.rates.output;
}

/** Prices one request exactly. `model` undefined (not in the catalog) leaves every token unpriced. */
export function priceRequest(priced: PricedModel | undefined, tokens: RequestTokens): RequestCost {
  const inputTokens = sentTokens(tokens);
  const model = priced?.maxInputTokens !== undefined && inputTokens > priced.maxInputTokens ? undefined : priced;
  const tier = model ? tierFor(model, inputTokens) : undefined;
  const lines: CostLine[] = [];
  let usd: number | undefined;
  let unpricedTokens = 0;
  for (const kind of TOKEN_KINDS) {
    const count = tokens[kind] ?? 0;
    if (!(count > 0)) continue;
    const rate = model ? rateFor(model, kind, tier) : undefined;
    const cost = rate === undefined ? undefined : (count * rate) / 1_000_000;
    if (cost === undefined) unpricedTokens += count;
    else usd = (usd ?? 0) + cost;
    lines.push({ kind, tokens: count, rate, usd: cost });
  }
  // Nothing to price is free only for a model whose prices are known.
  if (lines.length === 0 && model) usd = 0;
  return { lines, usd, unpricedTokens, inputTokens, tier };
}

export interface UsdRange {
  readonly low: number | undefined;
  readonly expected: number | undefined;
  readonly high: number | undefined;
}

/** One scenario priced at the low, expected and high token counts (all equal when the count is exact). */
export interface ScenarioCost {
  readonly low: RequestCost;
  readonly expected: RequestCost;
  readonly high: RequestCost;
  readonly usd: UsdRange;
  /** Unpriced tokens at the expected count. */
  readonly unpricedTokens: number;
}

export interface CostProjectionInput {
  /** The prompt's tokens, counted with the model's tokenizer (the o200k_base count when the tokenizer is an estimate). */
  readonly promptTokens: number;
  /** Context files' tokens, counted the same way. */
  readonly contextTokens?: number;
  /** Expected visible output length in model tokens (a setting, see `expectedOutputFor`). */
  readonly expectedOutputTokens: number;
  /** Expected reasoning tokens, billed where the model bills them (at its reasoning rate, else as output). */
  readonly reasoningTokens?: number;
  /** Lifetime of the cache write in the cache-write scenario. Default `5m`. */
  readonly cacheWriteTtl?: '5m' | '1h';
}

export interface ProjectionOptions {
  /** Defaults to the model's tokenizer from `tokenizerFor`. */
  readonly tokenizer?: TokenizerSpec;
  readonly factors?: TokenizerFactors;
  /** Price with the prices in force at this instant (epoch ms), e.g. now; default: the catalog's headline prices. */
  readonly at?: number;
}

export interface CostProjection {
  readonly modelId: string | undefined;
  readonly tokenizer: TokenizerSpec;
  /** True when the token counts are estimates (results then differ between low, expected and high). */
  readonly estimate: boolean;
  readonly promptTokens: TokenRange;
  readonly contextTokens: TokenRange;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  /** Every input token at the input price: a first turn without caching. */
  readonly uncached: ScenarioCost;
  /** Context written to the cache on a first turn, for models that price cache writes; needs context tokens. */
  readonly cacheWrite: ScenarioCost | undefined;
  /** Context read from the cache, as on a follow-up turn; needs context tokens. */
  readonly cached: ScenarioCost | undefined;
}

/**
 * Projects a prompt's cost on a model: input (with the tier that applies), expected output, reasoning, and the cached-context
 * scenarios. `model` undefined (unknown to the catalog) projects tokens with every cost unknown.
 */
export function projectCost(
  catalogModel: (PricedModel & { readonly id: string }) | undefined,
  input: CostProjectionInput,
  options: ProjectionOptions = {},
): CostProjection {
  const model = catalogModel && options.at !== undefined ? pricesAt(catalogModel, options.at) : catalogModel;
  const tokenizer = options.tokenizer ?? tokenizerFor(model?.id ?? '', options.factors);
  const prompt = modelTokens(input.promptTokens, tokenizer);
  const context = modelTokens(input.contextTokens ?? 0, tokenizer);
  const output = input.expectedOutputTokens;
  const reasoning = input.reasoningTokens ?? 0;
  const scenario = (build: (at: keyof TokenRange) => RequestTokens): ScenarioCost => {
    const low = priceRequest(model, build('low'));
    const expected = priceRequest(model, build('expected'));
    const high = priceRequest(model, build('high'));
    return { low, expected, high, usd: { low: low.usd, expected: expected.usd, high: high.usd }, unpricedTokens: expected.unpricedTokens };
  };
  const hasContext = context.expected > 0;
  const ttl = input.cacheWriteTtl ?? '5m';
  const pricesCacheWrites =
    model !== undefined && (ttl === '1h' ? (model.rates.cacheWrite1h ?? model.rates.cacheWrite) : model.rates.cacheWrite) !== undefined;
  return {
    modelId: model?.id,
    tokenizer,
    estimate: tokenizer.kind !== 'exact',
    promptTokens: prompt,
    contextTokens: context,
    outputTokens: output,
    reasoningTokens: reasoning,
    uncached: scenario((at) => ({ input: prompt[at] + context[at], output, reasoning })),
    cacheWrite:
      hasContext && pricesCacheWrites
        ? scenario((at) =>
            ttl === '1h'
              ? { input: prompt[at], cacheWrite1h: context[at], output, reasoning }
              : { input: prompt[at], cacheWrite: context[at], output, reasoning },
          )
        : undefined,
    cached: hasContext ? scenario((at) => ({ input: prompt[at], cacheRead: context[at], output, reasoning })) : undefined,
  };
}

export interface ExpectedOutputSettings {
  /** Default expected output length in tokens. */
  readonly defaultTokens: number;
  /** Per-model overrides, keyed by model id or alias (case-insensitive). */
  readonly perModel?: Readonly<Record<string, number>>;
  /** Reasoning tokens expected from a model that always reasons (none from the others). Default 0. */
  readonly reasoningTokens?: number;
  /** Per-model reasoning, keyed by model id or alias (case-insensitive): replaces the default, for any model. */
  readonly reasoningPerModel?: Readonly<Record<string, number>>;
}

type NamedModel = { readonly id: string; readonly aliases?: readonly string[] } | string;

/** The entry of a per-model map for a model, by id or alias (case-insensitive), or undefined. */
function perModelValue(model: NamedModel, perModel: Readonly<Record<string, number>> | undefined): number | undefined {
  const names = typeof model === 'string' ? [model] : [model.id, ...(model.aliases ?? [])];
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  for (const [name, tokens] of Object.entries(perModel ?? {})) {
    if (wanted.has(name.toLowerCase()) && Number.isFinite(tokens) && tokens >= 0) return tokens;
  }
  return undefined;
}

/** The expected output length for a model: its override if one is set (by id or alias), else the default. */
export function expectedOutputFor(model: NamedModel, settings: ExpectedOutputSettings): number {
  return perModelValue(model, settings.perModel) ?? settings.defaultTokens;
}

/**
 * The expected reasoning of a model: its own entry if one is set (any model), else the default for a model that
 * always reasons, else none.
 */
export function expectedReasoningFor(model: NamedModel, settings: ExpectedOutputSettings, alwaysReasons: boolean): number {
  return perModelValue(model, settings.reasoningPerModel) ?? (alwaysReasons ? (settings.reasoningTokens ?? 0) : 0);
}

export interface CostTotal {
  /** Sum of the priced parts; undefined when no part had a price. */
  readonly usd: number | undefined;
  /** Tokens left out of `usd` because their price is unknown. */
  readonly unpricedTokens: number;
  /** True when every token was priced. */
  readonly complete: boolean;
}

/** Adds costs (request costs, expected scenario costs…): unknown parts are counted as unpriced tokens, never as $0. */
export function sumCosts(parts: readonly { readonly usd: number | undefined; readonly unpricedTokens: number }[]): CostTotal {
  let usd: number | undefined;
  let unpricedTokens = 0;
  let complete = true;
  for (const part of parts) {
    if (part.usd !== undefined) usd = (usd ?? 0) + part.usd;
    else complete = false;
    if (part.unpricedTokens > 0) complete = false;
    unpricedTokens += part.unpricedTokens;
  }
  return { usd, unpricedTokens, complete };
}
