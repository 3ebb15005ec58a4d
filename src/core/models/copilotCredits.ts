// GitHub Copilot's per-token prices in AI credits (1 credit = US$0.01), kept by hand from GitHub's own table:
// github/docs, data/tables/copilot/models-and-pricing.yml at commit 024f6b0f8c266054134f13dd7d122d8b80d25315, read on
// 2026-12-03 (https://docs.github.com/en/copilot/reference/ai-models/supported-models). Prices there are USD per
// million tokens; a "> 272K" row is a long-context tier on the request's input. Update the rows and the dates together.
import type { PricedModel } from './costProjection';
import type { Rates } from './types';

export const COPILOT_CREDITS_SOURCE = {
  name: "GitHub Copilot's model prices",
  url: 'https://github.com/github/docs/blob/main/data/tables/copilot/models-and-pricing.yml',
  commit: '024f6b0f8c266054134f13dd7d122d8b80d25315',
  retrieved: '2026-12-03',
} as const;

/**
 * How a request is billed when not at the provider's API prices: Copilot's AI credits, with the cached input known
 * (Copilot CLI records it) or not (Copilot Chat's session files do not).
 */
export type Billing = 'copilot-credits' | 'copilot-credits-no-cache-split';

/** The sources whose spend Copilot bills in AI credits. */
export const COPILOT_SOURCES: readonly string[] = ['copilot-chat', 'copilot-cli'];

/** AI credits per US dollar (one credit is $0.01); divided by, as 0.01 has no exact binary form. */
export const CREDITS_PER_USD = 100;

/** [GitHub's model name, input, cached input, output, cache write (if billed)], USD per million tokens. */
type Row = readonly [name: string, input: number, cachedInput: number, output: number, cacheWrite?: number];

interface CreditModel {
  readonly rows: readonly [Row, ...Row[]];
  /** The long-context rows take over above this many input tokens. */
  readonly longContextAbove?: number;
}

const single = (row: Row): CreditModel => ({ rows: [row] });
const tiered = (above: number, base: Row, long: Row): CreditModel => ({ rows: [base, long], longContextAbove: above });

const MODELS: readonly CreditModel[] = [
  // OpenAI
  single(['GPT-5 mini', 0.25, 0.025, 2.0]),
  single(['GPT-5.3-Codex', 1.75, 0.175, 14.0]),
  tiered(272_000, ['GPT-5.4', 2.5, 0.25, 15.0], ['GPT-5.4', 5.0, 0.5, 22.5]),
  single(['GPT-5.4 mini', 0.75, 0.075, 4.5]),
  single(['GPT-5.4 nano', 0.2, 0.02, 1.25]),
  tiered(272_000, ['GPT-5.5', 5.0, 0.5, 30.0], ['GPT-5.5', 10.0, 1.0, 45.0]),
  tiered(200_000, ['GPT-5.6 Luna', 0.2, 0.02, 1.2, 0.25], ['GPT-5.6 Luna', 0.4, 0.04, 1.8, 0.5]),
  tiered(272_000, ['GPT-5.6 Sol', 5.0, 0.5, 30.0, 6.25], ['GPT-5.6 Sol', 10.0, 1.0, 45.0, 12.5]),
  tiered(272_000, ['GPT-5.6 Terra', 2.0, 0.2, 12.0, 2.5], ['GPT-5.6 Terra', 4.0, 0.4, 18.0, 5.0]),
  // Anthropic
  single(['Claude Haiku 4.5', 1.0, 0.1, 5.0, 1.25]),
  single(['Claude Sonnet 4', 3.0, 0.3, 15.0, 3.75]),
  single(['Claude Sonnet 4.5', 3.0, 0.3, 15.0, 3.75]),
  single(['Claude Sonnet 4.6', 3.0, 0.3, 15.0, 3.75]),
  single(['Claude Opus 4.5', 5.0, 0.5, 25.0, 6.25]),
  single(['Claude Opus 4.6', 5.0, 0.5, 25.0, 6.25]),
  single(['Claude Opus 4.7', 5.0, 0.5, 25.0, 6.25]),
  single(['Claude Opus 4.8', 5.0, 0.5, 25.0, 6.25]),
  single(['Claude Opus 5', 5.0, 0.5, 25.0, 6.25]),
  single(['Claude Sonnet 5', 2.0, 0.2, 10.0, 2.5]),
  single(['Claude Opus 4.8 fast', 10.0, 1.0, 50.0, 12.5]),
  single(['Claude Fable 5', 10.0, 1.0, 50.0, 12.5]),
  // Google
  tiered(200_000, ['Gemini 3.1 Pro', 2.0, 0.2, 12.0], ['Gemini 3.1 Pro', 4.0, 0.4, 18.0]),
  single(['Gemini 3.5 Flash', 1.5, 0.15, 9.0]),
  single(['Gemini 3.6 Flash', 0.75, 0.075, 3.75]),
  single(['Gemini 3.7 Flash', 0.75, 0.075, 3.75]),
  // xAI
  tiered(200_000, ['Grok 4.5', 2.0, 0.5, 6.0], ['Grok 4.5', 4.0, 1.0, 12.0]),
  tiered(200_000, ['Grok 4.6', 2.0, 0.5, 6.0], ['Grok 4.6', 4.0, 1.0, 12.0]),
  // Microsoft, GitHub, open-weight models
  single(['MAI-Code-1-Flash', 0.75, 0.075, 4.5]),
  single(['MAI-Code-1.1-Flash', 0.2, 0.02, 1.2]),
  single(['Raptor mini', 0.25, 0.025, 2.0]),
  single(['Kimi K2.7 Code', 0.95, 0.19, 4.0]),
  single(['Kimi K3', 3.0, 0.3, 15.0]),
];

function rates([, input, cachedInput, output, cacheWrite]: Row): Rates {
  return { input, cacheRead: cachedInput, output, ...(cacheWrite === undefined ? {} : { cacheWrite }) };
}

/** A model id as Copilot's files write it (`copilot/claude-sonnet-4.5`, `gpt-5.4-mini`), or a name of GitHub's table. */
export function creditKey(modelId: string): string {
  return modelId
    .trim()
    .toLowerCase()
    .replace(/^copilot\//, '')
    .replace(/\s*\(fast mode\)/, ' fast')
    .replace(/\s*\(preview\)|-preview$/g, '')
    .replace(/-\d{4}-\d{2}-\d{2}$/, '')
    .replace(/\s+/g, '-');
}

const BY_KEY = new Map<string, PricedModel>(
  MODELS.map((model) => {
    const [base, long] = model.rows;
    const id = creditKey(base[0]);
    const tiers = long && model.longContextAbove !== undefined ? [{ aboveInputTokens: model.longContextAbove, rates: rates(long) }] : [];
    return [id, { id, rates: rates(base), tiers }];
  }),
);

/**
 * The credit prices of a model Copilot names, or undefined when GitHub's table has no such model. Only the spelling
 * is normalised (case, the `copilot/` prefix, a date or `-preview` suffix, `4-5` for `4.5`): no model is priced as
 * another.
 */
export function copilotCreditPrices(modelId: string): PricedModel | undefined {
  return byCreditKey(BY_KEY, modelId);
}

/** The entry `table` (keyed by `creditKey` of GitHub's names) has for a model Copilot names; `4-5` also tried as `4.5`. */
export function byCreditKey<T>(table: ReadonlyMap<string, T>, modelId: string): T | undefined {
  const key = creditKey(modelId);
  return table.get(key) ?? table.get(key.replace(/(\d)-(\d)(?=$|-)/g, '$1.$2'));
}

/** How many AI credits a cost in US dollars is. */
export function usdToCredits(usd: number): number {
  return usd * CREDITS_PER_USD;
}

const fewCredits = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const manyCredits = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `1.65 AI credits`, `1,120 AI credits`: a cost in US dollars in the unit Copilot bills. */
export function formatCredits(usd: number): string {
  const credits = usdToCredits(usd);
  return `${(Math.abs(credits) < 100 ? fewCredits : manyCredits).format(credits)} AI credits`;
}
