// What a prompt about to be sent would leave of each allowance, from its cost estimate on one model.
import { formatCount } from '../text/format';
import type { ModelEstimate } from '../models/comparison';
import { formatUsd } from '../models/format';
import { formatPremiumRequests } from '../models/copilotPremiumRequests';
import { wouldLeave, type AllowanceUsage, type PendingPrompt } from './usage';

/** A used or remaining amount in the allowance's unit: `$3.20`, `12,000 tokens` or `41.5 premium requests`. */
export function formatAllowanceAmount(usage: Pick<AllowanceUsage, 'unit'>, value: number): string {
  if (usage.unit === 'usd') return formatUsd(value);
  if (usage.unit === 'premium-requests') return formatPremiumRequests(value);
  return `${formatCount(Math.round(value))} tokens`;
}

/** The allowance's display name: its own, or whose it is. */
export function allowanceName(usage: AllowanceUsage): string {
  return usage.allowance.name ?? (usage.allowance.origin === 'team' ? 'The team allowance' : 'Your allowance');
}

/**
 * An estimate as a pending prompt. A prompt recorded as sent is `manual` spend; its USD cost is known only when
 * every token is priced (a partial price would understate it).
 */
export function pendingPromptOf(estimate: ModelEstimate): PendingPrompt {
  const usd = estimate.unpricedTokens > 0 ? undefined : estimate.totalUsd.expected;
  return { model: estimate.modelId, source: 'manual', usd, tokens: estimate.inputTokens.expected + estimate.outputTokens };
}

export interface AllowanceLeft {
  readonly usage: AllowanceUsage;
  /** What would remain (negative: overspent by that much); undefined when the prompt's cost is not known. */
  readonly left: number | undefined;
}

/** What the prompt on this model would leave of each allowance. */
export function allowancesLeft(usages: readonly AllowanceUsage[], estimate: ModelEstimate): AllowanceLeft[] {
  const prompt = pendingPromptOf(estimate);
  return usages.map((usage) => ({ usage, left: wouldLeave(usage, prompt) }));
}

/** `$4.20 left of $10.00`, `$0.40 over $10.00`, or `unknown (no price for this model)`. */
export function describeAllowanceLeft({ usage, left }: AllowanceLeft): string {
  if (left === undefined) return 'unknown (no price for this model)';
  const amount = formatAllowanceAmount(usage, usage.amount);
  return left >= 0 ? `${formatAllowanceAmount(usage, left)} left of ${amount}` : `${formatAllowanceAmount(usage, -left)} over ${amount}`;
}
