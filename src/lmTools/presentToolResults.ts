// What the language-model tools answer: short, structured text a chat model can quote. Plain data in and out (no
// `vscode`), one wording with the rest of Tokenwise.
import {
  allowanceName,
  canBeCheapest,
  describeTokenizer,
  formatAllowanceAmount,
  formatCount,
  formatTokens,
  formatUsd,
  plural,
  RANGE_LABELS,
  type AllowanceUsage,
  type ModelEstimate,
  type SpendBucket,
  type SpendSummary,
} from '../core';

/** The tools' names, as package.json contributes them (`languageModelTools`). */
export const TOOL_NAMES = { promptCost: 'tokenwise_promptCost', allowances: 'tokenwise_allowances', spend: 'tokenwise_spend' } as const;

/** What the prompt-cost tool was asked to count, and what it could not read. */
export interface CountedInput {
  /** `the text given and 2 files`. */
  readonly what: string;
  readonly refused: readonly { readonly path: string; readonly reason: string }[];
}

const money = (usd: number | undefined) => formatUsd(usd);

function estimateLine(estimate: ModelEstimate): string {
  const name = estimate.model ? `${estimate.model.name} (${estimate.modelId})` : `${estimate.modelId} (not in the price catalog)`;
  const approx = estimate.estimate ? '≈' : '';
  const tokens = `${approx}${formatCount(estimate.inputTokens.expected)} input tokens (${describeTokenizer(estimate.tokenizer)})`;
  const output = `projected output ${formatTokens(estimate.outputTokens + estimate.reasoningTokens)} ${money(estimate.outputUsd.expected)}`;
  const fit =
    estimate.fit.status === 'fits' ? 'fits its context window' : (estimate.fit.problems[0] ?? `window fit ${estimate.fit.status}`);
  const unpriced = estimate.unpricedTokens > 0 ? `; ${formatCount(estimate.unpricedTokens)} tokens without a price` : '';
  return `- ${name}: ${tokens}; input ${money(estimate.inputUsd.expected)}; ${output}; total ${approx}${money(estimate.totalUsd.expected)}${unpriced}; ${fit}.`;
}

/** The prompt-cost tool's answer: each model's tokens, costs and fit, and the cheapest that fits. */
export function presentPromptCostResult(input: CountedInput, estimates: readonly ModelEstimate[]): string {
  const lines = [`Counted on this machine (no text was sent anywhere): ${input.what}.`, ...estimates.map(estimateLine)];
  const cheapest = estimates.filter(canBeCheapest).sort((a, b) => (a.totalUsd.expected ?? Infinity) - (b.totalUsd.expected ?? Infinity))[0];
  lines.push(
    cheapest
      ? `Cheapest that fits: ${cheapest.model?.name ?? cheapest.modelId} at ${money(cheapest.totalUsd.expected)}.`
      : 'None of these models is known to fit with a complete price.',
  );
  if (input.refused.length) lines.push(`Not read: ${input.refused.map((entry) => `${entry.path} (${entry.reason})`).join('; ')}.`);
  return lines.join('\n');
}

/** The allowance tool's answer: what is left of each allowance in force, with its forecast. */
export function presentAllowancesResult(usages: readonly AllowanceUsage[]): string {
  if (usages.length === 0) return 'No allowance is in force (neither tokenwise.allowance, a Copilot plan, nor a team allowance).';
  return usages
    .map((usage) => {
      const amount = (value: number) => formatAllowanceAmount(usage, value);
      const left = usage.remaining >= 0 ? `${amount(usage.remaining)} left` : `over by ${amount(-usage.remaining)}`;
      const projected =
        usage.forecast.projected === undefined ? 'no forecast yet' : `forecast ${amount(usage.forecast.projected)} by the period's end`;
      const runsOut = usage.forecast.runsOutAt
        ? `; runs out ${usage.forecast.runsOutAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
        : '';
      const used = `${amount(usage.used)} of ${amount(usage.amount)} (${Math.round(usage.fraction * 100)}%)`;
      return `- ${allowanceName(usage)} (${usage.allowance.origin}, ${usage.period.label}): ${used}, ${left}, ${usage.status}; ${projected}${runsOut}.`;
    })
    .join('\n');
}

/** The spend tool's answer: the range's total and its largest groups. */
export function presentSpendResult(summary: SpendSummary, by: 'model' | 'source' | 'project', limit = 10): string {
  const total = summary.total;
  const unpriced = total.unpricedTokens > 0 ? `, and ${formatCount(total.unpricedTokens)} tokens without a known price` : '';
  const buckets: readonly SpendBucket[] = by === 'model' ? summary.byModel : by === 'source' ? summary.bySource : summary.byProject;
  const head = `Spend ${RANGE_LABELS[summary.range.id].toLowerCase()} (${summary.range.from} to ${summary.range.to}, ${summary.timeZone}): ${money(total.usd ?? 0)} over ${plural(total.count, 'request')}${unpriced}.`;
  if (buckets.length === 0) return `${head}\nNo spend in this range.`;
  const rows = buckets
    .slice(0, limit)
    .map((bucket) => `- ${bucket.key || 'unknown'}: ${money(bucket.usd)} (${plural(bucket.count, 'request')})`);
  const more = buckets.length > limit ? [`- and ${plural(buckets.length - limit, 'other')}`] : [];
  return [head, `By ${by}:`, ...rows, ...more].join('\n');
}
