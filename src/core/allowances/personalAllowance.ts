// The personal allowance as `tokenwise.allowance` gives it: a settings object, checked as it enters.
import { explainAllowance, type Allowance } from './allowance';

/** The allowance the setting describes, none when it sets no amount, or why it is not used. */
export function personalAllowance(setting: Readonly<Record<string, unknown>> | undefined): { allowance?: Allowance; problem?: string } {
  if (!setting || (setting.usd === undefined && setting.tokens === undefined)) return {};
  const allowance = {
    id: 'personal',
    name: 'Your allowance',
    origin: 'personal',
    amount: setting.usd !== undefined ? { usd: Number(setting.usd) } : { tokens: Number(setting.tokens) },
    period: setting.period ?? 'month',
    weekStartsOn: setting.weekStartsOn,
    monthStartsOn: setting.monthStartsOn,
    timeZone: setting.timeZone || undefined,
    thresholds: setting.thresholds,
    hard: setting.hard === true,
  } as Allowance;
  const problem = explainAllowance(allowance);
  return problem ? { problem } : { allowance };
}
