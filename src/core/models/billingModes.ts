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
}

const anthropic = (input: number, output: number): Rates => ({
  input,
  output,
  cacheRead: input * 0.1,
  cacheWrite: input * 1.25,
  cacheWrite1h: input * 2,
});

const FAST_MODE_PAGE = 'https://platform.claude.com/docs/en/build-with-claude/fast-mode';

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
};

/**
 * The prices of `model` in `mode`, or undefined when no price for that mode is known (or the model is unknown). The
 * standard mode is the model itself.
 */
export function pricesInMode<T extends PricedModel & { readonly key?: string }>(
  model: T | undefined,
  mode: BillingMode | undefined,
): T | undefined {
  if (!model || mode === undefined || mode === 'standard') return model;
  const prices = model.key === undefined ? undefined : MODE_PRICES[model.key]?.[mode];
  if (!prices) return undefined;
  return { ...model, rates: prices.rates, tiers: prices.tiers ?? [], priceSets: undefined };
}

/** Where a mode's prices for a model come from, for tooltips; undefined when none are kept. */
export function modePriceSource(modelKey: string, mode: BillingMode): string | undefined {
  return MODE_PRICES[modelKey]?.[mode]?.source;
}
