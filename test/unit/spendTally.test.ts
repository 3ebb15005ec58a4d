import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { aggregate } from '../../src/core/spend';
import { moreComplete, SpendTally, withCorrections, type SpendDimension, type SpendEvent } from '../../src/core';
import { spendTokens } from '../support/builders';

function event(id: string, time: string, fields: Partial<SpendEvent> = {}): SpendEvent {
  return {
    id,
    time,
    source: 'claude-code',
    model: 'claude-sonnet-4-5',
    tokens: spendTokens({ input: 10 }),
    usd: 1,
    costBasis: 'recorded',
    unpricedTokens: 0,
    ...fields,
  };
}

function tallied(events: SpendEvent[], dimension: SpendDimension = 'day', timeZone = 'UTC'): SpendTally {
  const tally = new SpendTally(dimension, timeZone);
  for (const added of events) tally.add(added);
  return tally;
}

describe('spend tally (a report that holds numbers, not events)', () => {
  it('keeps the more complete copy of an event, and the first of equal copies', () => {
    const tally = tallied([
      event('a', '2026-11-02T10:00:00Z', { usd: 1, tokens: spendTokens({ input: 10 }) }),
      event('a', '2026-11-02T10:00:00Z', { usd: 5, tokens: spendTokens({ input: 50 }) }),
      event('a', '2026-11-02T10:00:00Z', { usd: 2, tokens: spendTokens({ input: 20 }) }),
      event('b', '2026-11-03T10:00:00Z', { usd: 3 }),
      event('b', '2026-11-03T10:00:00Z', { usd: 4 }),
    ]);
    const { buckets, count, pricedUsd } = tally.totals();
    assert.deepEqual(
      buckets.map((bucket) => [bucket.key, bucket.usd, bucket.tokens.input]),
      [
        ['2026-11-02', 5, 50],
        ['2026-11-03', 3, 10],
      ],
    );
    assert.equal(count, 2);
    assert.equal(pricedUsd, 8);
  });

  it('drops a corrected event and its correction, and keeps unknown costs unknown', () => {
    const tally = tallied([
      event('kept', '2026-11-02T10:00:00Z', { usd: undefined, unpricedTokens: 10 }),
      event('undone', '2026-11-02T11:00:00Z', { usd: 7 }),
      event('fix', '2026-11-02T12:00:00Z', { usd: 0, tokens: spendTokens({}), voids: 'undone' }),
    ]);
    const { buckets, count } = tally.totals();
    assert.equal(count, 1);
    assert.equal(buckets[0].usd, undefined);
    assert.equal(buckets[0].unpricedTokens, 10);
    assert.equal(tally.size, 3);
  });

  it('counts only the days in range, in the report time zone', () => {
    // 23:30 UTC on 1 November is 2 November in Tokyo (UTC+9).
    const tally = tallied([event('late', '2026-11-01T23:30:00Z'), event('next', '2026-11-03T01:00:00Z')], 'day', 'Asia/Tokyo');
    assert.equal(tally.earliestDay(), '2026-11-02');
    assert.deepEqual(
      tally.totals('2026-11-02', '2026-11-02').buckets.map((bucket) => bucket.key),
      ['2026-11-02'],
    );
    assert.equal(tally.totals('2026-11-04').count, 0);
    assert.equal(new SpendTally('day', 'UTC').earliestDay(), undefined);
  });

  it('gives what aggregate gives over the events de-duplicated and corrected, for every dimension', () => {
    const arbitraryEvent = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      ms: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }),
      model: fc.constantFrom('claude-sonnet-4-5', 'gpt-5.1'),
      project: fc.option(fc.constantFrom('/a', '/b'), { nil: undefined }),
      input: fc.integer({ min: 0, max: 1000 }),
      usd: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
      voids: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
      ranged: fc.boolean(),
      repricedAt: fc.option(fc.constantFrom('2026-12-01T10:00:00.000Z', '2026-12-02T10:00:00.000Z'), { nil: undefined }),
    });
    const dimensions: SpendDimension[] = ['day', 'week', 'month', 'model', 'source', 'project', 'session'];
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { maxLength: 30 }), fc.constantFrom(...dimensions), (drafts, dimension) => {
        const events = drafts.map((draft) =>
          event(draft.id, new Date(draft.ms).toISOString(), {
            model: draft.model,
            project: draft.project,
            tokens: spendTokens({ input: draft.input }),
            usd: draft.usd === undefined ? undefined : draft.usd / 100,
            unpricedTokens: draft.usd === undefined ? draft.input : 0,
            usdLow: draft.usd !== undefined && draft.ranged ? draft.usd / 400 : undefined,
            voids: draft.voids,
            repricedAt: draft.repricedAt,
          }),
        );
        const byId = new Map<string, SpendEvent>();
        for (const added of events) byId.set(added.id, byId.has(added.id) ? moreComplete(byId.get(added.id)!, added) : added);
        const expected = aggregate(withCorrections([...byId.values()]), dimension, { timeZone: 'Europe/Paris' });
        assert.deepEqual(tallied(events, dimension, 'Europe/Paris').totals().buckets, expected);
      }),
      { numRuns: 300 },
    );
  });
});
