import * as assert from 'node:assert/strict';
import { priceEvent, resolveRange, summarizeSpend, type DayRange, type SpendEvent } from '../../src/core';

function event(
  id: string,
  time: string,
  model: string,
  input: number,
  output: number,
  extra: Partial<{ source: string; sessionId: string; project: string; usd: number }> = {},
): SpendEvent {
  return priceEvent({
    id,
    time,
    model,
    tokens: { input, output },
    source: extra.source ?? 'claude-code',
    sessionId: extra.sessionId,
    project: extra.project,
    usd: extra.usd,
  });
}

describe('summarizeSpend', () => {
  // Tuesday 2026-11-24, 10:00 in New York (15:00 UTC).
  const now = new Date('2026-11-24T15:00:00Z');
  const events = [
    event('a', '2026-11-24T14:00:00Z', 'gpt-5.1', 1_000_000, 0, { sessionId: 's1', project: '/p/web', source: 'codex' }), // $1.25 calculated
    event('b', '2026-11-24T14:30:00Z', 'claude-sonnet-4-5', 0, 0, { sessionId: 's2', project: '/p/api', usd: 2 }), // $2 recorded
    event('c', '2026-11-24T03:00:00Z', 'claude-sonnet-4-5', 0, 0, { sessionId: 's2', project: '/p/api', usd: 0.5 }), // 22:00 on the 23rd in New York
    event('d', '2026-11-23T12:00:00Z', 'mystery-model', 500, 0, { sessionId: 's3' }), // unknown price
    event('e', '2026-11-01T12:00:00Z', 'gpt-5.1', 0, 100_000, { sessionId: 's4' }), // $1.00, same month
    event('f', '2026-10-31T12:00:00Z', 'gpt-5.1', 0, 100_000, { sessionId: 's5' }), // last month
  ];
  const timeZone = 'America/New_York';
  const range = (id: 'this-month' | 'last-30-days' | 'last-month') => resolveRange({ id }, '2026-11-24') as DayRange;
  const summary = summarizeSpend(events, { now, timeZone, range: range('last-30-days') });
  const month = summarizeSpend(events, { now, timeZone });
  const usd = (value: number | undefined) => Math.round((value ?? NaN) * 1e6) / 1e6;

  it('totals today, this ISO week and this month in the chosen time zone, whatever the range', () => {
    assert.equal(usd(summary.today.usd), 3.25); // a + b; c fell on the 23rd in New York
    assert.equal(usd(summary.week.usd), 3.75); // Monday 23rd onwards: a + b + c (+ d unpriced)
    assert.equal(summary.week.unpricedTokens, 500);
    assert.equal(usd(summary.month.usd), 4.75); // a + b + c + e
  });

  it('totals the range: the last 30 days take in October 31st, this month does not', () => {
    assert.equal(usd(summary.total.usd), 5.75); // a + b + c + e + f
    assert.equal(usd(month.total.usd), 4.75);
    assert.equal(month.range.from, '2026-11-01');
    const october = summarizeSpend(events, { now, timeZone, range: range('last-month') });
    assert.equal(usd(october.total.usd), 1); // f
    assert.equal(october.eventsInRange, 1);
  });

  it('gives one bar per day of the range, oldest first, empty days included, with cost by model', () => {
    assert.equal(summary.bars.length, 30);
    assert.equal(summary.bars[0].from, '2026-10-26');
    assert.equal(summary.bars[29].from, '2026-11-24');
    assert.equal(usd(summary.bars[28].totals.usd), 0.5);
    assert.equal(summary.bars[28].totals.unpricedTokens, 500);
    assert.equal(summary.bars[10].totals.count, 0);
    assert.deepEqual(Object.keys(summary.bars[29].byModel).sort(), ['claude-sonnet-4-5', 'gpt-5.1']);
    assert.equal(usd(summary.bars[29].bySource.codex), 1.25);
  });

  it('breaks the range down by model, source, project and token kind, and by cost basis', () => {
    assert.deepEqual(
      month.byModel.map((bucket) => [bucket.key, usd(bucket.usd)]),
      [
        ['claude-sonnet-4-5', 2.5],
        ['gpt-5.1', 2.25],
        ['mystery-model', NaN],
      ],
    );
    assert.deepEqual(
      month.bySource.map((bucket) => bucket.key),
      ['claude-code', 'codex'],
    );
    assert.equal(month.byKind.input, 1_000_500);
    assert.equal(month.byKind.output, 100_000);
    assert.equal(summary.byKind.output, 200_000);
    assert.equal(usd(month.byBasis.recorded.usd), 2.5);
    assert.equal(usd(month.byBasis.calculated.usd), 2.25);
    assert.equal(month.byBasis.calculated.unpricedTokens, 500);
  });

  it("lists the range's sessions newest first with their requests, and the costliest", () => {
    assert.deepEqual(
      summary.recentSessions.map((session) => session.sessionId),
      ['s2', 's1', 's3', 's4', 's5'],
    );
    assert.deepEqual(
      month.recentSessions.map((session) => session.sessionId),
      ['s2', 's1', 's3', 's4'],
    );
    const api = summary.recentSessions[0];
    assert.deepEqual(
      api.requests.map((request) => request.id),
      ['b', 'c'],
    );
    assert.equal(api.durationMs, 11.5 * 3_600_000);
    assert.deepEqual(
      summary.topSessions.map((session) => [session.sessionId, usd(session.usd)]),
      [
        ['s2', 2.5],
        ['s1', 1.25],
        ['s4', 1],
        ['s5', 1],
      ],
    );
  });

  it('keeps events dated in the future apart until their time comes', () => {
    const ahead = event('g', '2026-11-24T19:00:00Z', 'gpt-5.1', 0, 100_000, { sessionId: 's1' }); // 4 hours ahead
    const nearlyNow = event('h', '2026-11-24T15:04:00Z', 'gpt-5.1', 0, 100_000, { sessionId: 's1' }); // a clock 4 minutes ahead
    const withFuture = summarizeSpend([...events, ahead, nearlyNow], { now, timeZone });
    assert.equal(withFuture.future.count, 1);
    assert.equal(withFuture.future.latest, '2026-11-24T19:00:00.000Z');
    assert.equal(usd(withFuture.today.usd), 4.25); // a + b + h, not g
    const later = summarizeSpend([...events, ahead], { now: new Date('2026-11-24T19:30:00Z'), timeZone });
    assert.equal(later.future.count, 0);
    assert.equal(usd(later.today.usd), 4.25); // a + b + g
  });

  it('charts a long range by week, the first bar starting with the range and the others on Mondays', () => {
    const all = summarizeSpend(events, { now, timeZone, range: resolveRange({ id: 'last-90-days' }, '2026-11-24') as DayRange });
    assert.equal(all.range.bucket, 'week');
    assert.equal(all.bars[0].from, '2026-08-27');
    assert.equal(all.bars[0].to, '2026-08-30'); // a Sunday
    assert.equal(all.bars[1].from, '2026-08-31'); // a Monday
    assert.equal(all.bars.at(-1)!.from, '2026-11-23');
    assert.equal(all.bars.at(-1)!.to, '2026-11-24');
    assert.equal(usd(all.bars.at(-1)!.totals.usd), 3.75);
    assert.equal(usd(all.bars.reduce((sum, bar) => sum + (bar.totals.usd ?? 0), 0)), 5.75);
  });
});
