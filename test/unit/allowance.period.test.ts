import * as assert from 'node:assert/strict';
import { explainAllowance, periodAt, type AllowancePeriod } from '../../src/core/allowances';
import { startOfLocalDay } from '../../src/core/calendar';
import { type Allowance } from '../../src/core';

const HOUR = 3_600_000;

function allowance(fields: Partial<Allowance> = {}): Allowance {
  return { id: 'a', amount: { usd: 20 }, period: 'day', origin: 'personal', ...fields };
}

function bounds(period: AllowancePeriod): [string, string] {
  return [period.start.toISOString(), period.end.toISOString()];
}

function hours(period: AllowancePeriod): number {
  return (period.end.getTime() - period.start.getTime()) / HOUR;
}

describe('allowance periods', () => {
  describe('days', () => {
    it('runs from UTC midnight to UTC midnight in UTC', () => {
      const period = periodAt(allowance({ timeZone: 'UTC' }), new Date('2026-11-24T09:30:00Z'));
      assert.deepEqual(bounds(period), ['2026-11-24T00:00:00.000Z', '2026-11-25T00:00:00.000Z']);
      assert.equal(period.key, 'day:2026-11-24');
      assert.equal(period.label, '2026-11-24');
      assert.equal(period.timeZone, 'UTC');
    });

    it('includes its start and excludes its end', () => {
      const a = allowance({ timeZone: 'UTC' });
      assert.equal(periodAt(a, '2026-11-24T00:00:00.000Z').key, 'day:2026-11-24');
      assert.equal(periodAt(a, '2026-11-24T23:59:59.999Z').key, 'day:2026-11-24');
      assert.equal(periodAt(a, '2026-11-25T00:00:00.000Z').key, 'day:2026-11-25');
    });

    it('uses the default time zone when the allowance names none, and its own otherwise', () => {
      const now = '2026-11-24T02:00:00Z';
      assert.equal(periodAt(allowance(), now, 'America/New_York').key, 'day:2026-11-23');
      assert.equal(periodAt(allowance(), now, 'UTC').key, 'day:2026-11-24');
      assert.equal(periodAt(allowance({ timeZone: 'UTC' }), now, 'America/New_York').key, 'day:2026-11-24');
    });

    it('is 23 hours long in New York when the clocks go forward (2026-03-08)', () => {
      const period = periodAt(allowance({ timeZone: 'America/New_York' }), '2026-03-08T12:00:00Z');
      assert.deepEqual(bounds(period), ['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
      assert.equal(hours(period), 23);
      assert.equal(period.key, 'day:2026-03-08');
    });

    it('is 25 hours long in New York when the clocks go back (2026-11-01)', () => {
      const period = periodAt(allowance({ timeZone: 'America/New_York' }), '2026-11-01T12:00:00Z');
      assert.deepEqual(bounds(period), ['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
      assert.equal(hours(period), 25);
    });

    it('puts the instants around a New York midnight in the right days', () => {
      const a = allowance({ timeZone: 'America/New_York' });
      assert.equal(periodAt(a, '2026-03-08T04:59:59.999Z').key, 'day:2026-03-07');
      assert.equal(periodAt(a, '2026-03-08T05:00:00.000Z').key, 'day:2026-03-08');
      assert.equal(periodAt(a, '2026-03-09T03:59:59.999Z').key, 'day:2026-03-08');
      assert.equal(periodAt(a, '2026-03-09T04:00:00.000Z').key, 'day:2026-03-09');
      assert.equal(hours(periodAt(a, '2026-03-09T04:00:00.000Z')), 24);
    });

    it('follows the half-hour offset of Asia/Kolkata', () => {
      const period = periodAt(allowance({ timeZone: 'Asia/Kolkata' }), '2026-11-24T20:00:00Z');
      assert.deepEqual(bounds(period), ['2026-11-24T18:30:00.000Z', '2026-11-25T18:30:00.000Z']);
      assert.equal(period.key, 'day:2026-11-25');
    });

    it('follows Pacific/Auckland, ahead of UTC and with its own daylight saving', () => {
      const a = allowance({ timeZone: 'Pacific/Auckland' });
      const summer = periodAt(a, '2026-11-24T12:00:00Z');
      assert.deepEqual(bounds(summer), ['2026-11-24T11:00:00.000Z', '2026-11-25T11:00:00.000Z']);
      assert.equal(summer.key, 'day:2026-11-25');
      // Daylight saving ends on 2026-04-05 (+13 to +12): a 25-hour day.
      const back = periodAt(a, '2026-04-05T00:00:00Z');
      assert.deepEqual(bounds(back), ['2026-04-04T11:00:00.000Z', '2026-04-05T12:00:00.000Z']);
      assert.equal(hours(back), 25);
      // It starts on 2026-09-27 (+12 to +13): a 23-hour day.
      const forward = periodAt(a, '2026-09-27T00:00:00Z');
      assert.deepEqual(bounds(forward), ['2026-09-26T12:00:00.000Z', '2026-09-27T11:00:00.000Z']);
      assert.equal(hours(forward), 23);
    });

    it('starts a day whose midnight is skipped when the clocks jump (America/Santiago, 2026-09-06)', () => {
      assert.equal(
        new Date(startOfLocalDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago')).toISOString(),
        '2026-09-06T04:00:00.000Z',
      );
      const period = periodAt(allowance({ timeZone: 'America/Santiago' }), '2026-09-06T12:00:00Z');
      assert.deepEqual(bounds(period), ['2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z']);
      assert.equal(hours(period), 23);
    });
  });

  describe('weeks', () => {
    it('start on Monday by default', () => {
      const period = periodAt(allowance({ period: 'week', timeZone: 'UTC' }), '2026-11-24T09:30:00Z');
      assert.deepEqual(bounds(period), ['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z']);
      assert.equal(period.key, 'week:2026-11-23');
      assert.equal(period.label, '2026-11-23 – 2026-11-29');
    });

    it('start on Sunday when asked', () => {
      const period = periodAt(allowance({ period: 'week', weekStartsOn: 'sunday', timeZone: 'UTC' }), '2026-11-24T09:30:00Z');
      assert.deepEqual(bounds(period), ['2026-11-22T00:00:00.000Z', '2026-11-29T00:00:00.000Z']);
      assert.equal(period.key, 'week:2026-11-22');
    });

    it('put a Sunday at the end of a Monday week and at the start of a Sunday week', () => {
      const sunday = '2026-11-29T12:00:00Z';
      assert.equal(periodAt(allowance({ period: 'week', timeZone: 'UTC' }), sunday).key, 'week:2026-11-23');
      assert.equal(periodAt(allowance({ period: 'week', weekStartsOn: 'sunday', timeZone: 'UTC' }), sunday).key, 'week:2026-11-29');
      assert.equal(periodAt(allowance({ period: 'week', weekStartsOn: 'saturday', timeZone: 'UTC' }), sunday).key, 'week:2026-11-28');
      assert.equal(periodAt(allowance({ period: 'week', weekStartsOn: 'tuesday', timeZone: 'UTC' }), sunday).key, 'week:2026-11-24');
    });

    it('cross a year end', () => {
      const period = periodAt(allowance({ period: 'week', timeZone: 'UTC' }), '2027-01-01T10:00:00Z');
      assert.deepEqual(bounds(period), ['2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z']);
    });

    it('are an hour short or long across New York daylight saving changes', () => {
      const spring = periodAt(allowance({ period: 'week', timeZone: 'America/New_York' }), '2026-03-08T12:00:00Z');
      assert.deepEqual(bounds(spring), ['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
      assert.equal(hours(spring), 7 * 24 - 1);
      const springSunday = periodAt(
        allowance({ period: 'week', weekStartsOn: 'sunday', timeZone: 'America/New_York' }),
        '2026-03-08T12:00:00Z',
      );
      assert.deepEqual(bounds(springSunday), ['2026-03-08T05:00:00.000Z', '2026-03-15T04:00:00.000Z']);
      const fall = periodAt(allowance({ period: 'week', timeZone: 'America/New_York' }), '2026-11-01T12:00:00Z');
      assert.deepEqual(bounds(fall), ['2026-10-26T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
      assert.equal(hours(fall), 7 * 24 + 1);
    });

    it('count the weekday in the allowance time zone', () => {
      // Monday 2026-11-23 08:00 in Auckland is still Sunday in UTC.
      const now = '2026-11-22T19:00:00Z';
      assert.equal(periodAt(allowance({ period: 'week', timeZone: 'Pacific/Auckland' }), now).key, 'week:2026-11-23');
      assert.equal(periodAt(allowance({ period: 'week', timeZone: 'UTC' }), now).key, 'week:2026-11-16');
    });
  });

  describe('months', () => {
    it('are calendar months by default', () => {
      const period = periodAt(allowance({ period: 'month', timeZone: 'UTC' }), '2026-11-24T09:30:00Z');
      assert.deepEqual(bounds(period), ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
      assert.equal(period.key, 'month:2026-11-01');
      assert.equal(period.label, '2026-11');
    });

    it('end at the year end', () => {
      const period = periodAt(allowance({ period: 'month', timeZone: 'UTC' }), '2026-12-31T23:59:59Z');
      assert.deepEqual(bounds(period), ['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    });

    it('have February’s 28 or 29 days', () => {
      assert.equal(hours(periodAt(allowance({ period: 'month', timeZone: 'UTC' }), '2026-02-10T00:00:00Z')), 28 * 24);
      assert.equal(hours(periodAt(allowance({ period: 'month', timeZone: 'UTC' }), '2028-02-29T12:00:00Z')), 29 * 24);
    });

    it('run from the 15th to the 14th when they start on the 15th', () => {
      const a = allowance({ period: 'month', monthStartsOn: 15, timeZone: 'UTC' });
      const late = periodAt(a, '2026-11-24T09:30:00Z');
      assert.deepEqual(bounds(late), ['2026-11-15T00:00:00.000Z', '2026-12-15T00:00:00.000Z']);
      assert.equal(late.key, 'month:2026-11-15');
      assert.equal(late.label, '2026-11-15 – 2026-12-14');
      assert.deepEqual(bounds(periodAt(a, '2026-11-10T09:30:00Z')), ['2026-10-15T00:00:00.000Z', '2026-11-15T00:00:00.000Z']);
      assert.equal(periodAt(a, '2026-11-15T00:00:00Z').key, 'month:2026-11-15');
      assert.equal(periodAt(a, '2026-11-14T23:59:59.999Z').key, 'month:2026-10-15');
    });

    it('starting on the 15th cross the year end', () => {
      const a = allowance({ period: 'month', monthStartsOn: 15, timeZone: 'UTC' });
      assert.deepEqual(bounds(periodAt(a, '2026-12-20T00:00:00Z')), ['2026-12-15T00:00:00.000Z', '2027-01-15T00:00:00.000Z']);
      assert.deepEqual(bounds(periodAt(a, '2027-01-05T00:00:00Z')), ['2026-12-15T00:00:00.000Z', '2027-01-15T00:00:00.000Z']);
      assert.equal(periodAt(a, '2027-01-05T00:00:00Z').label, '2026-12-15 – 2027-01-14');
    });

    it('starting on the 15th or the 28th span February', () => {
      const fifteenth = allowance({ period: 'month', monthStartsOn: 15, timeZone: 'UTC' });
      const february = periodAt(fifteenth, '2026-03-01T00:00:00Z');
      assert.deepEqual(bounds(february), ['2026-02-15T00:00:00.000Z', '2026-03-15T00:00:00.000Z']);
      assert.equal(hours(february), 28 * 24);
      const twentyEighth = allowance({ period: 'month', monthStartsOn: 28, timeZone: 'UTC' });
      assert.deepEqual(bounds(periodAt(twentyEighth, '2026-03-01T00:00:00Z')), ['2026-02-28T00:00:00.000Z', '2026-03-28T00:00:00.000Z']);
      assert.deepEqual(bounds(periodAt(twentyEighth, '2026-02-27T00:00:00Z')), ['2026-01-28T00:00:00.000Z', '2026-02-28T00:00:00.000Z']);
      assert.deepEqual(bounds(periodAt(twentyEighth, '2028-02-29T00:00:00Z')), ['2028-02-28T00:00:00.000Z', '2028-03-28T00:00:00.000Z']);
    });

    it('follow the allowance time zone across daylight saving', () => {
      const newYork = periodAt(allowance({ period: 'month', timeZone: 'America/New_York' }), '2026-03-20T00:00:00Z');
      assert.deepEqual(bounds(newYork), ['2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z']);
      const auckland = periodAt(allowance({ period: 'month', timeZone: 'Pacific/Auckland' }), '2026-04-10T00:00:00Z');
      assert.deepEqual(bounds(auckland), ['2026-03-31T11:00:00.000Z', '2026-04-30T12:00:00.000Z']);
      const kolkata = periodAt(allowance({ period: 'month', monthStartsOn: 15, timeZone: 'Asia/Kolkata' }), '2026-11-14T19:00:00Z');
      assert.deepEqual(bounds(kolkata), ['2026-11-14T18:30:00.000Z', '2026-12-14T18:30:00.000Z']);
    });
  });

  describe('errors', () => {
    it('refuses an unknown time zone and a month start past the 28th', () => {
      assert.throws(() => periodAt(allowance({ timeZone: 'Mars/Olympus' }), '2026-11-24T00:00:00Z'), RangeError);
      assert.throws(() => periodAt(allowance({ period: 'month', monthStartsOn: 31 }), '2026-11-24T00:00:00Z', 'UTC'), RangeError);
      assert.throws(() => periodAt(allowance(), 'not a time', 'UTC'), RangeError);
    });

    it('explains what is wrong with an allowance', () => {
      assert.equal(explainAllowance(allowance()), undefined);
      assert.equal(
        explainAllowance(allowance({ amount: { tokens: 1000 }, period: 'week', weekStartsOn: 'sunday', timeZone: 'Asia/Kolkata' })),
        undefined,
      );
      assert.match(explainAllowance(allowance({ amount: { usd: 0 } })) ?? '', /positive/);
      assert.match(explainAllowance(allowance({ amount: { usd: 1, tokens: 2 } as never })) ?? '', /either/);
      assert.match(explainAllowance(allowance({ timeZone: 'Mars/Olympus' })) ?? '', /time zone/);
      assert.match(explainAllowance(allowance({ monthStartsOn: 29 })) ?? '', /monthStartsOn/);
      assert.match(explainAllowance(allowance({ weekStartsOn: 'funday' as never })) ?? '', /weekday/);
      assert.match(explainAllowance(allowance({ thresholds: [50, -1] })) ?? '', /thresholds/);
    });
  });
});
