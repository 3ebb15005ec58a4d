// How much of an allowance the ledger's spend has used in the current period, what is left, where the period is
// heading at its present burn rate, and what a pending prompt would leave. Pure functions over ledger events.
// A cost that is not known is never counted as $0 used: its tokens are reported as unpriced instead.
import { findModel } from '../models/catalog';
import { FUTURE_MARGIN_MS, unpricedTokensOf, type SpendEvent } from '../spend/spendEvent';
import { totalTokens } from '../tokens/tokenKinds';
import { allowanceAmount, allowanceThresholds, allowanceUnit, type Allowance, type AllowanceFilter, type AllowanceUnit } from './allowance';
import { periodAt, type AllowancePeriod } from './period';

/** Below this much of a period elapsed, a burn rate says too little to project from. */
export const MIN_FORECAST_ELAPSED_MS = 3_600_000;

export type AllowanceStatus = 'ok' | 'warning' | 'exceeded';

export interface AllowanceForecast {
  /** Spend at the end of the period at the burn rate so far; undefined with no spend yet or under an hour elapsed. */
  readonly projected: number | undefined;
  /**
   * When the allowance runs out: for one already used up, when the spend reached the amount; otherwise when the
   * projection reaches it, if that is before the period ends. Undefined when it does not run out this period.
   */
  readonly runsOutAt?: Date;
}

export interface AllowanceUsage {
  readonly allowance: Allowance;
  readonly period: AllowancePeriod;
  readonly unit: AllowanceUnit;
  /** Spend in the period that counts against the allowance: USD of known costs, or all tokens. */
  readonly used: number;
  readonly amount: number;
  /** `used / amount`: 1 when the allowance is used up, more when it is overspent. */
  readonly fraction: number;
  /** `amount - used`: negative when overspent. */
  readonly remaining: number;
  /** For a USD allowance, tokens in the period whose cost is unknown (not counted in `used`); 0 for tokens. */
  readonly unpricedTokens: number;
  /** For a USD allowance, requests in the period whose cost is unknown; 0 for tokens. */
  readonly unpricedEvents: number;
  /** Requests in the period that count against the allowance. */
  readonly events: number;
  readonly forecast: AllowanceForecast;
  /**
   * `exceeded` at 100 % or more; `warning` once the highest soft threshold below 100 % is reached (80 % with the
   * default thresholds); otherwise `ok`.
   */
  readonly status: AllowanceStatus;
  /** The highest of the allowance's thresholds reached, in percent; undefined when none is. */
  readonly threshold: number | undefined;
  /** For a team-scope allowance: the member's own part of `used`, and the team ledger's figures it was read from. */
  readonly team?: TeamShare;
}

/** What the rest of the team spent in a period, as the team ledger last said (in the allowance's unit). */
export interface OthersSpend {
  readonly used: number;
  readonly events: number;
  readonly unpricedEvents: number;
  readonly unpricedTokens: number;
}

export interface TeamShare {
  /** The member's own spend in the period (from the local ledger, synced or not). */
  readonly memberUsed: number;
  /** The other members' spend, from the team ledger. */
  readonly othersUsed: number;
  /** When the team ledger was read; undefined when it never was (then `othersUsed` is 0). */
  readonly asOf: Date | undefined;
}

export interface UsageOptions {
  /** IANA time zone for allowances that name none. Default: the system's. */
  readonly defaultTimeZone?: string;
  /** The provider of a model id, for provider filters. Default: the bundled catalog's. */
  readonly providerOf?: (model: string) => string | undefined;
}

/** What a filter looks at: a ledger event, or a pending prompt. */
export interface SpendSubject {
  readonly model?: string;
  readonly source?: string;
}

/**
 * The allowance's use in the period containing `now`, from ledger events (in any order; those outside the period
 * or not matching the filter are skipped). Throws a RangeError for an unknown time zone or an invalid period setting.
 */
export function allowanceUsage(
  allowance: Allowance,
  events: Iterable<SpendEvent>,
  now: Date | number | string = Date.now(),
  options: UsageOptions = {},
  others?: OthersSpend,
): AllowanceUsage {
  const nowMs = toMs(now);
  const period = periodAt(allowance, nowMs, options.defaultTimeZone);
  const unit = allowanceUnit(allowance);
  const amount = allowanceAmount(allowance);
  if (!(amount > 0 && Number.isFinite(amount))) throw new RangeError(`Allowance ${allowance.id}: the amount is not a positive number`);
  const matches = filterMatcher(allowance.filter, options.providerOf);
  const start = period.start.getTime();
  const end = period.end.getTime();
  // Requests dated in the future (a clock ahead, a log rewritten with later times) count once their time comes.
  const until = nowMs + FUTURE_MARGIN_MS;
  // The rest of the team's spend (a team-scope allowance) counts from the period's start: its times are not known here.
  const counted: { ms: number; amount: number }[] = others ? [{ ms: start, amount: others.used }] : [];
  let used = others?.used ?? 0;
  let unpricedTokens = others?.unpricedTokens ?? 0;
  let unpricedEvents = others?.unpricedEvents ?? 0;
  for (const event of events) {
    const ms = Date.parse(event.time);
    if (!(ms >= start && ms < end && ms <= until) || !matches(event)) continue;
    let value: number;
    if (unit === 'tokens') {
      value = totalTokens(event.tokens);
    } else if (unit === 'premium-requests') {
      // A request without a known multiplier is counted apart, like a request without a price.
      if (event.premiumRequests === undefined) {
        unpricedEvents++;
        counted.push({ ms, amount: 0 });
        continue;
      }
      value = event.premiumRequests;
    } else {
      unpricedTokens += unpricedTokensOf(event);
      if (event.usd === undefined) {
        unpricedEvents++;
        counted.push({ ms, amount: 0 });
        continue;
      }
      value = event.usd;
    }
    used += value;
    counted.push({ ms, amount: value });
  }
  const fraction = used / amount;
  const thresholds = allowanceThresholds(allowance);
  const reached = thresholds.filter((threshold) => hasReached(used, amount, threshold));
  const soft = thresholds.filter((threshold) => threshold < 100);
  let status: AllowanceStatus = 'ok';
  if (hasReached(used, amount, 100)) status = 'exceeded';
  else if (soft.length > 0 && hasReached(used, amount, soft[soft.length - 1])) status = 'warning';
  return {
    allowance,
    period,
    unit,
    used,
    amount,
    fraction,
    remaining: amount - used,
    unpricedTokens,
    unpricedEvents,
    events: counted.length + (others ? others.events - 1 : 0),
    forecast: forecast(counted, used, amount, start, end, nowMs),
    status,
    threshold: reached.length > 0 ? reached[reached.length - 1] : undefined,
  };
}

/** The usages of several allowances over the same events. */
export function allowanceUsages(
  allowances: Iterable<Allowance>,
  events: Iterable<SpendEvent>,
  now: Date | number | string = Date.now(),
  options: UsageOptions = {},
): AllowanceUsage[] {
  const list = [...events];
  return [...allowances].map((allowance) => allowanceUsage(allowance, list, now, options));
}

/**
 * The usage that drives the status bar: the one with the highest fraction used; on a tie a hard allowance before a
 * soft one, then the first given. Undefined for none.
 */
export function tighter(usages: Iterable<AllowanceUsage>): AllowanceUsage | undefined {
  let best: AllowanceUsage | undefined;
  for (const usage of usages) {
    if (
      best === undefined ||
      usage.fraction > best.fraction ||
      (usage.fraction === best.fraction && usage.allowance.hard === true && best.allowance.hard !== true)
    ) {
      best = usage;
    }
  }
  return best;
}

/** A prompt about to be sent: its model and source (for the allowance's filter) and its projected cost. */
export interface PendingPrompt extends SpendSubject {
  /** The projected cost in USD; undefined when it is not known. */
  readonly usd?: number | undefined;
  /** The projected tokens (input and expected output); undefined when not known. */
  readonly tokens?: number | undefined;
}

/**
 * What would remain of the allowance after the pending prompt (negative: it would overspend by that much). A prompt
 * the allowance's filter leaves out changes nothing (a filter on something the prompt does not name counts it, to be
 * safe). Undefined when the prompt counts but its cost in the allowance's unit is not known: it is never taken as 0.
 */
export function wouldLeave(
  usage: AllowanceUsage,
  prompt: PendingPrompt,
  options: Pick<UsageOptions, 'providerOf'> = {},
): number | undefined {
  if (!allowanceApplies(usage.allowance, prompt, options.providerOf)) return usage.remaining;
  // A prompt about to be sent has no premium-request figure: only Copilot's own files give one.
  const cost = usage.unit === 'usd' ? prompt.usd : usage.unit === 'tokens' ? prompt.tokens : undefined;
  if (cost === undefined || !Number.isFinite(cost)) return undefined;
  return usage.remaining - cost;
}

/**
 * Whether spend on this model and source counts against the allowance. A filter list on something the subject does
 * not name (no model, no source, or a model whose provider is unknown) is taken to match.
 */
export function allowanceApplies(allowance: Allowance, subject: SpendSubject, providerOf?: (model: string) => string | undefined): boolean {
  return filterMatcher(allowance.filter, providerOf, true)(subject);
}

/** Whether spend on a model and source counts against a filter, for spend that names both (strict: an unknown provider does not match a provider filter). */
export function spendMatcher(
  filter: AllowanceFilter | undefined,
  providerOf?: (model: string) => string | undefined,
): (subject: SpendSubject) => boolean {
  return filterMatcher(filter, providerOf);
}

function filterMatcher(
  filter: AllowanceFilter | undefined,
  providerOf: ((model: string) => string | undefined) | undefined,
  lenient = false,
): (subject: SpendSubject) => boolean {
  const models = lowerSet(filter?.models);
  const providers = lowerSet(filter?.providers);
  const sources = lowerSet(filter?.sources);
  if (!models && !providers && !sources) return () => true;
  const provider = memo(providerOf ?? ((model: string) => findModel(model)?.provider));
  const catalogId = memo(catalogIdOf);
  const modelIds = models ? new Set([...models].map((model) => catalogId(model) ?? model)) : undefined;
  return (subject) => {
    if (models) {
      if (subject.model === undefined) {
        if (!lenient) return false;
      } else {
        const model = subject.model.trim().toLowerCase();
        if (!models.has(model) && !modelIds?.has(catalogId(model) ?? model)) return false;
      }
    }
    if (providers) {
      const named = subject.model === undefined ? undefined : provider(subject.model);
      if (named === undefined) {
        if (!lenient) return false;
      } else if (!providers.has(named.toLowerCase())) return false;
    }
    if (sources) {
      if (subject.source === undefined) {
        if (!lenient) return false;
      } else if (!sources.has(subject.source.trim().toLowerCase())) return false;
    }
    return true;
  };
}

/** The catalog's `provider/id` for a model name, so that an alias or dated snapshot matches its model. */
function catalogIdOf(model: string): string | undefined {
  const found = findModel(model);
  return found ? `${found.provider}/${found.id}`.toLowerCase() : undefined;
}

function memo(lookup: (model: string) => string | undefined): (model: string) => string | undefined {
  const known = new Map<string, string | undefined>();
  return (model) => {
    if (!known.has(model)) known.set(model, lookup(model));
    return known.get(model);
  };
}

function lowerSet(values: readonly string[] | undefined): Set<string> | undefined {
  const cleaned = (values ?? []).map((value) => value.trim().toLowerCase()).filter((value) => value !== '');
  return cleaned.length > 0 ? new Set(cleaned) : undefined;
}

/** Whether `used` is at least `percent` % of `amount`, forgiving the rounding of summed costs. */
export function hasReached(used: number, amount: number, percent: number): boolean {
  return used * 100 >= percent * amount * (1 - 1e-9);
}

function forecast(
  counted: { ms: number; amount: number }[],
  used: number,
  amount: number,
  start: number,
  end: number,
  now: number,
): AllowanceForecast {
  const length = end - start;
  const elapsed = Math.min(Math.max(now - start, 0), length);
  const projected = used > 0 && elapsed >= Math.min(MIN_FORECAST_ELAPSED_MS, length) ? (used * length) / elapsed : undefined;
  if (hasReached(used, amount, 100)) {
    // Already used up: when it happened.
    let sum = 0;
    for (const entry of counted.sort((a, b) => a.ms - b.ms)) {
      sum += entry.amount;
      if (hasReached(sum, amount, 100)) return { projected, runsOutAt: new Date(entry.ms) };
    }
    return { projected };
  }
  if (projected === undefined || projected < amount) return { projected };
  const runsOut = start + Math.round((amount / used) * elapsed);
  return runsOut < end ? { projected, runsOutAt: new Date(runsOut) } : { projected };
}

function toMs(time: Date | number | string): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time: ${String(time)}`);
  return ms;
}
