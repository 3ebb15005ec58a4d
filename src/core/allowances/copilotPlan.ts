// The Copilot plan as an allowance: its monthly included AI credits, as US dollars, counted against Copilot's own
// spend (VS Code Chat and Copilot CLI) from the day the plan resets. Plan amounts as GitHub gives them for usage-based
// billing from June 2026 (individual plans include base and flex credits; a Business or Enterprise seat adds its
// credits to the organisation's pool, so the seat's share is what one member may spend before the pool is drawn on).
// They change: `monthlyCredits` replaces the plan's amount.
//
// `billing: "premium-requests"` is for annual Copilot Pro and Pro+ subscribers who stayed on the legacy
// request-based billing after June 1, 2026: the allowance is then the plan's monthly premium requests (300 and 1,500,
// GitHub's "Requests in GitHub Copilot (legacy)"), counted as each prompt's model multiplier.
import { COPILOT_SOURCES, CREDITS_PER_USD } from '../models/copilotCredits';

export { COPILOT_SOURCES };
import { DEFAULT_THRESHOLDS, explainAllowance, MAX_MONTH_START, type Allowance, type AllowanceAmount } from './allowance';

export const COPILOT_PLANS = {
  pro: { name: 'Copilot Pro', credits: 1_500 },
  'pro-plus': { name: 'Copilot Pro+', credits: 7_000 },
  max: { name: 'Copilot Max', credits: 20_000 },
  business: { name: 'Copilot Business', credits: 1_900 },
  enterprise: { name: 'Copilot Enterprise', credits: 3_900 },
} as const;

export type CopilotPlanId = keyof typeof COPILOT_PLANS;

/** Monthly premium requests of the plans that can still be on legacy request-based billing (annual Pro and Pro+). */
export const LEGACY_PREMIUM_REQUESTS: Partial<Record<CopilotPlanId, number>> = { pro: 300, 'pro-plus': 1_500 };

export const COPILOT_BILLINGS = ['credits', 'premium-requests'] as const;

/** The id of the plan's allowance (threshold announcements are keyed by it). */
export const COPILOT_PLAN_ALLOWANCE_ID = 'copilot-plan';

/** At most this many credits a month: more than any plan, so a typo cannot make the allowance meaningless. */
export const MAX_MONTHLY_CREDITS = 10_000_000;

/** At most this many premium requests a month, for the same reason. */
export const MAX_MONTHLY_PREMIUM_REQUESTS = 1_000_000;

export function isCopilotPlanAllowance(allowance: Allowance): boolean {
  return allowance.id === COPILOT_PLAN_ALLOWANCE_ID;
}

/**
 * The allowance `{ plan, billing, monthlyCredits, monthlyPremiumRequests, resetDay, thresholds }` describes (from the
 * settings or a team config), none when it names neither a plan nor an amount, or why it cannot be used.
 */
export function copilotPlanAllowance(
  setting: Readonly<Record<string, unknown>> | undefined,
  origin: Allowance['origin'] = 'personal',
): { allowance?: Allowance; problem?: string } {
  if (!setting || (setting.plan === undefined && setting.monthlyCredits === undefined && setting.monthlyPremiumRequests === undefined)) {
    return {};
  }
  const plan = setting.plan === undefined ? undefined : COPILOT_PLANS[setting.plan as CopilotPlanId];
  if (setting.plan !== undefined && (typeof setting.plan !== 'string' || !Object.hasOwn(COPILOT_PLANS, setting.plan))) {
    return { problem: `unknown Copilot plan ${JSON.stringify(setting.plan)} (one of ${Object.keys(COPILOT_PLANS).join(', ')})` };
  }
  const billing = setting.billing ?? (setting.monthlyPremiumRequests !== undefined ? 'premium-requests' : 'credits');
  if (!(COPILOT_BILLINGS as readonly unknown[]).includes(billing)) {
    return { problem: `unknown Copilot billing ${JSON.stringify(billing)} (credits or premium-requests)` };
  }
  const amount = billing === 'premium-requests' ? premiumRequestsAmount(setting) : creditsAmount(setting, plan?.credits);
  if ('problem' in amount) return amount;
  const resetDay = setting.resetDay ?? 1;
  if (typeof resetDay !== 'number' || !Number.isInteger(resetDay) || resetDay < 1 || resetDay > MAX_MONTH_START) {
    return { problem: `resetDay must be a day from 1 to ${MAX_MONTH_START}` };
  }
  const allowance = {
    id: COPILOT_PLAN_ALLOWANCE_ID,
    name: `${plan?.name ?? 'Copilot'} ${billing === 'premium-requests' ? 'premium requests' : 'included credits'}`,
    origin,
    amount: amount.amount,
    period: 'month',
    monthStartsOn: resetDay,
    // GitHub resets premium-request counters at 00:00 UTC.
    ...(billing === 'premium-requests' ? { timeZone: 'UTC' } : {}),
    filter: { sources: COPILOT_SOURCES },
    thresholds: setting.thresholds ?? DEFAULT_THRESHOLDS,
  } as Allowance;
  const problem = explainAllowance(allowance);
  return problem ? { problem } : { allowance };
}

function creditsAmount(
  setting: Readonly<Record<string, unknown>>,
  planCredits: number | undefined,
): { amount: AllowanceAmount } | { problem: string } {
  const credits = setting.monthlyCredits ?? planCredits;
  if (typeof credits !== 'number' || !Number.isFinite(credits) || credits <= 0 || credits > MAX_MONTHLY_CREDITS) {
    return { problem: `monthlyCredits must be a number of credits from 1 to ${MAX_MONTHLY_CREDITS.toLocaleString('en-US')}` };
  }
  return { amount: { usd: Math.round(credits) / CREDITS_PER_USD } };
}

function premiumRequestsAmount(setting: Readonly<Record<string, unknown>>): { amount: AllowanceAmount } | { problem: string } {
  const requests = setting.monthlyPremiumRequests ?? LEGACY_PREMIUM_REQUESTS[setting.plan as CopilotPlanId];
  if (requests === undefined) {
    return { problem: 'legacy premium-request billing is for annual Copilot Pro and Pro+ plans: give monthlyPremiumRequests for another' };
  }
  if (typeof requests !== 'number' || !Number.isFinite(requests) || requests <= 0 || requests > MAX_MONTHLY_PREMIUM_REQUESTS) {
    return {
      problem: `monthlyPremiumRequests must be a number of requests from 1 to ${MAX_MONTHLY_PREMIUM_REQUESTS.toLocaleString('en-US')}`,
    };
  }
  return { amount: { premiumRequests: requests } };
}
