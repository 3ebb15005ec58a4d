// The Copilot plan as an allowance: its monthly included AI credits, as US dollars, counted against Copilot's own
// spend (VS Code Chat and Copilot CLI) from the day the plan resets. Plan amounts as GitHub gives them for usage-based
// billing from June 2026 (individual plans include base and flex credits; a Business or Enterprise seat adds its
// credits to the organisation's pool, so the seat's share is what one member may spend before the pool is drawn on).
// They change: `monthlyCredits` replaces the plan's amount.
import { COPILOT_SOURCES, CREDITS_PER_USD } from '../models/copilotCredits';

export { COPILOT_SOURCES };
import { DEFAULT_THRESHOLDS, explainAllowance, MAX_MONTH_START, type Allowance } from './allowance';

export const COPILOT_PLANS = {
  pro: { name: 'Copilot Pro', credits: 1_500 },
  'pro-plus': { name: 'Copilot Pro+', credits: 7_000 },
  max: { name: 'Copilot Max', credits: 20_000 },
  business: { name: 'Copilot Business', credits: 1_900 },
  enterprise: { name: 'Copilot Enterprise', credits: 3_900 },
} as const;

export type CopilotPlanId = keyof typeof COPILOT_PLANS;

/** The id of the plan's allowance (threshold announcements are keyed by it). */
export const COPILOT_PLAN_ALLOWANCE_ID = 'copilot-plan';

/** At most this many credits a month: more than any plan, so a typo cannot make the allowance meaningless. */
export const MAX_MONTHLY_CREDITS = 10_000_000;

export function isCopilotPlanAllowance(allowance: Allowance): boolean {
  return allowance.id === COPILOT_PLAN_ALLOWANCE_ID;
}

/**
 * The allowance `{ plan, monthlyCredits, resetDay, thresholds }` describes (from the settings or a team config), none
 * when it names neither a plan nor credits, or why it cannot be used.
 */
export function copilotPlanAllowance(
  setting: Readonly<Record<string, unknown>> | undefined,
  origin: Allowance['origin'] = 'personal',
): { allowance?: Allowance; problem?: string } {
  if (!setting || (setting.plan === undefined && setting.monthlyCredits === undefined)) return {};
  const plan = setting.plan === undefined ? undefined : COPILOT_PLANS[setting.plan as CopilotPlanId];
  if (setting.plan !== undefined && (typeof setting.plan !== 'string' || !Object.hasOwn(COPILOT_PLANS, setting.plan))) {
    return { problem: `unknown Copilot plan ${JSON.stringify(setting.plan)} (one of ${Object.keys(COPILOT_PLANS).join(', ')})` };
  }
  const credits = setting.monthlyCredits ?? plan?.credits;
  if (typeof credits !== 'number' || !Number.isFinite(credits) || credits <= 0 || credits > MAX_MONTHLY_CREDITS) {
    return { problem: `monthlyCredits must be a number of credits from 1 to ${MAX_MONTHLY_CREDITS.toLocaleString('en-US')}` };
  }
  const resetDay = setting.resetDay ?? 1;
  if (typeof resetDay !== 'number' || !Number.isInteger(resetDay) || resetDay < 1 || resetDay > MAX_MONTH_START) {
    return { problem: `resetDay must be a day from 1 to ${MAX_MONTH_START}` };
  }
  const allowance = {
    id: COPILOT_PLAN_ALLOWANCE_ID,
    name: `${plan?.name ?? 'Copilot'} included credits`,
    origin,
    amount: { usd: Math.round(credits) / CREDITS_PER_USD },
    period: 'month',
    monthStartsOn: resetDay,
    filter: { sources: COPILOT_SOURCES },
    thresholds: setting.thresholds ?? DEFAULT_THRESHOLDS,
  } as Allowance;
  const problem = explainAllowance(allowance);
  return problem ? { problem } : { allowance };
}
