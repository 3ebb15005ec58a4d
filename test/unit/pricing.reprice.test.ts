import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledCatalog, Ledger, moreComplete, repriceHistory, SpendTally, type SpendEvent } from '../../src/core';
import { priceSnapshotOf } from '../../src/core/spend/eventPricing';
import { checkSpendEvent, serializeSpendEvent } from '../../src/core/spend/spendEvent';
import { spendTokens } from '../support/builders';

const close = (actual: number | undefined, expected: number) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

/** An event as an older release priced it: its cost, with that release's snapshot. */
function stored(id: string, time: string, fields: Partial<SpendEvent>): SpendEvent {
  const checked = checkSpendEvent({
    id,
    time,
    source: 'codex',
    model: 'deepseek-v4-flash',
    tokens: spendTokens({ input: 1_000_000 }),
    usd: 0.14,
    costBasis: 'calculated',
    priceSnapshot: '@pydantic/genai-prices 0.1.5 2026-08-01',
    unpricedTokens: 0,
    ...fields,
  });
  assert.ok(checked.event, checked.error);
  return checked.event;
}

describe('re-pricing the history: an explicit step, kept as new copies', () => {
  // DeepSeek V4 Flash (https://api-docs.deepseek.com/quick_start/pricing, in @pydantic/genai-prices 0.1.8): $0.14 per
  // million input until 2026-08-16; from 2026-08-17 $0.22, doubled to $0.44 in the peak hours (01:00–04:00 UTC among
  // them). xAI (https://docs.x.ai/docs/models): Grok 4 $3 input, $15 output per million under 128K input tokens, so
  // 100,000 × 3 + 1,000 × 15 → $0.315.
  const history = [
    stored('after-change', '2026-08-20T12:00:00.000Z', {}),
    stored('peak', '2026-08-20T02:30:00.000Z', {}),
    stored('before-change', '2026-08-16T12:00:00.000Z', {}),
    stored('recorded', '2026-08-20T12:00:00.000Z', { source: 'claude-code', costBasis: 'recorded', usd: 1 }),
    stored('copilot', '2026-08-20T12:00:00.000Z', { source: 'copilot-chat', model: 'gpt-5.5', usd: 0.05 }),
    stored('unknown-now', '2026-08-20T12:00:00.000Z', { model: 'deepseek-v9-imaginary', usd: 0.5 }),
    stored('priced-now', '2026-08-20T12:00:00.000Z', {
      model: 'grok-4',
      tokens: spendTokens({ input: 100_000, output: 1_000 }),
      usd: undefined,
      unpricedTokens: 101_000,
    }),
  ];
  const now = new Date('2026-12-04T09:00:00.000Z');

  it('prices calculated costs again at the price in force at their time, and leaves recorded and Copilot costs', () => {
    const plan = repriceHistory(history, bundledCatalog(), now);
    assert.deepEqual(
      plan.copies.map((copy) => copy.id),
      ['after-change', 'peak', 'unknown-now', 'priced-now'],
    );
    const byId = new Map(plan.copies.map((copy) => [copy.id, copy]));
    close(byId.get('after-change')?.usd, 0.22);
    close(byId.get('peak')?.usd, 0.44);
    assert.equal(byId.get('unknown-now')?.usd, undefined);
    assert.equal(byId.get('unknown-now')?.unpricedTokens, 1_000_000);
    close(byId.get('priced-now')?.usd, 0.315);
    assert.equal(byId.get('priced-now')?.unpricedTokens, 0);
    close(plan.beforeUsd, 0.14 + 0.14 + 0.5);
    close(plan.afterUsd, 0.22 + 0.44 + 0.315);
    assert.equal(plan.gainPrice, 1);
    assert.equal(plan.losePrice, 1);
    for (const copy of plan.copies) {
      assert.equal(copy.repricedAt, now.toISOString());
      assert.equal(copy.priceSnapshot, priceSnapshotOf(bundledCatalog()));
    }
  });

  it('keeps the re-price through the ledger, a later re-read of the same request and a report, and asks nothing twice', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tokenwise-reprice-'));
    try {
      const ledger = new Ledger(folder, { durable: false });
      ledger.append(history);
      const plan = repriceHistory((await ledger.read()).events, bundledCatalog(), now);
      ledger.append(plan.copies);
      // An agent's log read again makes the same event without a re-price: it must not bring the old price back.
      ledger.append([history[0]]);
      const { events } = await ledger.read();
      const afterChange = events.find((event) => event.id === 'after-change');
      close(afterChange?.usd, 0.22);
      assert.equal(afterChange?.repricedAt, now.toISOString());
      assert.equal(checkSpendEvent(JSON.parse(serializeSpendEvent(afterChange!))).event?.repricedAt, now.toISOString());
      assert.equal(repriceHistory(events, bundledCatalog(), new Date('2026-12-05T00:00:00Z')).copies.length, 0);

      const tally = new SpendTally('source', 'UTC');
      for (const event of [...history, ...plan.copies, history[0]]) tally.add(event);
      close(tally.totals().pricedUsd, 0.22 + 0.44 + 0.14 + 1 + 0.05 + 0.315);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('lets more tokens win over a re-price, and a later re-price over an earlier one', () => {
    const repriced = { ...history[0], usd: 0.22, repricedAt: '2026-12-01T00:00:00.000Z' };
    const grown = { ...history[0], tokens: spendTokens({ input: 1_000_001 }) };
    assert.equal(moreComplete(repriced, grown), grown);
    assert.equal(moreComplete(grown, repriced), grown);
    const later = { ...repriced, usd: 0.3, repricedAt: '2026-12-02T00:00:00.000Z' };
    assert.equal(moreComplete(repriced, later), later);
    assert.equal(moreComplete(later, repriced), later);
    assert.equal(moreComplete(history[0], repriced), repriced);
    assert.equal(
      checkSpendEvent({ ...history[0], repricedAt: 'yesterday' }).error,
      'repricedAt is not a valid time (ISO 8601 with a zone)',
    );
  });
});
