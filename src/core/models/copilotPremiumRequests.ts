// Copilot's legacy request-based billing, kept by annual Copilot Pro and Pro+ subscribers after June 1, 2026: each
// prompt (in Chat, or to Copilot CLI) uses one premium request times its model's multiplier; the plan includes a
// monthly number of them. Multipliers kept by hand from GitHub's own table (the "new" column, in force from June 1,
// 2026): github/docs, data/tables/copilot/annual-subscriber-model-multipliers.yml at commit
// 66c16f668f09c5e322d339f82a6163c1dfa76e5b, read on 2026-12-03
// (https://docs.github.com/en/copilot/reference/copilot-billing/model-multipliers-for-annual-plans). A model the
// table does not list, or lists as "TBD" (GPT-5.5 there), has no known multiplier. Update the rows and the dates
// together.
import { byCreditKey, creditKey } from './copilotCredits';

export const PREMIUM_MULTIPLIERS_SOURCE = {
  name: "GitHub's model multipliers for annual plans",
  url: 'https://github.com/github/docs/blob/main/data/tables/copilot/annual-subscriber-model-multipliers.yml',
  commit: '66c16f668f09c5e322d339f82a6163c1dfa76e5b',
  retrieved: '2026-12-03',
} as const;

const MULTIPLIERS: readonly (readonly [name: string, multiplier: number])[] = [
  ['Claude Haiku 4.5', 0.33],
  ['Claude Opus 4.5', 15],
  ['Claude Opus 4.6', 27],
  ['Claude Opus 4.7', 27],
  ['Claude Sonnet 4.5', 6],
  ['Claude Sonnet 4.6', 9],
  ['Gemini 2.5 Pro', 1],
  ['Gemini 3 Flash', 0.33],
  ['Gemini 3 Pro', 6],
  ['Gemini 3.1 Pro', 6],
  ['GPT-4o', 0.33],
  ['GPT-4o mini', 0.33],
  ['GPT-4.1', 1],
  ['GPT-5.1', 3],
  ['GPT-5.1-Codex', 3],
  ['GPT-5.1-Codex-Mini', 0.33],
  ['GPT-5.1-Codex-Max', 3],
  ['GPT-5.2', 3],
  ['GPT-5.2-Codex', 3],
  ['GPT-5.3-Codex', 6],
  ['GPT-5.4', 6],
  ['GPT-5.4 mini', 6],
  ['GPT-5 mini', 0.33],
  ['Grok Code Fast 1', 0.33],
  ['Raptor mini', 0.33],
];

const BY_KEY = new Map(MULTIPLIERS.map(([name, multiplier]) => [creditKey(name), multiplier]));

/** The premium requests one prompt on the model uses, or undefined when GitHub's table gives no multiplier for it. */
export function premiumRequestMultiplier(modelId: string): number | undefined {
  return byCreditKey(BY_KEY, modelId);
}

const requestNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** `0.33`, `41.5`, `1,200`: a number of premium requests (multipliers make fractions). */
export function formatRequestNumber(requests: number): string {
  return requestNumber.format(requests);
}

/** `0.33 premium requests`, `1 premium request`, `1,200 premium requests`. */
export function formatPremiumRequests(requests: number): string {
  return `${formatRequestNumber(requests)} premium ${requests === 1 ? 'request' : 'requests'}`;
}
