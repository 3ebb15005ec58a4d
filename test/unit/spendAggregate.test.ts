import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import {
  aggregate,
  byDay,
  byModel,
  byMonth,
  byProject,
  bySession,
  bySource,
  byWeek,
  sessions,
  totals,
  totalsBetween,
} from '../../src/core/spend';
import { isoWeek } from '../../src/core/calendar';
import { localDay, type SpendBucket, type SpendEvent, type SpendTotals } from '../../src/core';
import { spendTokens } from '../support/builders';

let serial = 0;
function event(time: string, fields: Partial<SpendEvent> = {}): SpendEvent {
  return {
    id: `e${++serial}`,
    time,
    source: 'claude-code',
    model: 'claude-sonnet-4-5',
    tokens: spendTokens({ input: 1 }),
    usd: 1,
    costBasis: 'recorded',
    unpricedTokens: 0,
    ...fields,
  };
}

function assertUsd(actual: number | undefined, expected: number | undefined, message = 'cost'): void {
  if (expected === undefined) return assert.equal(actual, undefined, `${message} should be unknown`);
  assert.ok(actual !== undefined, `${message} is unknown, expected ${expected}`);
  assert.ok(Math.abs(actual - expected) < 1e-12, `${message}: ${actual} ≠ ${expected}`);
}

/** Compares buckets by key, cost, unpriced tokens, unpriced events and count. */
function assertBuckets(actual: readonly SpendBucket[], expected: readonly [string, number | undefined, number, number, number][]): void {
  assert.deepEqual(
    actual.map((bucket) => bucket.key),
    expected.map(([key]) => key),
  );
  expected.forEach(([key, usd, unpricedTokens, unpricedEvents, count], index) => {
    const bucket = actual[index];
    assertUsd(bucket.usd, usd, key);
    assert.deepEqual([bucket.unpricedTokens, bucket.unpricedEvents, bucket.count], [unpricedTokens, unpricedEvents, count], key);
  });
}

const keys = (buckets: readonly SpendBucket[]) => buckets.map((bucket) => [bucket.key, bucket.count]);

describe('spend aggregation', () => {
  describe('by day, week and month', () => {
    it('splits days at midnight of the given time zone', () => {
      const events = [event('2026-11-24T23:59:59.999Z'), event('2026-11-25T00:00:00.000Z')];
      assert.deepEqual(keys(byDay(events, 'UTC')), [
        ['2026-11-24', 1],
        ['2026-11-25', 1],
      ]);
      // UTC+1 in November: both after midnight on the 25th.
      assert.deepEqual(keys(byDay(events, 'Europe/Berlin')), [['2026-11-25', 2]]);
      // UTC−8: both in the afternoon of the 24th.
      assert.deepEqual(keys(byDay(events, 'America/Los_Angeles')), [['2026-11-24', 2]]);
      assert.deepEqual(keys(byDay(events, 'Asia/Kolkata')), [['2026-11-25', 2]]);
    });

    it('follows daylight saving time changes in America/New_York', () => {
      // Spring forward on 2026-03-08 (UTC−5 until 07:00Z, then UTC−4): a 23-hour day.
      const spring = [
        event('2026-03-08T04:30:00Z'), // 23:30 EST on the 7th
        event('2026-03-08T05:30:00Z'), // 00:30 EST on the 8th
        event('2026-03-09T03:30:00Z'), // 23:30 EDT on the 8th
        event('2026-03-09T04:30:00Z'), // 00:30 EDT on the 9th
      ];
      assert.deepEqual(keys(byDay(spring, 'America/New_York')), [
        ['2026-03-07', 1],
        ['2026-03-08', 2],
        ['2026-03-09', 1],
      ]);
      // Fall back on 2026-11-01 (UTC−4 until 06:00Z, then UTC−5): a 25-hour day.
      const fall = [
        event('2026-11-01T03:30:00Z'), // 23:30 EDT on October 31
        event('2026-11-01T04:30:00Z'), // 00:30 EDT on the 1st
        event('2026-11-01T05:30:00Z'), // 01:30 EDT
        event('2026-11-01T06:30:00Z'), // 01:30 EST, the same wall-clock time again
        event('2026-11-02T04:30:00Z'), // 23:30 EST on the 1st
        event('2026-11-02T05:30:00Z'), // 00:30 EST on the 2nd
      ];
      assert.deepEqual(keys(byDay(fall, 'America/New_York')), [
        ['2026-10-31', 1],
        ['2026-11-01', 4],
        ['2026-11-02', 1],
      ]);
      assert.deepEqual(keys(byDay(fall, 'UTC')), [
        ['2026-11-01', 4],
        ['2026-11-02', 2],
      ]);
    });

    it('numbers ISO weeks from Monday, in the year of their Thursday', () => {
      assert.equal(isoWeek(2026, 11, 24), '2026-W48');
      assert.equal(isoWeek(2026, 12, 28), '2026-W53');
      assert.equal(isoWeek(2026, 12, 31), '2026-W53');
      assert.equal(isoWeek(2027, 1, 1), '2026-W53');
      assert.equal(isoWeek(2027, 1, 3), '2026-W53');
      assert.equal(isoWeek(2027, 1, 4), '2027-W01');
      assert.equal(isoWeek(2025, 12, 29), '2026-W01');
      assert.equal(isoWeek(2026, 1, 1), '2026-W01');
      assert.equal(isoWeek(2026, 1, 4), '2026-W01');
      assert.equal(isoWeek(2026, 1, 5), '2026-W02');
      assert.equal(isoWeek(2021, 1, 3), '2020-W53');
      assert.equal(isoWeek(2024, 12, 30), '2025-W01');
    });

    it('groups by ISO week around the new year, in the given time zone', () => {
      const events = [
        event('2026-12-31T12:00:00Z'),
        event('2027-01-03T23:00:00Z'),
        event('2027-01-04T03:00:00Z'), // Monday in UTC, still Sunday evening in New York
        event('2027-01-04T12:00:00Z'),
      ];
      assert.deepEqual(keys(byWeek(events, 'UTC')), [
        ['2026-W53', 2],
        ['2027-W01', 2],
      ]);
      assert.deepEqual(keys(byWeek(events, 'America/New_York')), [
        ['2026-W53', 3],
        ['2027-W01', 1],
      ]);
      // In Tokyo (UTC+9) 23:00Z on the 3rd is already Monday the 4th.
      assert.deepEqual(keys(byWeek(events, 'Asia/Tokyo')), [
        ['2026-W53', 1],
        ['2027-W01', 3],
      ]);
    });

    it('groups by month in the given time zone', () => {
      const events = [event('2026-10-31T20:00:00Z'), event('2026-11-30T23:30:00Z'), event('2026-12-01T02:00:00Z')];
      assert.deepEqual(keys(byMonth(events, 'UTC')), [
        ['2026-10', 1],
        ['2026-11', 1],
        ['2026-12', 1],
      ]);
      assert.deepEqual(keys(byMonth(events, 'Asia/Tokyo')), [
        ['2026-11', 1],
        ['2026-12', 2],
      ]);
      assert.deepEqual(keys(byMonth(events, 'America/New_York')), [
        ['2026-10', 1],
        ['2026-11', 2],
      ]);
    });

    it('gives the local day of an instant, and refuses an unknown time zone', () => {
      assert.equal(localDay('2026-03-09T03:30:00Z', 'America/New_York'), '2026-03-08');
      assert.equal(localDay(new Date('2026-03-09T03:30:00Z'), 'UTC'), '2026-03-09');
      assert.throws(() => localDay('2026-03-09T03:30:00Z', 'Mars/Olympus_Mons'), RangeError);
      assert.throws(() => aggregate([event('2026-03-09T03:30:00Z')], 'day', { timeZone: 'Mars/Olympus_Mons' }), RangeError);
    });
  });

  describe('by model, source, project and session', () => {
    const priced = (usd: number, fields: Partial<SpendEvent>) => ({ usd, costBasis: 'recorded' as const, unpricedTokens: 0, ...fields });
    const events: SpendEvent[] = [
      event('2026-11-24T09:00:00Z', priced(0.25, { sessionId: 'A', project: '/p/shop', tokens: spendTokens({ input: 100, output: 10 }) })),
      event(
        '2026-11-24T09:20:00Z',
        priced(0.05, {
          sessionId: 'A',
          project: '/p/shop',
          model: 'claude-haiku-4-5',
          tokens: spendTokens({ input: 200, cacheRead: 1000 }),
        }),
      ),
      event(
        '2026-11-24T10:00:00Z',
        priced(0.125, {
          source: 'codex',
          sessionId: 'B',
          project: '/p/api',
          model: 'gpt-5',
          tokens: spendTokens({ input: 300, output: 30, reasoning: 20 }),
        }),
      ),
      event('2026-11-24T10:30:00Z', {
        source: 'codex',
        sessionId: 'B',
        project: '/p/api',
        model: 'mystery-model',
        tokens: spendTokens({ input: 400, output: 40 }),
        usd: undefined,
        costBasis: 'calculated',
        unpricedTokens: 440,
      }),
      event('2026-11-25T08:00:00Z', {
        source: 'manual',
        model: 'mystery-model',
        tokens: spendTokens({ input: 50 }),
        usd: undefined,
        costBasis: 'estimated',
        unpricedTokens: 50,
      }),
      // Partly priced: 5 reasoning tokens had no rate.
      event('2026-11-23T12:00:00Z', {
        source: 'codex',
        sessionId: 'C',
        project: '/p/shop',
        model: 'gpt-5',
        tokens: spendTokens({ input: 1000, cacheWrite: 7, cacheWrite1h: 3, reasoning: 5 }),
        usd: 0.5,
        costBasis: 'calculated',
        unpricedTokens: 5,
      }),
    ];

    it('by model: highest cost first, an unknown cost last and counted as unpriced, never $0', () => {
      assertBuckets(byModel(events), [
        ['gpt-5', 0.625, 5, 0, 2],
        ['claude-sonnet-4-5', 0.25, 0, 0, 1],
        ['claude-haiku-4-5', 0.05, 0, 0, 1],
        ['mystery-model', undefined, 490, 2, 2],
      ]);
      assert.deepEqual(byModel(events)[0].tokens, spendTokens({ input: 1300, cacheWrite: 7, cacheWrite1h: 3, output: 30, reasoning: 25 }));
    });

    it('by source', () => {
      assertBuckets(bySource(events), [
        ['codex', 0.625, 445, 1, 3],
        ['claude-code', 0.3, 0, 0, 2],
        ['manual', undefined, 50, 1, 1],
      ]);
      assert.deepEqual(bySource(events)[1].tokens, spendTokens({ input: 300, cacheRead: 1000, output: 10 }));
    });

    it('by project, with events of no project under the empty key', () => {
      assertBuckets(byProject(events), [
        ['/p/shop', 0.8, 5, 0, 3],
        ['/p/api', 0.125, 440, 1, 2],
        ['', undefined, 50, 1, 1],
      ]);
    });

    it('by session', () => {
      assertBuckets(bySession(events), [
        ['C', 0.5, 5, 0, 1],
        ['A', 0.3, 0, 0, 2],
        ['B', 0.125, 440, 1, 2],
        ['', undefined, 50, 1, 1],
      ]);
    });

    it('by day, with hand-computed totals', () => {
      assertBuckets(byDay(events, 'UTC'), [
        ['2026-11-23', 0.5, 5, 0, 1],
        ['2026-11-24', 0.425, 440, 1, 4],
        ['2026-11-25', undefined, 50, 1, 1],
      ]);
    });

    it('totals all events, and those in a half-open range', () => {
      const all: SpendTotals = totals(events);
      assertUsd(all.usd, 0.925);
      assert.deepEqual([all.unpricedTokens, all.unpricedEvents, all.count], [495, 2, 6]);
      assert.deepEqual(
        all.tokens,
        spendTokens({ input: 2050, cacheRead: 1000, cacheWrite: 7, cacheWrite1h: 3, output: 80, reasoning: 25 }),
      );

      const day = totalsBetween(events, '2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z');
      assertUsd(day.usd, 0.425);
      assert.deepEqual([day.unpricedTokens, day.count], [440, 4]);
      // The end is excluded, the start included.
      assert.equal(totalsBetween(events, new Date('2026-11-24T09:00:00Z'), Date.parse('2026-11-24T10:00:00Z')).count, 2);
      const unknownOnly = totalsBetween(events, '2026-11-25T08:00:00Z', '2026-11-26T00:00:00Z');
      assert.deepEqual(unknownOnly, {
        usd: undefined,
        unpricedTokens: 50,
        unpricedEvents: 1,
        tokens: spendTokens({ input: 50 }),
        count: 1,
      });
      assert.deepEqual(totals([]), { usd: undefined, unpricedTokens: 0, unpricedEvents: 0, tokens: spendTokens({}), count: 0 });
    });

    it('an unknown cost leaves all its tokens unpriced even if the event says fewer', () => {
      const odd = event('2026-11-24T09:00:00Z', {
        usd: undefined,
        costBasis: 'calculated',
        tokens: spendTokens({ input: 10, output: 5 }),
        unpricedTokens: 0,
      });
      assert.deepEqual([totals([odd]).usd, totals([odd]).unpricedTokens], [undefined, 15]);
    });

    it('summarizes sessions, newest first', () => {
      const other = event('2026-11-20T10:00:00Z', { source: 'gemini-cli', sessionId: 'A', model: 'gemini-2.5-pro', usd: 0.01 });
      const list = sessions([...events, other]);
      assert.deepEqual(
        list.map((s) => [s.source, s.sessionId, s.firstTime, s.lastTime, s.durationMs, s.models, s.projects, s.count]),
        [
          ['codex', 'B', '2026-11-24T10:00:00.000Z', '2026-11-24T10:30:00.000Z', 30 * 60_000, ['gpt-5', 'mystery-model'], ['/p/api'], 2],
          [
            'claude-code',
            'A',
            '2026-11-24T09:00:00.000Z',
            '2026-11-24T09:20:00.000Z',
            20 * 60_000,
            ['claude-sonnet-4-5', 'claude-haiku-4-5'],
            ['/p/shop'],
            2,
          ],
          ['codex', 'C', '2026-11-23T12:00:00.000Z', '2026-11-23T12:00:00.000Z', 0, ['gpt-5'], ['/p/shop'], 1],
          ['gemini-cli', 'A', '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z', 0, ['gemini-2.5-pro'], [], 1],
        ],
      );
      assertUsd(list[0].usd, 0.125);
      assert.deepEqual([list[0].unpricedTokens, list[0].unpricedEvents], [440, 1]);
      assert.deepEqual(list[0].tokens, spendTokens({ input: 700, output: 70, reasoning: 20 }));
      assertUsd(list[1].usd, 0.3);
      // Events out of order make the same sessions.
      assert.deepEqual(sessions([...events].reverse()), sessions(events));
    });
  });
});

describe('local days', () => {
  const ZONES = [
    'UTC',
    'Europe/London',
    'America/New_York',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'America/St_Johns',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Pacific/Kiritimati',
  ];

  it('match the time zone database at every instant, across midnights and DST changes', () => {
    // localDay remembers dates by UTC quarter-hour; a fresh formatter per check is the reference.
    const reference = (ms: number, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
    const from = Date.UTC(2020, 0, 1);
    const to = Date.UTC(2031, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.constantFrom(...ZONES), (ms, timeZone) => {
        assert.equal(localDay(ms, timeZone), reference(ms, timeZone));
        // The last millisecond before and the first after each local midnight near it.
        for (const edge of [ms - (ms % 900_000), ms - (ms % 900_000) - 1]) {
          assert.equal(localDay(edge, timeZone), reference(edge, timeZone));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
