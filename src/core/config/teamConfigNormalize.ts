// A team config without errors as Tokenwise uses it: allowances with their defaults and `origin: 'team'`.
import {
  DEFAULT_THRESHOLDS,
  type Allowance,
  type AllowanceAmount,
  type AllowanceFilter,
  type AllowancePeriodKind,
  type Weekday,
} from '../allowances/allowance';
import { copilotPlanAllowance } from '../allowances/copilotPlan';
import type { Raw } from './teamConfigChecks';
import type { PriceOverride, TeamConfig } from './teamConfigTypes';

export type RawConfig = Raw & {
  allowances?: Raw[];
  prices?: Raw[];
};

export function normalize(raw: RawConfig): TeamConfig {
  const config: Record<string, unknown> = {};
  for (const key of [
    'team',
    'modelAliases',
    'defaultModel',
    'favoriteModels',
    'expectedOutputTokens',
    'expectedOutputTokensByModel',
    'expectedReasoningTokens',
    'expectedReasoningTokensByModel',
    'tokenizerFactors',
    'priceDataUrl',
    'checks',
  ] as const) {
    if (raw[key] !== undefined) config[key] = raw[key];
  }
  const allowances = (raw.allowances ?? []).map(normalizeAllowance);
  // The plan is one more team allowance; the schema has checked its fields, so it cannot fail here.
  const copilotPlan = copilotPlanAllowance(raw.copilotPlan as Raw | undefined, 'team').allowance;
  if (copilotPlan) allowances.push(copilotPlan);
  if (raw.allowances || copilotPlan) config.allowances = allowances;
  if (raw.prices) config.prices = raw.prices.map((price) => ({ ...price }) as PriceOverride);
  const ledger = raw.teamLedger as Raw | undefined;
  if (ledger) {
    config.teamLedger = { url: ledger.url, member: ledger.member ?? 'osUser', includeProjects: ledger.includeProjects === true };
  }
  return config as TeamConfig;
}

function normalizeAllowance(raw: Raw): Allowance {
  const thresholds = Array.isArray(raw.thresholds) ? [...(raw.thresholds as number[])].sort((a, b) => a - b) : [...DEFAULT_THRESHOLDS];
  const allowance: Allowance = {
    id: raw.id as string,
    ...(raw.name !== undefined ? { name: raw.name as string } : {}),
    amount: { ...(raw.amount as object) } as AllowanceAmount,
    period: raw.period as AllowancePeriodKind,
    weekStartsOn: (raw.weekStartsOn as Weekday | undefined) ?? 'monday',
    monthStartsOn: (raw.monthStartsOn as number | undefined) ?? 1,
    ...(raw.timeZone !== undefined ? { timeZone: raw.timeZone as string } : {}),
    ...(raw.filter !== undefined ? { filter: raw.filter as AllowanceFilter } : {}),
    thresholds,
    hard: (raw.hard as boolean | undefined) ?? false,
    ...(raw.scope === 'team' ? { scope: 'team' as const } : {}),
    origin: 'team',
  };
  return allowance;
}
