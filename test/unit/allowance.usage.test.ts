import * as assert from 'node:assert/strict';
import { allowanceApplies, allowanceUsage, wouldLeave } from '../../src/core/allowances';
import { tighter, type Allowance, type AllowanceUsage, type SpendEvent } from '../../src/core';
import { spendTokens } from '../support/builders';

let serial = 0;
function event(time: string, usd: number | undefined, fields: Partial<SpendEvent> = {}): SpendEvent {
  return {
    id: `e${++serial}`,
    time,
    source: 'claude-code',
    model: 'claude-sonnet-4-5',
    tokens: spendTokens({ input: 100, output: 10 }),
    usd,
    costBasis: usd === undefined ? 'calculated' : 'recorded',
    unpricedTokens: usd === undefined ? 110 : 0,
    ...fields,
  };
}

function daily(fields: Partial<Allowance> = {}): Allowance {
  return { id: 'daily', amount: { usd: 20 }, period: 'day', timeZone: 'UTC', origin: 'personal', ...fields };
}

const NOON = '2026-11-24T12:00:00.000Z';
const UTC = { defaultTimeZone: 'UTC' };

describe('allowance usage', () => {
  describe('totals', () => {
    it('adds the known costs of the period, and only those', () => {
      const events = [
        event('2026-11-23T23:59:59.999Z', 100), // the day before
        event('2026-11-24T00:00:00.000Z', 1.5), // the first instant
        event('2026-11-24T08:00:00.000Z', 2.25),
        event('2026-11-24T11:00:00.000Z', 0.25),
        event('2026-11-25T00:00:00.000Z', 100), // the next day
      ];
      const usage = allowanceUsage(daily(), events, NOON, UTC);
      assert.equal(usage.used, 4);
      assert.equal(usage.amount, 20);
      assert.equal(usage.fraction, 0.2);
      assert.equal(usage.remaining, 16);
      assert.equal(usage.events, 3);
      assert.equal(usage.unit, 'usd');
      assert.equal(usage.unpricedTokens, 0);
      assert.equal(usage.period.key, 'day:2026-11-24');
      assert.equal(usage.status, 'ok');
      assert.equal(usage.threshold, undefined);
    });

    it('counts a request dated later today only once its time comes (a clock 4 minutes ahead is counted)', () => {
      const events = [
        event('2026-11-24T08:00:00Z', 2),
        event('2026-11-24T12:04:00Z', 1), // 4 minutes ahead: a clock a little fast
        event('2026-11-24T18:00:00Z', 10), // 6 hours ahead: a log rewritten with later times
      ];
      assert.equal(allowanceUsage(daily(), events, NOON, UTC).used, 3);
      assert.equal(allowanceUsage(daily(), events, '2026-11-24T18:30:00Z', UTC).used, 13);
    });

    it('reports unknown costs as unpriced tokens, never as $0 used', () => {
      const events = [
        event('2026-11-24T08:00:00Z', 3),
        event('2026-11-24T09:00:00Z', undefined, { tokens: spendTokens({ input: 1000, output: 200 }), unpricedTokens: 1200 }),
        event('2026-11-24T10:00:00Z', 1, { unpricedTokens: 40 }), // partly priced
      ];
      const usage = allowanceUsage(daily(), events, NOON, UTC);
      assert.equal(usage.used, 4);
      assert.equal(usage.unpricedTokens, 1240);
      assert.equal(usage.unpricedEvents, 1);
      assert.equal(usage.events, 3);
    });

    it('leaves the forecast open when every cost is unknown', () => {
      const usage = allowanceUsage(daily(), [event('2026-11-24T08:00:00Z', undefined)], NOON, UTC);
      assert.equal(usage.used, 0);
      assert.equal(usage.unpricedTokens, 110);
      assert.equal(usage.forecast.projected, undefined);
      assert.equal(usage.forecast.runsOutAt, undefined);
    });

    it('counts the tokens of every request, priced or not, for a tokens allowance', () => {
      const events = [
        event('2026-11-24T08:00:00Z', 3, { tokens: spendTokens({ input: 1000, cacheRead: 500, output: 300, reasoning: 200 }) }),
        event('2026-11-24T09:00:00Z', undefined, { tokens: spendTokens({ input: 4000 }), unpricedTokens: 4000 }),
      ];
      const usage = allowanceUsage(daily({ amount: { tokens: 10_000 } }), events, NOON, UTC);
      assert.equal(usage.unit, 'tokens');
      assert.equal(usage.used, 6000);
      assert.equal(usage.amount, 10_000);
      assert.equal(usage.fraction, 0.6);
      assert.equal(usage.remaining, 4000);
      assert.equal(usage.unpricedTokens, 0);
      assert.equal(usage.threshold, 50);
      assert.equal(usage.forecast.projected, 12_000);
      assert.equal(usage.forecast.runsOutAt?.toISOString(), '2026-11-24T20:00:00.000Z');
    });

    it('counts the period in the default time zone when the allowance names none', () => {
      const events = [event('2026-11-24T03:00:00Z', 5), event('2026-11-24T06:00:00Z', 7)];
      // 03:00 UTC is still 2026-11-23 in New York; 06:00 UTC is 01:00 on the 24th.
      const usage = allowanceUsage(daily({ timeZone: undefined }), events, NOON, { defaultTimeZone: 'America/New_York' });
      assert.equal(usage.used, 7);
      assert.equal(usage.period.start.toISOString(), '2026-11-24T05:00:00.000Z');
    });
  });

  describe('filters', () => {
    const events = [
      event('2026-11-24T01:00:00Z', 1, { model: 'claude-sonnet-4-5', source: 'claude-code' }),
      event('2026-11-24T02:00:00Z', 2, { model: 'Claude-Sonnet-4-5-20250929', source: 'cline' }),
      event('2026-11-24T03:00:00Z', 4, { model: 'gpt-4o', source: 'codex' }),
      event('2026-11-24T04:00:00Z', 8, { model: 'gpt-4o-mini', source: 'cline' }),
      event('2026-11-24T05:00:00Z', 16, { model: 'my-local-model', source: 'manual' }),
    ];

    it('match model ids case-insensitively, aliases included', () => {
      assert.equal(allowanceUsage(daily({ filter: { models: ['CLAUDE-SONNET-4-5'] } }), events, NOON, UTC).used, 3);
      assert.equal(allowanceUsage(daily({ filter: { models: ['gpt-4o'] } }), events, NOON, UTC).used, 4);
      assert.equal(allowanceUsage(daily({ filter: { models: ['gpt-4o', 'my-local-model'] } }), events, NOON, UTC).used, 20);
    });

    it('match providers through the catalog, or through the given lookup', () => {
      assert.equal(allowanceUsage(daily({ filter: { providers: ['OpenAI'] } }), events, NOON, UTC).used, 12);
      assert.equal(allowanceUsage(daily({ filter: { providers: ['anthropic'] } }), events, NOON, UTC).used, 3);
      const providerOf = (model: string) => (model === 'my-local-model' ? 'ollama' : undefined);
      assert.equal(allowanceUsage(daily({ filter: { providers: ['ollama'] } }), events, NOON, { ...UTC, providerOf }).used, 16);
      assert.equal(allowanceUsage(daily({ filter: { providers: ['openai'] } }), events, NOON, { ...UTC, providerOf }).used, 0);
    });

    it('match sources', () => {
      assert.equal(allowanceUsage(daily({ filter: { sources: ['cline'] } }), events, NOON, UTC).used, 10);
      assert.equal(allowanceUsage(daily({ filter: { sources: ['Codex', 'manual'] } }), events, NOON, UTC).used, 20);
    });

    it('require every list given, and ignore empty ones', () => {
      assert.equal(allowanceUsage(daily({ filter: { providers: ['openai'], sources: ['cline'] } }), events, NOON, UTC).used, 8);
      assert.equal(allowanceUsage(daily({ filter: { models: [], sources: [] } }), events, NOON, UTC).used, 31);
    });

    it('tell whether a pending prompt counts', () => {
      const openai = daily({ filter: { providers: ['openai'] } });
      assert.equal(allowanceApplies(openai, { model: 'gpt-4o' }), true);
      assert.equal(allowanceApplies(openai, { model: 'claude-sonnet-4-5' }), false);
      // Nothing known to tell: counted, to be safe.
      assert.equal(allowanceApplies(openai, { model: 'my-local-model' }), true);
      assert.equal(allowanceApplies(daily({ filter: { sources: ['codex'] } }), { model: 'gpt-4o' }), true);
    });
  });

  describe('status', () => {
    it('warns from the highest soft threshold below 100 % and is exceeded at 100 %', () => {
      const at = (usd: number) => allowanceUsage(daily(), [event('2026-11-24T01:00:00Z', usd)], NOON, UTC);
      assert.equal(at(9.99).status, 'ok');
      assert.equal(at(10).status, 'ok');
      assert.equal(at(10).threshold, 50);
      assert.equal(at(16).status, 'warning');
      assert.equal(at(16).threshold, 80);
      assert.equal(at(20).status, 'exceeded');
      assert.equal(at(20).threshold, 100);
      assert.equal(at(25).status, 'exceeded');
      assert.equal(at(25).remaining, -5);
      assert.equal(at(25).fraction, 1.25);
    });

    it('forgives the rounding of summed costs', () => {
      const events = Array.from({ length: 80 }, (_, i) => event(`2026-11-24T01:00:${String(i % 60).padStart(2, '0')}Z`, 0.1));
      const usage = allowanceUsage(daily({ amount: { usd: 10 } }), events, NOON, UTC);
      assert.equal(usage.status, 'warning');
      assert.equal(usage.threshold, 80);
    });

    it('follows custom thresholds', () => {
      const usage = allowanceUsage(daily({ thresholds: [60, 100] }), [event('2026-11-24T01:00:00Z', 12)], NOON, UTC);
      assert.equal(usage.status, 'warning');
      assert.equal(usage.threshold, 60);
      const none = allowanceUsage(daily({ thresholds: [100] }), [event('2026-11-24T01:00:00Z', 19)], NOON, UTC);
      assert.equal(none.status, 'ok');
    });
  });

  describe('forecast', () => {
    it('projects $10 from $5 half a day in, on a $20 daily allowance, and no run-out', () => {
      const usage = allowanceUsage(daily(), [event('2026-11-24T03:00:00Z', 2), event('2026-11-24T09:00:00Z', 3)], NOON, UTC);
      assert.equal(usage.forecast.projected, 10);
      assert.equal(usage.forecast.runsOutAt, undefined);
    });

    it('projects $30 from $15 by noon, running out at 16:00', () => {
      const usage = allowanceUsage(daily(), [event('2026-11-24T02:00:00Z', 10), event('2026-11-24T11:00:00Z', 5)], NOON, UTC);
      assert.equal(usage.forecast.projected, 30);
      assert.equal(usage.forecast.runsOutAt?.toISOString(), '2026-11-24T16:00:00.000Z');
      assert.equal(usage.status, 'ok');
      assert.equal(usage.threshold, 50);
    });

    it('does not project in the first hour of a period, nor without spend', () => {
      const early = allowanceUsage(daily(), [event('2026-11-24T00:10:00Z', 5)], '2026-11-24T00:30:00Z', UTC);
      assert.equal(early.forecast.projected, undefined);
      assert.equal(early.forecast.runsOutAt, undefined);
      const oneHour = allowanceUsage(daily(), [event('2026-11-24T00:10:00Z', 5)], '2026-11-24T01:00:00Z', UTC);
      assert.equal(oneHour.forecast.projected, 120);
      assert.equal(oneHour.forecast.runsOutAt?.toISOString(), '2026-11-24T04:00:00.000Z');
      const nothing = allowanceUsage(daily(), [], NOON, UTC);
      assert.equal(nothing.forecast.projected, undefined);
      assert.equal(nothing.forecast.runsOutAt, undefined);
    });

    it('gives when the spend reached the amount for an allowance already used up', () => {
      const events = [event('2026-11-24T09:00:00Z', 12), event('2026-11-24T02:00:00Z', 10), event('2026-11-24T11:00:00Z', 5)];
      const usage = allowanceUsage(daily(), events, NOON, UTC);
      assert.equal(usage.status, 'exceeded');
      assert.equal(usage.forecast.runsOutAt?.toISOString(), '2026-11-24T09:00:00.000Z');
      assert.equal(usage.forecast.projected, 54);
    });

    it('projects over the real length of a 25-hour day', () => {
      const ny = daily({ timeZone: 'America/New_York' });
      // 2026-11-01 starts at 04:00 UTC and lasts 25 hours; 5 hours in, $2 spent.
      const usage = allowanceUsage(ny, [event('2026-11-01T06:00:00Z', 2)], '2026-11-01T09:00:00Z', UTC);
      assert.equal(usage.forecast.projected, 10);
    });

    it('projects a monthly allowance', () => {
      const monthly = daily({ period: 'month', amount: { usd: 300 } });
      // November has 30 days; 10 days in with $150 spent: $450 projected, out on day 20.
      const usage = allowanceUsage(monthly, [event('2026-11-05T00:00:00Z', 150)], '2026-11-11T00:00:00Z', UTC);
      assert.equal(usage.forecast.projected, 450);
      assert.equal(usage.forecast.runsOutAt?.toISOString(), '2026-11-21T00:00:00.000Z');
    });
  });

  describe('tighter', () => {
    const usage = (id: string, usd: number, hard = false): AllowanceUsage =>
      allowanceUsage(daily({ id, hard, amount: { usd: 10 } }), [event('2026-11-24T01:00:00Z', usd)], NOON, UTC);

    it('picks the highest fraction used', () => {
      assert.equal(tighter([usage('a', 2), usage('b', 7), usage('c', 5)])?.allowance.id, 'b');
    });

    it('puts a hard allowance first on a tie, then the first given', () => {
      assert.equal(tighter([usage('soft', 5), usage('hard', 5, true)])?.allowance.id, 'hard');
      assert.equal(tighter([usage('one', 5), usage('two', 5)])?.allowance.id, 'one');
    });

    it('compares a personal USD allowance with a team tokens allowance by fraction', () => {
      const personal = allowanceUsage(daily({ amount: { usd: 20 } }), [event('2026-11-24T01:00:00Z', 5)], NOON, UTC);
      const team = allowanceUsage(
        daily({ id: 'team', origin: 'team', amount: { tokens: 200 } }),
        [event('2026-11-24T01:00:00Z', 5)],
        NOON,
        UTC,
      );
      assert.equal(tighter([personal, team])?.allowance.id, 'team');
    });

    it('gives nothing for no usages', () => {
      assert.equal(tighter([]), undefined);
    });
  });

  describe('wouldLeave', () => {
    const base = allowanceUsage(daily(), [event('2026-11-24T01:00:00Z', 15)], NOON, UTC);

    it('subtracts the prompt cost from what remains', () => {
      assert.equal(wouldLeave(base, { model: 'claude-sonnet-4-5', usd: 2 }), 3);
      assert.equal(wouldLeave(base, { model: 'claude-sonnet-4-5', usd: 7 }), -2);
    });

    it('is undefined when the prompt cost is not known', () => {
      assert.equal(wouldLeave(base, { model: 'my-local-model', usd: undefined, tokens: 500 }), undefined);
      assert.equal(wouldLeave(base, {}), undefined);
    });

    it('leaves the allowance as is for a prompt its filter does not count', () => {
      const openai = allowanceUsage(
        daily({ filter: { providers: ['openai'] } }),
        [event('2026-11-24T01:00:00Z', 3, { model: 'gpt-4o' })],
        NOON,
        UTC,
      );
      assert.equal(wouldLeave(openai, { model: 'claude-sonnet-4-5', usd: 5 }), 17);
      assert.equal(wouldLeave(openai, { model: 'claude-sonnet-4-5', usd: undefined }), 17);
      assert.equal(wouldLeave(openai, { model: 'gpt-4o', usd: 5 }), 12);
    });

    it('uses the prompt tokens for a tokens allowance', () => {
      const tokenUsage = allowanceUsage(daily({ amount: { tokens: 1000 } }), [event('2026-11-24T01:00:00Z', 1)], NOON, UTC);
      assert.equal(tokenUsage.remaining, 890);
      assert.equal(wouldLeave(tokenUsage, { model: 'gpt-4o', usd: 1, tokens: 400 }), 490);
      assert.equal(wouldLeave(tokenUsage, { model: 'gpt-4o', usd: 1 }), undefined);
    });
  });

  it('refuses an allowance without a positive amount', () => {
    assert.throws(() => allowanceUsage(daily({ amount: { usd: 0 } }), [], NOON, UTC), RangeError);
  });
});
