// Billing modes: the same model billed at other rates because the request asked for it (Claude's fast mode, OpenAI's
// priority and flex processing, which Codex records as the thread's service tier). A mode
// is priced only where a price for it is kept here, with its source; a mode without one has no price, never the
// standard rate. Anthropic's prompt-caching multipliers apply on top of a mode's input price, as its pricing page says
// ("fast mode pricing stacks with other pricing modifiers": cache reads 0.1×, 5-minute writes 1.25×, 1-hour writes 2×
// the input price; https://platform.claude.com/docs/en/about-claude/pricing).
import type { PricedModel } from './costProjection';
import type { PriceTier, Rates } from './types';

/** How a request was billed besides the standard rate, as the agent's log names it (`fast`). */
export type BillingMode = string;

const LABELS: Readonly<Record<string, string>> = { fast: 'fast mode', priority: 'priority processing', flex: 'flex processing' };

/** A mode's name for people: `fast mode`, `priority processing`. */
export function billingModeLabel(mode: BillingMode): string {
  return LABELS[mode] ?? `${mode} mode`;
}

interface ModePrices {
  readonly rates: Rates;
  readonly tiers?: readonly PriceTier[];
  /** Where the numbers come from. */
  readonly source: string;
  /** Priced only up to the model's long-context threshold (its first tier): above it the mode has no price. */
  readonly standardContextOnly?: boolean;
}

const anthropic = (input: number, output: number): Rates => ({
  input,
  output,
  cacheRead: input * 0.1,
  cacheWrite: input * 1.25,
  cacheWrite1h: input * 2,
});

const FAST_MODE_PAGE = 'https://platform.claude.com/docs/en/build-with-claude/fast-mode';
const PRIORITY_PAGE = 'https://openai.com/api-priority-processing/ (retrieved 2026-12-03)';
const FLEX_PAGE = 'https://developers.openai.com/api/docs/guides/flex-processing';

/** OpenAI's priority price table: input, cached input, output, USD per million; it "excludes long context". */
const priority = (input: number, cacheRead: number, output: number): ModePrices => ({
  rates: { input, cacheRead, output },
  source: PRIORITY_PAGE,
  standardContextOnly: true,
});

/** Per catalog key (`provider/id`), per mode. */
const MODE_PRICES: Readonly<Record<string, Readonly<Record<BillingMode, ModePrices>>>> = {
  // "6x standard Opus rates for prompts ≤200K tokens, and 12x for prompts >200K": $30 / $150, above 200K $60 / $225.
  'anthropic/claude-opus-4-6': {
    fast: { rates: anthropic(30, 150), tiers: [{ aboveInputTokens: 200_000, rates: anthropic(60, 225) }], source: FAST_MODE_PAGE },
  },
  // Fast mode at 6x, as Anthropic priced it until its removal on July 24, 2026 (OpenRouter's listing of Anthropic's price).
  'anthropic/claude-opus-4-7': { fast: { rates: anthropic(30, 150), source: 'https://openrouter.ai/anthropic/claude-opus-4.7-fast' } },
  // $10 / $50: Anthropic's Opus 4.8 announcement, and GitHub's own credit table ("Claude Opus 4.8 fast").
  'anthropic/claude-opus-4-8': {
    fast: { rates: anthropic(10, 50), source: 'https://github.com/github/docs/blob/main/data/tables/copilot/models-and-pricing.yml' },
  },
  // 2x Opus 5's rates (OpenRouter's listing of Anthropic's price, anthropic/claude-opus-5-fast).
  'anthropic/claude-opus-5': { fast: { rates: anthropic(10, 50), source: 'https://openrouter.ai/anthropic/claude-opus-5-fast' } },
  'openai/gpt-5.5': { priority: priority(12.5, 1.25, 75) },
  'openai/gpt-5.4': { priority: priority(5, 0.5, 30) },
  'openai/gpt-5.4-mini': { priority: priority(1.5, 0.15, 9) },
  'openai/gpt-5.2': { priority: priority(3.5, 0.35, 28) },
  // GPT-5.1 codex and GPT-5 codex are priced with GPT-5.1 and GPT-5 on the page, as in the catalog.
  'openai/gpt-5.1': { priority: priority(2.5, 0.25, 20) },
  'openai/gpt-5': { priority: priority(2.5, 0.25, 20) },
  'openai/gpt-5-mini': { priority: priority(0.45, 0.045, 3.6) },
  'openai/gpt-4.1': { priority: priority(3.5, 0.875, 14) },
  'openai/gpt-4.1-mini': { priority: priority(0.7, 0.175, 2.8) },
  'openai/gpt-4.1-nano': { priority: priority(0.2, 0.05, 0.8) },
  'openai/gpt-4o': { priority: priority(4.25, 2.125, 17) },
  'openai/gpt-4o-mini': { priority: priority(0.25, 0.125, 1) },
};

const half = (rates: Rates): Rates => Object.fromEntries(Object.entries(rates).map(([kind, rate]) => [kind, rate / 2])) as Rates;

/**
 * OpenAI's flex processing: "Tokens are priced at Batch API rates" (half the standard ones, cached input included).
 * It runs on a few models only and refuses the others, so a request the log records as flex was priced so.
 */
function flexPrices(model: PricedModel & { readonly key?: string }): ModePrices | undefined {
  if (!model.key?.startsWith('openai/')) return undefined;
  return { rates: half(model.rates), tiers: model.tiers?.map((tier) => ({ ...tier, rates: half(tier.rates) })), source: FLEX_PAGE };
}

function modePrices(model: PricedModel & { readonly key?: string }, mode: BillingMode): ModePrices | undefined {
  const kept = model.key === undefined ? undefined : MODE_PRICES[model.key]?.[mode];
  return kept ?? (mode === 'flex' ? flexPrices(model) : undefined);
}

/**
 * The prices of `model` in `mode`, or undefined when no price for that mode is known (or the model is unknown). The
 * standard mode is the model itself.
 */
export function pricesInMode<T extends PricedModel & { readonly key?: string }>(
  model: T | undefined,
  mode: BillingMode | undefined,
): T | undefined {
  if (!model || mode === undefined || mode === 'standard') return model;
  const prices = modePrices(model, mode);
  if (!prices) return undefined;
  const limit = prices.standardContextOnly ? model.tiers?.[0]?.aboveInputTokens : undefined;
  return {
    ...model,
    rates: prices.rates,
    tiers: prices.tiers ?? [],
    priceSets: undefined,
    ...(limit === undefined ? {} : { maxInputTokens: limit }),
  };
}
