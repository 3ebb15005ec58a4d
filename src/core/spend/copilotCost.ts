// A Copilot request's cost in AI credits, as US dollars. Where the files split the cached input (Copilot CLI), the cost
// is calculated. Copilot Chat's session files record a request's input tokens but not how many of them the prompt
// cache served, so its cost is an estimate with a range: every input token uncached (the high end, `usd`) down to a
// plausible cached share (`usdLow`). It is never presented as exact.
import { COPILOT_CREDITS_SOURCE, copilotCreditPrices, type Billing } from '../models/copilotCredits';
import { priceRequest } from '../models/costProjection';
import { premiumRequestMultiplier } from '../models/copilotPremiumRequests';
import type { SpendEvent, SpendTokens } from './spendEvent';

/**
 * The share of a request's input that prompt caching plausibly served: the low end of the range. A choice, not a
 * published figure: chat turns re-send the conversation, and agent sessions measured in other agents' logs (Claude
 * Code, Codex, which record the split) serve most of their input from the cache.
 */
export const PLAUSIBLE_CACHED_SHARE = 0.8;

export const COPILOT_PRICE_SNAPSHOT = `GitHub Copilot AI credits ${COPILOT_CREDITS_SOURCE.retrieved}`;

export function copilotCreditCost(
  model: string,
  tokens: SpendTokens,
  billing: Billing,
): Pick<SpendEvent, 'usd' | 'costBasis' | 'priceSnapshot' | 'unpricedTokens' | 'usdLow' | 'premiumRequests'> {
  const prices = copilotCreditPrices(model);
  const uncached = priceRequest(prices, tokens);
  if (billing === 'copilot-credits') {
    return { costBasis: 'calculated', priceSnapshot: COPILOT_PRICE_SNAPSHOT, unpricedTokens: uncached.unpricedTokens, usd: uncached.usd };
  }
  // A Copilot Chat request is one prompt: on legacy billing it uses its model's multiplier in premium requests.
  const multiplier = premiumRequestMultiplier(model);
  const base = {
    costBasis: 'estimated' as const,
    priceSnapshot: COPILOT_PRICE_SNAPSHOT,
    unpricedTokens: uncached.unpricedTokens,
    ...(multiplier === undefined ? {} : { premiumRequests: multiplier }),
  };
  if (uncached.usd === undefined) return { ...base, usd: undefined };
  const cached = Math.round(tokens.input * PLAUSIBLE_CACHED_SHARE);
  const low = priceRequest(prices, { ...tokens, input: tokens.input - cached, cacheRead: tokens.cacheRead + cached });
  return { ...base, usd: uncached.usd, usdLow: low.usd };
}
