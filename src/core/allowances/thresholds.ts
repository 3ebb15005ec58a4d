// Soft-threshold alerts: which of an allowance's thresholds the current period has newly reached. Each crossing has a
// stable key, `<allowance id>:<period key>:<threshold>`; the caller alerts once per key and keeps the keys it has
// alerted (plain strings, so they survive reloads and can be shared by every window). A new period has new keys,
// so the thresholds alert again.
import { allowanceThresholds } from './allowance';
import { hasReached, type AllowanceUsage } from './usage';

export interface ThresholdCrossing {
  /** The threshold, in percent of the amount. */
  readonly threshold: number;
  /** `<allowance id>:<period key>:<threshold>`, e.g. `daily:day:2026-11-24:80`. */
  readonly key: string;
  readonly usage: AllowanceUsage;
}

/** The alert key of one threshold of the usage's allowance in the usage's period. */
export function thresholdKey(usage: AllowanceUsage, threshold: number): string {
  return `${usage.allowance.id}:${usage.period.key}:${threshold}`;
}

/**
 * The thresholds the usage has reached whose keys are not in `alreadyAlerted`, lowest first. When spend jumps past
 * several at once (50 % and 80 % with one request), each is returned: the caller may show only the highest
 * (the last) but should remember every key, so the lower ones do not alert later in the period.
 */
export function crossedThresholds(usage: AllowanceUsage, alreadyAlerted: ReadonlySet<string>): ThresholdCrossing[] {
  const crossings: ThresholdCrossing[] = [];
  for (const threshold of allowanceThresholds(usage.allowance)) {
    if (!hasReached(usage.used, usage.amount, threshold)) continue;
    const key = thresholdKey(usage, threshold);
    if (!alreadyAlerted.has(key)) crossings.push({ threshold, key, usage });
  }
  return crossings;
}

/**
 * The alerted keys that still belong to one of the usages' current periods: what is worth keeping, so the stored set
 * does not grow period after period.
 */
export function currentAlertKeys(alreadyAlerted: Iterable<string>, usages: Iterable<AllowanceUsage>): string[] {
  const prefixes = [...usages].map((usage) => `${usage.allowance.id}:${usage.period.key}:`);
  return [...alreadyAlerted].filter((key) => prefixes.some((prefix) => key.startsWith(prefix)));
}
