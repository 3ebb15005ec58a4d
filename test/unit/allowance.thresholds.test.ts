import * as assert from 'node:assert/strict';
import { allowanceUsage, thresholdKey } from '../../src/core/allowances';
import { crossedThresholds, currentAlertKeys, type Allowance, type SpendEvent } from '../../src/core';

let serial = 0;
function event(time: string, usd: number | undefined): SpendEvent {
  return {
    id: `t${++serial}`,
    time,
    source: 'codex',
    model: 'gpt-4o',
    tokens: { input: 100, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output: 10, reasoning: 0 },
    usd,
    costBasis: usd === undefined ? 'calculated' : 'recorded',
    unpricedTokens: usd === undefined ? 110 : 0,
  };
}

const daily: Allowance = { id: 'daily', amount: { usd: 20 }, period: 'day', timeZone: 'UTC', origin: 'personal' };
const UTC = { defaultTimeZone: 'UTC' };

/** What a caller does: alert the new crossings and remember their keys. */
function alert(alerted: Set<string>, allowance: Allowance, events: SpendEvent[], now: string): number[] {
  const crossings = crossedThresholds(allowanceUsage(allowance, events, now, UTC), alerted);
  for (const crossing of crossings) alerted.add(crossing.key);
  return crossings.map((crossing) => crossing.threshold);
}

describe('allowance thresholds', () => {
  it('are crossed once per period', () => {
    const alerted = new Set<string>();
    const events = [event('2026-11-24T08:00:00Z', 6)];
    assert.deepEqual(alert(alerted, daily, events, '2026-11-24T09:00:00Z'), []);
    events.push(event('2026-11-24T09:00:00Z', 5)); // $11: 55 %
    assert.deepEqual(alert(alerted, daily, events, '2026-11-24T09:30:00Z'), [50]);
    assert.deepEqual(alert(alerted, daily, events, '2026-11-24T10:00:00Z'), []);
    events.push(event('2026-11-24T10:00:00Z', 5)); // $16: 80 %
    assert.deepEqual(alert(alerted, daily, events, '2026-11-24T10:30:00Z'), [80]);
    assert.deepEqual(alert(alerted, daily, events, '2026-11-24T11:00:00Z'), []);
    events.push(event('2026-11-24T11:00:00Z', 4)); // $20: 100 %
    assert.deepEqual(alert(alerted, daily, events, '2026-11-24T11:30:00Z'), [100]);
    events.push(event('2026-11-24T12:00:00Z', 4)); // over
    assert.deepEqual(alert(alerted, daily, events, '2026-11-24T12:30:00Z'), []);
    assert.deepEqual([...alerted], ['daily:day:2026-11-24:50', 'daily:day:2026-11-24:80', 'daily:day:2026-11-24:100']);
  });

  it('are crossed again in the next period', () => {
    const alerted = new Set<string>();
    const events = [event('2026-11-24T08:00:00Z', 11)];
    assert.deepEqual(alert(alerted, daily, events, '2026-11-24T09:00:00Z'), [50]);
    // The next day starts from nothing.
    assert.deepEqual(alert(alerted, daily, events, '2026-11-25T09:00:00Z'), []);
    events.push(event('2026-11-25T10:00:00Z', 12));
    assert.deepEqual(alert(alerted, daily, events, '2026-11-25T11:00:00Z'), [50]);
    assert.ok(alerted.has('daily:day:2026-11-25:50'));
  });

  it('yield each of several thresholds crossed at once, lowest first', () => {
    const usage = allowanceUsage(daily, [event('2026-11-24T08:00:00Z', 21)], '2026-11-24T09:00:00Z', UTC);
    const crossings = crossedThresholds(usage, new Set());
    assert.deepEqual(
      crossings.map((crossing) => crossing.threshold),
      [50, 80, 100],
    );
    assert.deepEqual(
      crossings.map((crossing) => crossing.key),
      ['daily:day:2026-11-24:50', 'daily:day:2026-11-24:80', 'daily:day:2026-11-24:100'],
    );
    assert.equal(crossings[crossings.length - 1].usage, usage);
    // Those already alerted (even in another window) are left out.
    assert.deepEqual(
      crossedThresholds(usage, new Set(['daily:day:2026-11-24:50'])).map((crossing) => crossing.threshold),
      [80, 100],
    );
  });

  it('follow the allowance thresholds and tokens amounts', () => {
    const tokens: Allowance = { ...daily, id: 'team-tokens', origin: 'team', amount: { tokens: 800 }, thresholds: [90, 25, 25] };
    const usage = allowanceUsage(
      tokens,
      [event('2026-11-24T08:00:00Z', 1), event('2026-11-24T08:30:00Z', undefined)],
      '2026-11-24T09:00:00Z',
      UTC,
    );
    assert.equal(usage.used, 220);
    assert.deepEqual(
      crossedThresholds(usage, new Set()).map((crossing) => crossing.key),
      ['team-tokens:day:2026-11-24:25'],
    );
  });

  it('do not count unknown costs towards a USD allowance', () => {
    const usage = allowanceUsage(daily, [event('2026-11-24T08:00:00Z', undefined)], '2026-11-24T09:00:00Z', UTC);
    assert.deepEqual(crossedThresholds(usage, new Set()), []);
  });

  it('have keys for week and month periods too, and old ones can be dropped', () => {
    const weekly: Allowance = { ...daily, id: 'weekly', period: 'week', amount: { usd: 10 } };
    const monthly: Allowance = { ...daily, id: 'monthly', period: 'month', monthStartsOn: 15, amount: { usd: 10 } };
    const events = [event('2026-11-24T08:00:00Z', 6)];
    const week = allowanceUsage(weekly, events, '2026-11-24T09:00:00Z', UTC);
    const month = allowanceUsage(monthly, events, '2026-11-24T09:00:00Z', UTC);
    assert.equal(thresholdKey(week, 50), 'weekly:week:2026-11-23:50');
    assert.equal(thresholdKey(month, 50), 'monthly:month:2026-11-15:50');
    const stored = [
      'weekly:week:2026-11-16:50',
      'weekly:week:2026-11-23:50',
      'monthly:month:2026-10-15:80',
      'team:daily:day:2026-11-24:105', // a team allowance whose config has not loaded yet: its day still runs
      'gone:day:2026-11-20:50', // an allowance no longer in force, its day long over
    ];
    assert.deepEqual(currentAlertKeys(stored, [week, month], new Date('2026-11-24T09:00:00Z')), [
      'weekly:week:2026-11-23:50',
      'team:daily:day:2026-11-24:105',
    ]);
  });
});
