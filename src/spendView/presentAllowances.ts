// Formats allowances and the team config for the Spend view. Plain data in and out (no `vscode`).
import {
  allowanceName,
  allowanceThresholds,
  describeConfigAge,
  describeConfigInForce,
  formatAllowanceAmount,
  formatCount,
  formatCredits,
  plural,
  sentence,
  formatRequestNumber,
  isCopilotPlanAllowance,
  usdToCredits,
  type AllowanceUsage,
  type ConfigInForceEntry,
  type MergedConfig,
} from '../core';
import type { TeamConfigStatus } from '../teamConfig/teamConfigService';
import type { AllowanceCardView, InForceRowView, TeamConfigView } from '../webview/spend/protocol';

const PERIOD_WORDS = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

const SOURCE_WORDS: Readonly<Record<TeamConfigStatus['source'], string>> = {
  none: 'No team config',
  workspace: 'Workspace .tokenwise.json',
  setting: 'tokenwise.teamConfig setting',
};

function format(timeZone: string, options: Intl.DateTimeFormatOptions): (date: Date) => string {
  const formatter = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
  return (date) => formatter.format(date);
}

/**
 * `Nov 24, 2026` for a day, `Nov 23 – Nov 29, 2026` for longer periods, in the allowance's time zone. The period's
 * end is the next period's first instant, so the last day shown is the one just before it.
 */
export function periodDates(usage: AllowanceUsage): string {
  const { start, end, timeZone } = usage.period;
  const last = new Date(end.getTime() - 1);
  const full = format(timeZone, { month: 'short', day: 'numeric', year: 'numeric' });
  if (usage.allowance.period === 'day') return full(start);
  const year = format(timeZone, { year: 'numeric' });
  const first = year(start) === year(last) ? format(timeZone, { month: 'short', day: 'numeric' })(start) : full(start);
  return `${first} – ${full(last)}`;
}

/** `Jan 1`: the day a Copilot plan's credits start over, the next period's first day. */
function resetDay(usage: AllowanceUsage): string {
  return format(usage.period.timeZone, { month: 'short', day: 'numeric' })(usage.period.end);
}

/** `1,120 of 1,500 credits`: a Copilot plan's use in the unit GitHub bills it in. */
function creditWords(usage: AllowanceUsage): string {
  return `${formatCount(Math.round(usdToCredits(usage.used)))} of ${formatCredits(usage.amount)}`;
}

/** `$11.20 of $15.00 included credits · resets Jan 1`, or `41.5 of 300 premium requests · resets Jan 1` (legacy). */
function copilotPlanWords(usage: AllowanceUsage): string {
  const resets = `resets ${resetDay(usage)}`;
  if (usage.unit === 'premium-requests') {
    return `${formatRequestNumber(usage.used)} of ${formatAllowanceAmount(usage, usage.amount)} · ${resets}`;
  }
  return `${formatAllowanceAmount(usage, usage.used)} of ${formatAllowanceAmount(usage, usage.amount)} included credits · ${resets}`;
}

/** Spend the allowance could not count: tokens without a price, or Copilot requests without a multiplier. */
function uncountedWords(usage: AllowanceUsage): string | undefined {
  if (usage.unit === 'usd' && usage.unpricedTokens > 0) {
    return `${formatCount(usage.unpricedTokens)} tokens without a known price are not counted.`;
  }
  if (usage.unit === 'premium-requests' && usage.unpricedEvents > 0) {
    const verb = usage.unpricedEvents === 1 ? 'is' : 'are';
    return `${plural(usage.unpricedEvents, 'request')} on models without a known multiplier ${verb} not counted.`;
  }
  return undefined;
}

/** The Copilot plan's note in the tooltip: what its figures rest on. */
function copilotPlanNote(usage: AllowanceUsage): string {
  if (usage.unit === 'premium-requests') {
    return "One premium request per prompt times the model's multiplier (Copilot CLI's own count where it records one).";
  }
  return `${creditWords(usage)}; Copilot Chat costs are estimates (its files do not split cached input).`;
}

function forecastLine(usage: AllowanceUsage): string {
  const { projected, runsOutAt } = usage.forecast;
  const parts = [
    projected === undefined ? 'Forecast: not enough data yet' : `Forecast: ${formatAllowanceAmount(usage, projected)} by the period's end`,
  ];
  if (runsOutAt) {
    const when = format(usage.period.timeZone, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })(
      runsOutAt,
    );
    // For a used-up allowance the core gives when it ran out, not a projection.
    parts.push(usage.status === 'exceeded' ? `used up ${when}` : `runs out ${when}`);
  }
  return parts.join('; ');
}

function statusText(usage: AllowanceUsage): string {
  if (usage.status === 'exceeded') return usage.remaining < 0 ? `Over by ${formatAllowanceAmount(usage, -usage.remaining)}` : 'Used up';
  return usage.threshold === undefined ? 'Within the allowance' : `${usage.threshold}% threshold reached`;
}

function filterWords(usage: AllowanceUsage): string | undefined {
  const filter = usage.allowance.filter;
  const lists = [filter?.models, filter?.providers, filter?.sources].filter((list) => list && list.length > 0) as (readonly string[])[];
  return lists.length ? `Counts only ${lists.map((list) => list.join(', ')).join('; ')}.` : undefined;
}

/** A team-scope allowance's split: the member's share and the rest of the team's, and how old the latter is. */
function teamWords(usage: AllowanceUsage, now: Date): string | undefined {
  const { team } = usage;
  if (!team) return undefined;
  if (!team.asOf) return 'The team ledger has not been read yet: this is your own spend only.';
  const age = describeConfigAge(team.asOf.toISOString(), now);
  return `Your share ${formatAllowanceAmount(usage, team.memberUsed)}; the rest of the team ${formatAllowanceAmount(usage, team.othersUsed)} (team ledger read ${age}).`;
}

/** One card per allowance, in the order the allowance service holds them (personal first). */
export function presentAllowances(usages: readonly AllowanceUsage[], now: Date = new Date()): AllowanceCardView[] {
  return usages.map((usage) => {
    const { allowance } = usage;
    const percent = Math.round(usage.fraction * 100);
    const thresholds = allowanceThresholds(allowance);
    const usedOfAmount = isCopilotPlanAllowance(allowance)
      ? copilotPlanWords(usage)
      : `${formatAllowanceAmount(usage, usage.used)} of ${formatAllowanceAmount(usage, usage.amount)}`;
    const period = `${periodDates(usage)} (${usage.period.timeZone})`;
    const name = allowanceName(usage);
    const detail = [
      `${name}: ${usedOfAmount} (${percent}%) in ${period}.`,
      isCopilotPlanAllowance(allowance) ? copilotPlanNote(usage) : undefined,
      `Alerts at ${thresholds.map((threshold) => `${threshold}%`).join(', ')}.`,
      teamWords(usage, now),
      filterWords(usage),
      allowance.hard ? 'Hard: once it is used up, recording a prompt asks first.' : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    return {
      key: `${allowance.origin}:${allowance.id}`,
      name,
      origin: `${allowance.origin === 'team' ? (allowance.scope === 'team' ? 'Team, the whole team' : 'Team') : 'Personal'} · ${PERIOD_WORDS[allowance.period]} · ${allowance.hard ? 'hard' : 'soft'}`,
      usedOfAmount,
      percent: `${percent}%`,
      bar: Math.min(1, Math.max(0, usage.fraction)),
      valueNow: Math.min(100, Math.max(0, percent)),
      // Thresholds above 100 % lie past the bar's end; the tooltip still lists them.
      marks: thresholds
        .filter((threshold) => threshold <= 100)
        .map((threshold) => ({ percent: threshold, reached: usage.threshold !== undefined && threshold <= usage.threshold })),
      status: usage.status,
      statusText: statusText(usage),
      period,
      forecast: forecastLine(usage),
      unpriced: uncountedWords(usage),
      team: teamWords(usage, now),
      detail,
    };
  });
}

/** A short name for a team config's origin in a narrow table: a URL's host, a path's file name. */
function shortOrigin(origin: string): string {
  try {
    if (/^https?:\/\//i.test(origin)) return new URL(origin).host;
  } catch {
    // not a URL after all: fall through to the path
  }
  return origin.split(/[\\/]/).filter(Boolean).pop() ?? origin;
}

function setBy(entry: ConfigInForceEntry): string {
  // The defaults' and the user's origins are already their names: `bundled defaults`, `user settings`.
  return entry.source === 'team' ? `team (${shortOrigin(entry.origin)})` : entry.origin;
}

/** The team config's source and state, and what is in force with who set it. */
export function presentTeamConfig(status: TeamConfigStatus, merged: MergedConfig, now = new Date()): TeamConfigView {
  const inForce: InForceRowView[] = describeConfigInForce(merged).map((entry) => ({
    setting: entry.setting,
    value: entry.value,
    setBy: setBy(entry),
    origin: entry.origin,
  }));
  return {
    source: SOURCE_WORDS[status.source],
    configured: status.source !== 'none',
    origin: status.origin,
    team: status.config?.team,
    checked: status.checkedAt ? `checked ${describeConfigAge(status.checkedAt, now)}` : undefined,
    error: status.error
      ? `The latest read failed: ${sentence(status.error)}${status.config ? ' The previous config stays in force.' : ''}`
      : undefined,
    notApplied: status.notApplied,
    inForce,
  };
}
