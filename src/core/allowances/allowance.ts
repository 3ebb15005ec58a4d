// An allowance: how much may be spent (in USD, tokens or Copilot premium requests) per day, week or month, on which models, providers or
// sources, and when to warn. Personal allowances come from the settings, team allowances from the team config; both
// apply to the member's own spend, unless a team allowance's scope is the team (teamUsage.ts).
import { timeZoneIssue } from '../input/entryRules';

export type AllowancePeriodKind = 'day' | 'week' | 'month';

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** Weekdays in the order `Date.getUTCDay()` numbers them (Sunday 0 … Saturday 6). */
export const WEEKDAYS: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const PERIOD_KINDS: readonly AllowancePeriodKind[] = ['day', 'week', 'month'];

/** Soft thresholds, in percent of the amount, when an allowance names none. */
export const DEFAULT_THRESHOLDS: readonly number[] = Object.freeze([50, 80, 100]);

/** The latest day a month period may start on, so that every month has it. */
export const MAX_MONTH_START = 28;

/** Exactly one of: US dollars, tokens, or Copilot premium requests (legacy request-based billing). */
export type AllowanceAmount =
  | { readonly usd: number; readonly tokens?: undefined; readonly premiumRequests?: undefined }
  | { readonly tokens: number; readonly usd?: undefined; readonly premiumRequests?: undefined }
  | { readonly premiumRequests: number; readonly usd?: undefined; readonly tokens?: undefined };

/** Which spend counts against an allowance. Each list that is present and not empty must match (any of its entries). */
export interface AllowanceFilter {
  /** Model ids, compared case-insensitively (a catalog alias matches its model's id). */
  readonly models?: readonly string[];
  /** Provider ids (`anthropic`, `openai`, …), compared case-insensitively. */
  readonly providers?: readonly string[];
  /** Sources (`claude-code`, `codex`, `manual`, …), compared case-insensitively. */
  readonly sources?: readonly string[];
}

export interface Allowance {
  /** Stable id: alert keys are made from it. */
  readonly id: string;
  readonly name?: string;
  readonly amount: AllowanceAmount;
  readonly period: AllowancePeriodKind;
  /** First day of a week period. Default: Monday. */
  readonly weekStartsOn?: Weekday;
  /** Day of the month (1 to 28) a month period starts on. Default: 1. */
  readonly monthStartsOn?: number;
  /** IANA time zone the period's days are counted in. Default: the caller's. */
  readonly timeZone?: string;
  readonly filter?: AllowanceFilter;
  /** Soft thresholds in percent of the amount. Default: 50, 80 and 100. */
  readonly thresholds?: readonly number[];
  /** A hard allowance asks for confirmation before spend is recorded once it is exhausted. */
  readonly hard?: boolean;
  /** A team allowance held against the whole team's spend (from the team ledger), not the member's alone. */
  readonly scope?: 'member' | 'team';
  readonly origin: 'personal' | 'team';
}

/** What an allowance is counted in. */
export type AllowanceUnit = 'usd' | 'tokens' | 'premium-requests';

export function allowanceUnit(allowance: Allowance): AllowanceUnit {
  if (allowance.amount.usd !== undefined) return 'usd';
  return allowance.amount.premiumRequests !== undefined ? 'premium-requests' : 'tokens';
}

/** The allowance's amount, in its unit. */
export function allowanceAmount(allowance: Allowance): number {
  const { usd, tokens, premiumRequests } = allowance.amount;
  return usd ?? tokens ?? premiumRequests ?? Number.NaN;
}

/** The allowance's thresholds in percent, ascending, without duplicates. */
export function allowanceThresholds(allowance: Allowance): number[] {
  return [...new Set(allowance.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => a - b);
}

/** Why an allowance is not usable; undefined when it is. The time zone is checked against the runtime's zones. */
export function explainAllowance(allowance: Allowance): string | undefined {
  if (typeof allowance.id !== 'string' || allowance.id.trim() === '') return 'no id';
  const amount = allowance.amount as { usd?: unknown; tokens?: unknown; premiumRequests?: unknown } | undefined;
  if (typeof amount !== 'object' || amount === null) return 'no amount';
  const given = [amount.usd, amount.tokens, amount.premiumRequests].filter((value) => value !== undefined);
  if (given.length !== 1) return 'the amount must be either usd, tokens or premiumRequests (one of them)';
  const value = given[0];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 'the amount is not a positive number';
  if (!PERIOD_KINDS.includes(allowance.period)) return `unknown period ${String(allowance.period)}`;
  if (allowance.weekStartsOn !== undefined && !WEEKDAYS.includes(allowance.weekStartsOn)) {
    return `unknown weekday ${String(allowance.weekStartsOn)}`;
  }
  const monthStart = allowance.monthStartsOn;
  if (monthStart !== undefined && (!Number.isInteger(monthStart) || monthStart < 1 || monthStart > MAX_MONTH_START)) {
    return `monthStartsOn must be a whole number from 1 to ${MAX_MONTH_START}`;
  }
  if (allowance.timeZone !== undefined && !isTimeZone(allowance.timeZone)) return `unknown time zone ${String(allowance.timeZone)}`;
  for (const threshold of allowance.thresholds ?? []) {
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) return 'thresholds must be positive percentages';
  }
  if (allowance.origin !== 'personal' && allowance.origin !== 'team') return 'origin must be personal or team';
  return undefined;
}

/** Whether the runtime knows the IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  return typeof timeZone === 'string' && timeZone !== '' && timeZoneIssue(timeZone) === undefined;
}
