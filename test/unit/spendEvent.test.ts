import * as assert from 'node:assert/strict';
import { bundledCatalog, priceEvent, totalTokens, type SpendEvent } from '../../src/core';
import {
  explainSpendEvent,
  parseSpendEvent,
  priceSnapshotOf,
  serializeSpendEvent,
  spendEventId,
  type SpendEventDraft,
} from '../../src/core/spend';
import { findModel } from '../../src/core/models';

function assertUsd(actual: number | undefined, expected: number): void {
  assert.ok(actual !== undefined, `cost is unknown, expected ${expected}`);
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);
}

const full: SpendEvent = {
  id: 'claude-code:abc:msg_01',
  time: '2026-11-24T09:30:00.000Z',
  source: 'claude-code',
  sessionId: 'abc',
  project: '/home/dev/shop',
  model: 'claude-sonnet-4-5-20250929',
  tokens: { input: 10, cacheRead: 20, cacheWrite: 30, cacheWrite1h: 40, output: 50, reasoning: 60 },
  usd: 0.5,
  costBasis: 'recorded',
  unpricedTokens: 0,
};

describe('spend event', () => {
  describe('parseSpendEvent', () => {
    it('reads a full event and round-trips it through its JSON line', () => {
      assert.deepEqual(parseSpendEvent(full), full);
      const line = serializeSpendEvent(full);
      assert.ok(!line.includes('\n'));
      assert.deepEqual(parseSpendEvent(JSON.parse(line)), full);
    });

    it('fills absent counts with zero, drops unknown fields and normalizes the time to UTC', () => {
      const event = parseSpendEvent({
        id: 'm1',
        time: '2026-11-24T10:30:00+01:00',
        source: 'manual',
        model: 'gpt-5',
        tokens: { input: 7, output: 3 },
        usd: null,
        costBasis: 'estimated',
        sessionId: '',
        comment: 'ignored',
      });
      assert.deepEqual(event, {
        id: 'm1',
        time: '2026-11-24T09:30:00.000Z',
        source: 'manual',
        model: 'gpt-5',
        tokens: { input: 7, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output: 3, reasoning: 0 },
        usd: undefined,
        costBasis: 'estimated',
        unpricedTokens: 10, // an unknown cost leaves every token unpriced
      });
      assert.ok(!('usd' in JSON.parse(serializeSpendEvent(event as SpendEvent))), 'an unknown cost is not written as a number');
    });

    const invalid: [string, unknown][] = [
      ['null', null],
      ['an array', [full]],
      ['text', 'event'],
      ['no id', { ...full, id: '' }],
      ['a numeric id', { ...full, id: 12 }],
      ['a time without zone', { ...full, time: '2026-11-24T09:30:00' }],
      ['a date only', { ...full, time: '2026-11-24' }],
      ['an impossible time', { ...full, time: '2026-13-45T09:30:00Z' }],
      ['an impossible date', { ...full, time: '2026-02-30T09:30:00Z' }],
      ['an impossible hour', { ...full, time: '2026-02-20T25:30:00Z' }],
      ['no source', { ...full, source: undefined }],
      ['no model', { ...full, model: ' ' }],
      ['negative tokens', { ...full, tokens: { ...full.tokens, output: -1 } }],
      ['text tokens', { ...full, tokens: { ...full.tokens, input: '10' } }],
      ['infinite tokens', { ...full, tokens: { ...full.tokens, input: Infinity } }],
      ['tokens not an object', { ...full, tokens: 5 }],
      ['a negative cost', { ...full, usd: -0.01 }],
      ['a text cost', { ...full, usd: '0.5' }],
      ['an unknown cost basis', { ...full, costBasis: 'guessed' }],
      ['a recorded cost without a cost', { ...full, usd: undefined }],
      ['a numeric session', { ...full, sessionId: 5 }],
      ['negative unpriced tokens', { ...full, unpricedTokens: -3 }],
    ];
    for (const [name, json] of invalid) {
      it(`refuses ${name}`, () => {
        assert.equal(parseSpendEvent(json), undefined);
        assert.equal(typeof explainSpendEvent(json), 'string');
      });
    }
  });

  describe('priceEvent', () => {
    const draft: SpendEventDraft = {
      id: 'e1',
      time: new Date(Date.UTC(2026, 10, 24, 9, 30)),
      source: 'codex',
      sessionId: 's1',
      model: 'claude-sonnet-4-5',
      tokens: { input: 1_000, cacheRead: 20_000, cacheWrite: 3_000, cacheWrite1h: 4_000, output: 500 },
    };

    it("calculates a known model's cost from its tokens by the catalog's rates, and names the snapshot", () => {
      // The rates the arithmetic below uses, per million tokens.
      assert.deepEqual(findModel('claude-sonnet-4-5')?.rates, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6 });
      const event = priceEvent(draft);
      // 1,000 × $3 + 20,000 × $0.30 + 3,000 × $3.75 + 4,000 × $6 + 500 × $15, per million:
      // (3,000 + 6,000 + 11,250 + 24,000 + 7,500) / 1,000,000 = $0.05175.
      assertUsd(event.usd, 0.05175);
      assert.equal(event.costBasis, 'calculated');
      assert.equal(event.unpricedTokens, 0);
      assert.equal(event.time, '2026-11-24T09:30:00.000Z');
      assert.deepEqual(event.tokens, {
        input: 1_000,
        cacheRead: 20_000,
        cacheWrite: 3_000,
        cacheWrite1h: 4_000,
        output: 500,
        reasoning: 0,
      });
      const catalog = bundledCatalog();
      assert.equal(event.priceSnapshot, `${catalog.source.name} ${catalog.source.version} ${catalog.snapshotDate}`);
      assert.equal(event.priceSnapshot, priceSnapshotOf());
      assert.match(event.priceSnapshot ?? '', /^\S+ \d+\.\d+\.\d+ \d{4}-\d{2}-\d{2}$/);
      assert.deepEqual(parseSpendEvent(JSON.parse(serializeSpendEvent(event))), event);
    });

    it('keeps a recorded cost as it is', () => {
      const event = priceEvent({ ...draft, usd: 0.42, priceSnapshot: 'agent prices' });
      assert.equal(event.usd, 0.42);
      assert.equal(event.costBasis, 'recorded');
      assert.equal(event.unpricedTokens, 0);
      assert.equal(event.priceSnapshot, 'agent prices');
    });

    it('marks a cost from a local token count as estimated', () => {
      const event = priceEvent({ ...draft, costBasis: 'estimated', tokens: { input: 2_000_000, output: 100_000 } });
      assert.equal(event.costBasis, 'estimated');
      // 2,000,000 input tokens pass the 200,000 threshold: $6 input and $22.50 output per million.
      assert.deepEqual(findModel('claude-sonnet-4-5')?.tiers?.[0], {
        aboveInputTokens: 200_000,
        rates: { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5, cacheWrite1h: 12 },
      });
      assertUsd(event.usd, 2 * 6 + 0.1 * 22.5);
    });

    it("leaves an unknown model's cost unknown, every token unpriced, never $0", () => {
      const event = priceEvent({ ...draft, model: 'in-house-model-7' });
      assert.equal(event.usd, undefined);
      assert.equal(event.costBasis, 'calculated');
      assert.equal(event.unpricedTokens, 28_500);
      assert.equal(event.unpricedTokens, totalTokens(event.tokens));
      const empty = priceEvent({ ...draft, model: 'in-house-model-7', tokens: {} });
      assert.equal(empty.usd, undefined);
      assert.equal(priceEvent({ ...draft, tokens: {} }).usd, 0, 'no tokens on a priced model cost nothing');
    });

    it('refuses a draft that does not make an event', () => {
      assert.throws(() => priceEvent({ ...draft, id: '' }), TypeError);
      assert.throws(() => priceEvent({ ...draft, time: 'yesterday' }), TypeError);
      assert.throws(() => priceEvent({ ...draft, tokens: { input: -5 } }), TypeError);
      assert.throws(() => priceEvent({ ...draft, time: Number.NaN }), TypeError);
    });
  });

  it('makes stable ids from the parts that identify a request', () => {
    const id = spendEventId('codex', 'session-1', 42);
    assert.equal(id, spendEventId('codex', 'session-1', 42));
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.notEqual(id, spendEventId('codex', 'session-14', 2));
    assert.notEqual(id, spendEventId('codex', 'session-1', 43));
  });
});
