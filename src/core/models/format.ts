// Money and model-line formatting for the UI. Always en-US, so tests and screenshots are stable.
import type { UsdRange } from './costProjection';
import type { TokenizerSpec } from './tokenizers';
import type { Rates } from './types';
import { formatCount } from '../text/format';

export const NO_PRICE = 'no price';

const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * USD for display: `$1.23`, `$12,345.00`, two significant digits below ten cents however small (`$0.0042`, `$0.012`,
 * `$0.000043`), and `no price` for an unknown amount (never `$0`).
 */
export function formatUsd(amount: number | undefined): string {
  if (amount === undefined || Number.isNaN(amount)) return NO_PRICE;
  if (amount < 0) return `-${formatUsd(-amount)}`;
  if (amount === 0) return '$0.00';
  if (amount < 0.1) {
    const digits = twoFigures(amount);
    // Rounding may carry into ten cents (0.0996 → 0.10): show it as cents then.
    if (digits < 0.1) return `$${digits.toFixed(Math.max(2, decimalsFor(digits)))}`;
  }
  return `$${cents.format(amount)}`;
}

const twoFigures = (amount: number) => Number(amount.toPrecision(2));
/** Decimals that show two significant figures of a rounded amount: 0.000043 → 6, 0.43 → 2, 4.3 → 1, 43 → 0. */
const decimalsFor = (rounded: number) => Math.max(0, 1 - Math.floor(Math.log10(rounded)));

/**
 * USD at two significant figures whatever the size, for comparing models side by side: `$0.000043`, `$0.0012`, `$0.43`,
 * `$4.3`, `$43`, `$1,200`; `$0` for nothing, `no price` when unknown.
 */
export function formatUsdFigures(amount: number | undefined): string {
  if (amount === undefined || Number.isNaN(amount)) return NO_PRICE;
  if (amount < 0) return `-${formatUsdFigures(-amount)}`;
  if (amount === 0) return '$0';
  const rounded = twoFigures(amount);
  if (rounded >= 100) return `$${Math.round(rounded).toLocaleString('en-US')}`;
  return `$${rounded.toFixed(decimalsFor(rounded))}`;
}

/** A price per million tokens, exact to the catalog's precision: `$3.00`, `$0.135`, `$0.0028`. */
export function formatRate(rate: number | undefined): string {
  if (rate === undefined || Number.isNaN(rate)) return NO_PRICE;
  const fixed = rate.toFixed(6).replace(/0+$/, '');
  const [whole, fraction = ''] = fixed.split('.');
  return `$${Number(whole).toLocaleString('en-US')}.${fraction.padEnd(2, '0')}`;
}

/** A token limit: `200K`, `128K` (131,072), `1M` (1,048,576 or 1,000,000), `1.05M`, `16.4K`; `?` when unknown. */
export function formatTokenLimit(tokens: number | undefined): string {
  if (tokens === undefined) return '?';
  // Powers of two read in binary units (131,072 → 128K), everything else in decimal ones (200,000 → 200K).
  if (tokens >= 1024 * 1024 && tokens % (1024 * 1024) === 0) return `${tokens / (1024 * 1024)}M`;
  if (tokens >= 1_000_000) return `${trim(tokens / 1_000_000)}M`;
  if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`;
  if (tokens >= 1000) return `${trim(tokens / 1000)}K`;
  return String(tokens);
}

function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** A projected amount: `$0.0042` when the token count is exact, `≈$0.0042` when it is an estimate; `no price` when unknown. */
export function formatProjectedUsd(range: UsdRange, estimate: boolean): string {
  if (range.expected === undefined) return NO_PRICE;
  return `${estimate ? '≈' : ''}${formatUsd(range.expected)}`;
}

/** The low–high span of an estimate, for tooltips: `$0.0039–$0.0048` (a single amount when low equals high). */
export function formatUsdSpan(range: UsdRange): string {
  if (range.low === range.high) return formatUsd(range.low);
  return `${formatUsd(range.low)}–${formatUsd(range.high)}`;
}

/** For tooltips: `exact (o200k_base)`, a published vocabulary with its range, or `≈ estimate for Claude 3 to 4.6: ×1.20 (1.16–1.30) of the o200k_base count`. */
export function describeTokenizer(tokenizer: TokenizerSpec): string {
  if (tokenizer.kind === 'exact') return `exact (${tokenizer.encoding})`;
  const range = `${tokenizer.low.toFixed(2)}–${tokenizer.high.toFixed(2)}`;
  const base = tokenizer.kind === 'published' ? `${tokenizer.label}'s published vocabulary count` : 'the o200k_base count';
  if (tokenizer.calibratedOn !== undefined) {
    const whose = tokenizer.kind === 'published' ? '' : ` (${tokenizer.label})`;
    return `≈ calibrated on ${formatCount(tokenizer.calibratedOn)} of your requests${whose}: ×${tokenizer.factor.toFixed(2)} (${range}) of ${base}`;
  }
  if (tokenizer.kind === 'published') {
    const factor = tokenizer.factor === 1 ? `×${range}` : `×${tokenizer.factor.toFixed(2)} (${range})`;
    return `≈ ${tokenizer.label}'s published vocabulary, not stated to be this model's: ${factor} of its count`;
  }
  return `≈ estimate for ${tokenizer.label}: ×${tokenizer.factor.toFixed(2)} (${range}) of ${base}`;
}

/** A quick-pick line for a model: `$3.00 in · $15.00 out per 1M · 200K context`. */
export function describePrice(model: {
  readonly rates: Rates;
  readonly contextWindow?: number;
  readonly tiers?: readonly { readonly aboveInputTokens: number }[];
}): string {
  const parts = [`${formatRate(model.rates.input)} in · ${formatRate(model.rates.output)} out per 1M`];
  const firstTier = model.tiers?.[0];
  if (firstTier) parts.push(`more above ${formatTokenLimit(firstTier.aboveInputTokens + 1)}`);
  parts.push(`${formatTokenLimit(model.contextWindow)} context`);
  return parts.join(' · ');
}
