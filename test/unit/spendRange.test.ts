import * as assert from 'node:assert/strict';
import { priceEvent, resolveRange, summarizeSpend, type DayRange, type RangeId } from '../../src/core';
import { rangeWithData } from '../../src/core/spend';

const days = (id: RangeId, today: string, earliest?: string) => {
  const range = resolveRange({ id }, today, earliest) as DayRange;
  return [range.from, range.to, range.bucket];
};

describe('spend ranges', () => {
  // 2026-12-02 is a Wednesday.
  const table: readonly [RangeId, string, string, 'day' | 'week'][] = [
    ['today', '2026-12-02', '2026-12-02', 'day'],
    ['this-week', '2026-11-30', '2026-12-02', 'day'],
    ['this-month', '2026-12-01', '2026-12-02', 'day'],
    ['last-month', '2026-11-01', '2026-11-30', 'day'],
    ['last-7-days', '2026-11-26', '2026-12-02', 'day'],
    ['last-30-days', '2026-11-03', '2026-12-02', 'day'],
    ['last-90-days', '2026-09-04', '2026-12-02', 'week'],
  ];
  for (const [id, from, to, bucket] of table) {
    it(`${id} on 2026-12-02 is ${from} to ${to}, by ${bucket}`, () => assert.deepEqual(days(id, '2026-12-02'), [from, to, bucket]));
  }

  it('takes last month across a year and a leap February', () => {
    assert.deepEqual(days('last-month', '2027-01-15'), ['2026-12-01', '2026-12-31', 'day']);
    assert.deepEqual(days('last-month', '2028-03-01'), ['2028-02-01', '2028-02-29', 'day']);
  });

  it('runs "all" from the first day with spend', () => {
    assert.deepEqual(days('all', '2026-12-02', '2026-01-10'), ['2026-01-10', '2026-12-02', 'week']);
    assert.deepEqual(days('all', '2026-12-02'), ['2026-12-02', '2026-12-02', 'day']);
  });

  it('checks a custom range and says what is wrong with it', () => {
    assert.deepEqual(resolveRange({ id: 'custom', from: '2026-11-01', to: '2026-11-15' }, '2026-12-02'), {
      id: 'custom',
      label: '2026-11-01 to 2026-11-15',
      from: '2026-11-01',
      to: '2026-11-15',
      bucket: 'day',
    });
    assert.match(
      (resolveRange({ id: 'custom', from: '2026-02-30', to: '2026-03-01' }, '2026-12-02') as { error: string }).error,
      /^Start: 2026-02-30 is not a date in the calendar/,
    );
    assert.match(
      (resolveRange({ id: 'custom', from: '2026-11-01', to: '11/15/2026' }, '2026-12-02') as { error: string }).error,
      /^End: "11\/15\/2026" is not a date: use YYYY-MM-DD/,
    );
    assert.match(
      (resolveRange({ id: 'custom', from: '2026-11-15', to: '2026-11-01' }, '2026-12-02') as { error: string }).error,
      /ends \(2026-11-01\) before it starts/,
    );
  });

  it('opens on a range that has spend', () => {
    assert.equal(rangeWithData(['2026-12-01'], '2026-12-02'), 'this-month');
    assert.equal(rangeWithData(['2026-11-05'], '2026-12-02'), 'last-30-days');
    assert.equal(rangeWithData(['2026-10-20'], '2026-12-02'), 'last-90-days');
    assert.equal(rangeWithData(['2025-01-01'], '2026-12-02'), 'all');
    assert.equal(rangeWithData([], '2026-12-02'), 'this-month');
  });

  describe('in time zones', () => {
    const spend = (id: string, time: string) =>
      priceEvent({ id, time, model: 'gpt-5.1', tokens: { input: 0, output: 100_000 }, source: 'codex' }); // $1 each
    it('puts an event on the local day of the zone: last month in New York, this month in Berlin', () => {
      const events = [spend('a', '2026-11-30T23:30:00Z')]; // 18:30 on Nov 30 in New York, 00:30 on Dec 1 in Berlin
      const now = new Date('2026-12-02T12:00:00Z');
      const lastMonth = (timeZone: string) =>
        summarizeSpend(events, { now, timeZone, range: resolveRange({ id: 'last-month' }, '2026-12-02') as DayRange }).total.count;
      assert.equal(lastMonth('America/New_York'), 1);
      assert.equal(lastMonth('Europe/Berlin'), 0);
      assert.equal(lastMonth('Asia/Kolkata'), 0); // 05:00 on Dec 1
    });

    it('counts all 25 hours of the day the clocks go back (New York, 2026-11-01) as today', () => {
      const events = [spend('early', '2026-11-01T04:30:00Z'), spend('late', '2026-11-02T04:30:00Z'), spend('next', '2026-11-02T05:30:00Z')];
      // 00:30 EDT and 23:30 EST on Nov 1; 00:30 EST on Nov 2.
      const summary = summarizeSpend(events, {
        now: new Date('2026-11-02T04:45:00Z'),
        timeZone: 'America/New_York',
        range: resolveRange({ id: 'today' }, '2026-11-01') as DayRange,
      });
      assert.equal(summary.total.count, 2);
      assert.equal(summary.future.count, 1);
    });
  });
});
