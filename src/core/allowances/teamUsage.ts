// A team-scope allowance's use: the member's own spend from the local ledger (synced or not, so nothing waits for a
// sync) plus the rest of the team's from the team ledger. The team ledger answers by model and source, so the
// allowance's filter is applied here by the same rule as to the member's own events.
import type { SpendEvent } from '../spend/spendEvent';
import type { Allowance } from './allowance';
import { periodAt, type AllowancePeriod } from './period';
import { allowanceUsage, spendMatcher, type AllowanceUsage, type OthersSpend, type UsageOptions } from './usage';

/** The other members' spend in one period on one model from one source. */
export interface TeamSpendGroup {
  readonly model: string;
  readonly source: string;
  readonly usd: number;
  readonly events: number;
  readonly unpricedEvents: number;
  readonly unpricedTokens: number;
  readonly tokens: number;
  readonly premiumRequests: number;
  /** Events without a premium-request figure. */
  readonly unknownPremiumRequests: number;
}

/** What the team ledger said of the other members, per period, and when. */
export interface TeamSpendSnapshot {
  /** By `periodKey`. */
  readonly periods: Readonly<Record<string, readonly TeamSpendGroup[]>>;
  /** ISO time of the read. */
  readonly asOf: string;
}

export function periodKey(period: Pick<AllowancePeriod, 'start' | 'end'>): string {
  return `${period.start.toISOString()}/${period.end.toISOString()}`;
}

/** The current periods of the team-scope allowances, each once: what the team ledger is asked about. */
export function teamPeriods(allowances: Iterable<Allowance>, now: number, defaultTimeZone?: string): AllowancePeriod[] {
  const periods = new Map<string, AllowancePeriod>();
  for (const allowance of allowances) {
    if (allowance.scope !== 'team') continue;
    const period = periodAt(allowance, now, defaultTimeZone);
    periods.set(periodKey(period), period);
  }
  return [...periods.values()];
}

/** The others' spend that counts against the allowance, in its unit. */
export function othersSpend(
  allowance: Allowance,
  groups: readonly TeamSpendGroup[],
  providerOf?: (model: string) => string | undefined,
): OthersSpend {
  const matches = spendMatcher(allowance.filter, providerOf);
  let used = 0;
  let events = 0;
  let unpricedEvents = 0;
  let unpricedTokens = 0;
  for (const group of groups) {
    if (!matches(group)) continue;
    events += group.events;
    if (allowance.amount.tokens !== undefined) {
      used += group.tokens;
    } else if (allowance.amount.premiumRequests !== undefined) {
      used += group.premiumRequests;
      unpricedEvents += group.unknownPremiumRequests;
    } else {
      used += group.usd;
      unpricedEvents += group.unpricedEvents;
      unpricedTokens += group.unpricedTokens;
    }
  }
  return { used, events, unpricedEvents, unpricedTokens };
}

/**
 * The usage of an allowance: for a team-scope one, the member's events plus the others' spend from `snapshot` (none
 * read yet: the member's alone, with `team.asOf` undefined); any other allowance as `allowanceUsage` gives it.
 */
export function usageInScope(
  allowance: Allowance,
  memberEvents: readonly SpendEvent[],
  snapshot: TeamSpendSnapshot | undefined,
  now: number,
  options: UsageOptions = {},
): AllowanceUsage {
  const own = allowanceUsage(allowance, memberEvents, now, options);
  if (allowance.scope !== 'team') return own;
  const groups = snapshot?.periods[periodKey(own.period)];
  if (!groups) return { ...own, team: { memberUsed: own.used, othersUsed: 0, asOf: undefined } };
  const others = othersSpend(allowance, groups, options.providerOf);
  const whole = allowanceUsage(allowance, memberEvents, now, options, others);
  return { ...whole, team: { memberUsed: own.used, othersUsed: others.used, asOf: new Date(snapshot.asOf) } };
}
