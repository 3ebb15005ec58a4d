import * as assert from 'node:assert/strict';
import { priceEvent, summarizeSpend, type SpendEvent } from '../../src/core';

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
  const summary = summarizeSpend(events, { now, timeZone: 'America/New_York', days: 30 });
  const usd = (value: number | undefined) => Math.round((value ?? NaN) * 1e6) / 1e6;

  it('totals today, this ISO week and this month in the chosen time zone', () => {
    assert.equal(usd(summary.today.usd), 3.25); // a + b; c fell on the 23rd in New York
    assert.equal(usd(summary.week.usd), 3.75); // Monday 23rd onwards: a + b + c (+ d unpriced)
    assert.equal(summary.week.unpricedTokens, 500);
    assert.equal(usd(summary.month.usd), 4.75); // a + b + c + e
  });

  it('lists the last 30 days oldest first with empty days included', () => {
    assert.equal(summary.daily.length, 30);
    assert.equal(summary.daily[0].day, '2026-10-26');
    assert.equal(summary.daily[29].day, '2026-11-24');
    assert.equal(usd(summary.daily[28].totals.usd), 0.5);
    assert.equal(summary.daily[28].totals.unpricedTokens, 500);
    assert.equal(summary.daily[10].totals.count, 0);
  });

  it('breaks this month down by model, source and project, and by cost basis', () => {
    assert.deepEqual(
      summary.byModel.map((bucket) => [bucket.key, usd(bucket.usd)]),
      [
        ['claude-sonnet-4-5', 2.5],
        ['gpt-5.1', 2.25],
        ['mystery-model', NaN],
      ],
    );
    assert.deepEqual(
      summary.bySource.map((bucket) => bucket.key),
      ['claude-code', 'codex'],
    );
    assert.equal(usd(summary.byBasis.recorded.usd), 2.5);
    assert.equal(usd(summary.byBasis.calculated.usd), 2.25);
    assert.equal(summary.byBasis.calculated.unpricedTokens, 500);
  });

  it('lists recent sessions newest first with their requests', () => {
    assert.deepEqual(
      summary.recentSessions.map((session) => session.sessionId),
      ['s2', 's1', 's3', 's4', 's5'],
    );
    const api = summary.recentSessions[0];
    assert.deepEqual(
      api.requests.map((request) => request.id),
      ['b', 'c'],
    );
    assert.equal(api.durationMs, 11.5 * 3_600_000);
  });
});
