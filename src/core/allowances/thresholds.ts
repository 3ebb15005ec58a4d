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

/** Stored announcement keys, at most: the newest are kept. */
const MAX_ALERT_KEYS = 500;
/** How long after a period's first day its keys may still matter, by period kind (a day of slack for time zones). */
const PERIOD_DAYS: Readonly<Record<string, number>> = { day: 2, week: 8, month: 32 };

/**
 * The alerted keys worth keeping, so that a threshold is announced once per period across reloads and windows: those
 * of an allowance in force whose current period they belong to, and those of an allowance not in force right now
 * (a team config still loading, another window's allowance) whose period may still run. The stored set stays small.
 */
export function currentAlertKeys(
  alreadyAlerted: Iterable<string>,
  usages: Iterable<AllowanceUsage>,
  now: Date | number = Date.now(),
): string[] {
  const list = [...usages];
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const kept = [...alreadyAlerted].filter((key) => {
    const owners = list.filter((usage) => key.startsWith(`${usage.allowance.id}:`));
    if (owners.length > 0) return owners.some((usage) => key.startsWith(`${usage.allowance.id}:${usage.period.key}:`));
    const [kind, start] = key.split(':').slice(-3, -1);
    const started = Date.parse(`${start}T00:00:00Z`);
    return kind in PERIOD_DAYS && Number.isFinite(started) && nowMs < started + PERIOD_DAYS[kind] * 86_400_000;
  });
  return kept.slice(-MAX_ALERT_KEYS);
}
