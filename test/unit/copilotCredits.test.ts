import * as assert from 'node:assert/strict';
import { copilotCreditPrices, creditKey, usdToCredits } from '../../src/core/models/copilotCredits';
import { priceEvent } from '../../src/core/spend/eventPricing';
import { parseSpendEvent, serializeSpendEvent } from '../../src/core/spend/spendEvent';

// Expected costs are worked out by hand from GitHub's table (github/docs data/tables/copilot/models-and-pricing.yml,
// commit 024f6b0f, USD per million tokens; 1 AI credit = $0.01).
const close = (actual: number | undefined, expected: number) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} should be ${expected}`);

function copilotEvent(model: string, input: number, output: number) {
  return priceEvent({
    id: 'r',
    time: '2026-11-24T09:30:00Z',
    source: 'copilot-chat',
    model,
    tokens: { input, output },
    billing: 'copilot-credits-no-cache-split',
  });
}

describe('Copilot AI credits', () => {
  it('prices a request as an estimate from all input uncached down to a plausible cached share', () => {
    // Claude Sonnet 4.5: input $3.00, cached input $0.30, output $15.00.
    // High: 2,000 × 3 + 150 × 15 = 6,000 + 2,250 → $0.00825 (0.825 credits).
    // Low (80 % cached): 400 × 3 + 1,600 × 0.30 + 150 × 15 = 1,200 + 480 + 2,250 → $0.00393.
    const event = copilotEvent('copilot/claude-sonnet-4.5', 2000, 150);
    close(event.usd, 0.00825);
    close(event.usdLow, 0.00393);
    assert.equal(event.costBasis, 'estimated');
    assert.match(event.priceSnapshot ?? '', /GitHub Copilot AI credits 2026-12-03/);
    close(usdToCredits(event.usd!), 0.825);
  });

  it('applies the long-context row above its threshold', () => {
    // GPT-5.4 above 272K input: input $5.00, output $22.50. 300,000 × 5 + 1,000 × 22.5 → $1.5225.
    close(copilotEvent('gpt-5.4', 300_000, 1_000).usd, 1.5225);
    // At 272,000 the default row: 272,000 × 2.50 + 1,000 × 15 → $0.695.
    close(copilotEvent('gpt-5.4', 272_000, 1_000).usd, 0.695);
  });

  it('leaves a model GitHub does not price unknown, never priced as another', () => {
    const event = copilotEvent('copilot/gpt-4.1', 1000, 10);
    assert.equal(event.usd, undefined);
    assert.equal(event.unpricedTokens, 1010);
    assert.equal(copilotCreditPrices('copilot/claude-sonnet-4.55'), undefined);
    assert.equal(copilotCreditPrices('claude-sonnet'), undefined);
  });

  it('reads the spellings Copilot writes: prefix, case, a dated or preview suffix, 4-5 for 4.5', () => {
    assert.equal(creditKey('GPT-5 mini'), 'gpt-5-mini');
    assert.equal(creditKey('Claude Opus 4.8 (fast mode) (preview)'), 'claude-opus-4.8-fast');
    for (const [id, expected] of [
      ['copilot/claude-sonnet-4.5', 'claude-sonnet-4.5'],
      ['claude-sonnet-4-5', 'claude-sonnet-4.5'],
      ['copilot/gemini-3.1-pro-preview', 'gemini-3.1-pro'],
      ['Claude-Haiku-4.5-2026-01-15', 'claude-haiku-4.5'],
      ['copilot/raptor-mini', 'raptor-mini'],
    ]) {
      assert.equal(copilotCreditPrices(id)?.id, expected, id);
    }
  });

  it('keeps the range through the ledger line', () => {
    const event = copilotEvent('copilot/claude-sonnet-4.5', 2000, 150);
    const again = parseSpendEvent(JSON.parse(serializeSpendEvent(event)));
    assert.deepEqual(again, event);
    assert.equal(parseSpendEvent({ ...JSON.parse(serializeSpendEvent(event)), usdLow: 'cheap' }), undefined);
    assert.equal(parseSpendEvent({ ...JSON.parse(serializeSpendEvent(event)), usdLow: 1 }), undefined, 'a low end above the cost');
  });
});
