import * as assert from 'node:assert/strict';
import {
  expectedOutputFor,
  findModel,
  priceRequest,
  projectCost,
  sumCosts,
  type PricedModel,
  type RequestTokens,
} from '../../src/core/models';

/** Money compares to a tenth of a billionth of a dollar: float sums of exact decimal rates. */
function assertUsd(actual: number | undefined, expected: number, message?: string): void {
  assert.ok(actual !== undefined, `${message ?? 'cost'} is unknown, expected ${expected}`);
  assert.ok(Math.abs(actual - expected) < 1e-10, `${message ?? 'cost'}: ${actual} ≠ ${expected}`);
}

// Hand-written rate cards, so the arithmetic does not move with the catalog data.
const flat: PricedModel = { id: 'flat', rates: { input: 3, output: 15 } };
const tiered: PricedModel = {
  id: 'tiered',
  rates: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6 },
  tiers: [{ aboveInputTokens: 200_000, rates: { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5, cacheWrite1h: 12 } }],
};
const twoTiers: PricedModel = {
  id: 'two-tiers',
  rates: { input: 1, output: 4 },
  tiers: [
    { aboveInputTokens: 100, rates: { input: 2 } },
    { aboveInputTokens: 1_000, rates: { input: 3, output: 5 } },
  ],
};
const reasoningPriced: PricedModel = { id: 'reasoner', rates: { input: 2, output: 8, reasoning: 3 } };
const noCache: PricedModel = { id: 'no-cache', rates: { input: 2, output: 8 } };

interface Case {
  readonly name: string;
  readonly model: PricedModel;
  readonly tokens: RequestTokens;
  readonly usd: number;
  readonly tier?: number;
}

const cases: readonly Case[] = [
  // 1,000 × $3/1M = $0.003; 500 × $15/1M = $0.0075; total $0.0105
  { name: 'flat input and output', model: flat, tokens: { input: 1_000, output: 500 }, usd: 0.0105 },
  // exactly at the threshold stays on the base tier: 200,000 × $3/1M = $0.60; 1,000 × $15/1M = $0.015; total $0.615
  { name: 'input exactly at the tier threshold', model: tiered, tokens: { input: 200_000, output: 1_000 }, usd: 0.615 },
  // one token above: 200,001 × $6/1M = $1.200006; 1,000 × $22.50/1M = $0.0225; total $1.222506
  { name: 'one token above the threshold', model: tiered, tokens: { input: 200_001, output: 1_000 }, usd: 1.222506, tier: 200_000 },
  // cached tokens count toward the threshold: 1,000 + 199,500 = 200,500 > 200,000 →
  // 1,000 × $6/1M = $0.006; 199,500 × $0.60/1M = $0.1197; total $0.1257
  {
    name: 'cache reads push the request into the tier',
    model: tiered,
    tokens: { input: 1_000, cacheRead: 199_500 },
    usd: 0.1257,
    tier: 200_000,
  },
  // 2,000 × $3/1M = $0.006; 100,000 × $3.75/1M = $0.375; total $0.381
  { name: '5-minute cache write', model: tiered, tokens: { input: 2_000, cacheWrite: 100_000 }, usd: 0.381 },
  // 2,000 × $3/1M = $0.006; 100,000 × $6/1M = $0.60; total $0.606
  { name: '1-hour cache write', model: tiered, tokens: { input: 2_000, cacheWrite1h: 100_000 }, usd: 0.606 },
  // 2,000 × $3/1M = $0.006; 50,000 × $0.30/1M = $0.015; 400 × $15/1M = $0.006; total $0.027
  { name: 'cache read on the base tier', model: tiered, tokens: { input: 2_000, cacheRead: 50_000, output: 400 }, usd: 0.027 },
  // 10,000 × $2/1M = $0.02; 2,000 × $8/1M = $0.016; 5,000 × $3/1M = $0.015; total $0.051
  { name: 'reasoning priced separately', model: reasoningPriced, tokens: { input: 10_000, output: 2_000, reasoning: 5_000 }, usd: 0.051 },
  // reasoning at the output rate: 1,000 × $3/1M = $0.003; 500 × $15/1M = $0.0075; 2,000 × $15/1M = $0.03; total $0.0405
  { name: 'reasoning billed as output', model: flat, tokens: { input: 1_000, output: 500, reasoning: 2_000 }, usd: 0.0405 },
  // reasoning follows the output tier: 250,000 × $6/1M = $1.50; 1,000 × $22.50/1M = $0.0225; 1,000 × $22.50/1M = $0.0225; total $1.545
  {
    name: 'reasoning at the tier output rate',
    model: tiered,
    tokens: { input: 250_000, output: 1_000, reasoning: 1_000 },
    usd: 1.545,
    tier: 200_000,
  },
  // first tier (>100) changes input only: 500 × $2/1M = $0.001; 10 × $4/1M = $0.00004; total $0.00104
  { name: 'first of two tiers', model: twoTiers, tokens: { input: 500, output: 10 }, usd: 0.00104, tier: 100 },
  // second tier (>1,000): 1,001 × $3/1M = $0.003003; 10 × $5/1M = $0.00005; total $0.003053
  { name: 'second of two tiers', model: twoTiers, tokens: { input: 1_001, output: 10 }, usd: 0.003053, tier: 1_000 },
  // no tokens, known prices: $0
  { name: 'nothing to price', model: flat, tokens: { input: 0 }, usd: 0 },
];

describe('cost arithmetic', () => {
  for (const item of cases) {
    it(item.name, () => {
      const cost = priceRequest(item.model, item.tokens);
      assertUsd(cost.usd, item.usd);
      assert.equal(cost.unpricedTokens, 0);
      assert.equal(cost.tier?.aboveInputTokens, item.tier);
      const lineSum = cost.lines.reduce((sum, line) => sum + (line.usd ?? 0), 0);
      assertUsd(lineSum, item.usd, 'sum of lines');
    });
  }

  it('reports the rate and tokens of each line', () => {
    const cost = priceRequest(tiered, { input: 1_000, cacheRead: 2_000, cacheWrite: 3_000, cacheWrite1h: 4_000, output: 5_000 });
    assert.deepEqual(
      cost.lines.map((line) => [line.kind, line.tokens, line.rate]),
      [
        ['input', 1_000, 3],
        ['cacheRead', 2_000, 0.3],
        ['cacheWrite', 3_000, 3.75],
        ['cacheWrite1h', 4_000, 6],
        ['output', 5_000, 15],
      ],
    );
    assert.equal(cost.inputTokens, 10_000);
  });
});

describe('unknown prices', () => {
  it('leaves tokens without a rate unpriced, never at $0', () => {
    // 1,000 × $2/1M = $0.002; 100 × $8/1M = $0.0008; the 5,000 cache reads have no rate
    const cost = priceRequest(noCache, { input: 1_000, cacheRead: 5_000, output: 100 });
    assertUsd(cost.usd, 0.0028);
    assert.equal(cost.unpricedTokens, 5_000);
    const line = cost.lines.find((item) => item.kind === 'cacheRead');
    assert.equal(line?.rate, undefined);
    assert.equal(line?.usd, undefined);
  });

  it('prices nothing for a model the catalog does not know', () => {
    const cost = priceRequest(undefined, { input: 1_000, output: 100 });
    assert.equal(cost.usd, undefined);
    assert.equal(cost.unpricedTokens, 1_100);
    assert.equal(priceRequest(undefined, { input: 0 }).usd, undefined);
  });

  it("keeps an input-only model's output unpriced", () => {
    const embedding: PricedModel = { id: 'embedding', rates: { input: 0.02 } };
    const cost = priceRequest(embedding, { input: 1_000_000, output: 10 });
    assertUsd(cost.usd, 0.02);
    assert.equal(cost.unpricedTokens, 10);
  });

  it('totals say how many tokens were unpriced', () => {
    const priced = priceRequest(flat, { input: 1_000, output: 500 });
    const unknown = priceRequest(undefined, { input: 700, output: 300 });
    const total = sumCosts([priced, unknown]);
    assertUsd(total.usd, 0.0105);
    assert.equal(total.unpricedTokens, 1_000);
    assert.equal(total.complete, false);
    const none = sumCosts([unknown, unknown]);
    assert.equal(none.usd, undefined);
    assert.equal(none.unpricedTokens, 2_000);
    assert.deepEqual(sumCosts([priced]), { usd: priced.usd, unpricedTokens: 0, complete: true });
  });

  it('projects an unknown model with every scenario unknown', () => {
    const projection = projectCost(undefined, { promptTokens: 1_000, contextTokens: 500, expectedOutputTokens: 200 });
    assert.equal(projection.uncached.usd.expected, undefined);
    assert.equal(projection.cached?.usd.expected, undefined);
    assert.ok(projection.uncached.unpricedTokens > 0);
  });
});

describe('cost projection', () => {
  const exactModel: PricedModel = { id: 'gpt-4.1', rates: { input: 2, output: 8, cacheRead: 0.5 } };
  const claudeLike: PricedModel = { id: 'claude-sonnet-4-5', rates: tiered.rates, tiers: tiered.tiers };

  it('prices the uncached and cached-context scenarios of an exactly counted prompt', () => {
    const projection = projectCost(exactModel, { promptTokens: 1_000, contextTokens: 9_000, expectedOutputTokens: 500 });
    assert.equal(projection.estimate, false);
    // uncached: 10,000 × $2/1M = $0.02; 500 × $8/1M = $0.004; total $0.024
    assertUsd(projection.uncached.usd.expected, 0.024);
    assert.equal(projection.uncached.usd.low, projection.uncached.usd.expected);
    assert.equal(projection.uncached.usd.high, projection.uncached.usd.expected);
    // cached context: 1,000 × $2/1M = $0.002; 9,000 × $0.50/1M = $0.0045; 500 × $8/1M = $0.004; total $0.0105
    assertUsd(projection.cached?.usd.expected, 0.0105);
    // no cache-write price: no cache-write scenario (writes are not billed apart)
    assert.equal(projection.cacheWrite, undefined);
  });

  it('has no cached scenario without context', () => {
    const projection = projectCost(exactModel, { promptTokens: 1_000, expectedOutputTokens: 0 });
    assert.equal(projection.cached, undefined);
    assert.equal(projection.cacheWrite, undefined);
  });

  it('carries low, expected and high for an estimated count', () => {
    const projection = projectCost(claudeLike, { promptTokens: 1_000, expectedOutputTokens: 100 });
    assert.equal(projection.estimate, true);
    assert.deepEqual(projection.promptTokens, { low: 1_160, expected: 1_200, high: 1_300 });
    // low: 1,160 × $3/1M = $0.00348 + 100 × $15/1M = $0.0015 → $0.00498
    assertUsd(projection.uncached.usd.low, 0.00498);
    // expected: 1,200 × $3/1M = $0.0036 + $0.0015 → $0.0051
    assertUsd(projection.uncached.usd.expected, 0.0051);
    // high: 1,300 × $3/1M = $0.0039 + $0.0015 → $0.0054
    assertUsd(projection.uncached.usd.high, 0.0054);
  });

  it('applies the tier separately to the low, expected and high counts', () => {
    // 170,000 o200k tokens × 1.16 / 1.20 / 1.30 = 197,200 / 204,000 / 221,000 Claude tokens
    const projection = projectCost(claudeLike, { promptTokens: 170_000, expectedOutputTokens: 0 });
    assert.equal(projection.uncached.low.tier, undefined);
    assert.equal(projection.uncached.expected.tier?.aboveInputTokens, 200_000);
    // low: 197,200 × $3/1M = $0.5916; expected: 204,000 × $6/1M = $1.224; high: 221,000 × $6/1M = $1.326
    assertUsd(projection.uncached.usd.low, 0.5916);
    assertUsd(projection.uncached.usd.expected, 1.224);
    assertUsd(projection.uncached.usd.high, 1.326);
  });

  it('prices cache writes for 5 minutes or 1 hour', () => {
    const input = { promptTokens: 1_000, contextTokens: 10_000, expectedOutputTokens: 0 };
    const exact = { tokenizer: { kind: 'exact', encoding: 'o200k_base', countWith: 'o200k_base' } as const };
    // 1,000 × $3/1M = $0.003; 10,000 × $3.75/1M = $0.0375; total $0.0405
    assertUsd(projectCost(claudeLike, input, exact).cacheWrite?.usd.expected, 0.0405);
    // 1,000 × $3/1M = $0.003; 10,000 × $6/1M = $0.06; total $0.063
    assertUsd(projectCost(claudeLike, { ...input, cacheWriteTtl: '1h' }, exact).cacheWrite?.usd.expected, 0.063);
    // follow-up turn: 1,000 × $3/1M = $0.003; 10,000 × $0.30/1M = $0.003; total $0.006
    assertUsd(projectCost(claudeLike, input, exact).cached?.usd.expected, 0.006);
  });

  it('bills expected reasoning where the model bills it', () => {
    const projection = projectCost(
      { ...reasoningPriced, id: 'sonar-deep-research' },
      { promptTokens: 10_000, expectedOutputTokens: 2_000, reasoningTokens: 5_000 },
      { tokenizer: { kind: 'exact', encoding: 'o200k_base', countWith: 'o200k_base' } },
    );
    // 10,000 × $2/1M + 2,000 × $8/1M + 5,000 × $3/1M = $0.02 + $0.016 + $0.015 = $0.051
    assertUsd(projection.uncached.usd.expected, 0.051);
  });

  it('prices a catalog model end to end', () => {
    const model = findModel('claude-sonnet-4-5');
    assert.ok(model);
    const projection = projectCost(model, { promptTokens: 10_000, contextTokens: 0, expectedOutputTokens: 1_000 });
    const expected = (12_000 * model.rates.input! + 1_000 * model.rates.output!) / 1e6;
    assertUsd(projection.uncached.usd.expected, expected);
  });

  it('takes the expected output from a per-model override, else the default', () => {
    const settings = { defaultTokens: 800, perModel: { 'GPT-4.1': 2_000, 'claude-sonnet-4-5-20250929': 4_000 } };
    assert.equal(expectedOutputFor('gpt-4.1', settings), 2_000);
    assert.equal(expectedOutputFor({ id: 'claude-sonnet-4-5', aliases: ['claude-sonnet-4-5-20250929'] }, settings), 4_000);
    assert.equal(expectedOutputFor('gpt-5', settings), 800);
  });
});
