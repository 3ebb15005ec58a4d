import * as assert from 'node:assert/strict';
import { allowanceUsage } from '../../src/core/allowances';
import {
  allowancesLeft,
  configuredCatalog,
  configuredEstimateSettings,
  describeAllowanceLeft,
  describeConfigInForce,
  describeFieldOrigin,
  estimateForModel,
  mergeConfig,
  parseTeamConfig,
  repriceEvents,
  teamConfigLayer,
  type ConfigLayer,
  type SpendEvent,
} from '../../src/core';
import { spendTokens, testCatalog } from '../support/builders';

const base = testCatalog([
  { provider: 'openai', id: 'gpt-5.1', name: 'GPT-5.1', rates: { input: 1.25, output: 10 }, contextWindow: 400_000 },
  {
    provider: 'anthropic',
    id: 'claude-sonnet-4-5',
    name: 'Claude Sonnet 4.5',
    rates: { input: 3, output: 15, cacheRead: 0.3 },
    tiers: [{ aboveInputTokens: 200_000, rates: { input: 6, output: 22.5 } }],
    contextWindow: 1_000_000,
  },
  { provider: 'anthropic', id: 'claude-haiku-4-5', name: 'Claude Haiku 4.5', rates: { input: 1, output: 5 } },
]);
const ORIGIN = '/repo/.tokenwise.json';

function teamLayer(json: object): ConfigLayer {
  const parsed = parseTeamConfig(JSON.stringify(json), ORIGIN);
  assert.ok(parsed.config, JSON.stringify(parsed.problems));
  return teamConfigLayer(parsed.config, ORIGIN);
}

const userLayer = (values: ConfigLayer['values']): ConfigLayer => ({ source: 'user', origin: 'user settings', values });

describe("config in force: the catalog with the team's prices", () => {
  const merged = mergeConfig([
    teamLayer({
      team: 'Payments',
      prices: [
        { provider: 'anthropic', discountPercent: 20 },
        { model: 'gpt-5.1', rates: { input: 1, output: 8 } },
      ],
      modelAliases: { Fast: 'claude-haiku-4-5', smart: 'fast' },
    }),
  ]);
  const catalog = configuredCatalog(base, merged.config);

  it('applies a provider discount to base rates and every tier, and says who set it', () => {
    const sonnet = catalog.find('claude-sonnet-4-5')!;
    assert.deepEqual(sonnet.rates, { input: 2.4, output: 12, cacheRead: 0.24 });
    assert.deepEqual(sonnet.tiers, [{ aboveInputTokens: 200_000, rates: { input: 4.8, output: 18 } }]);
    assert.match(sonnet.priceNote!, /the Payments team: 20% off the catalog for every Anthropic model/);
  });

  it("applies a model's explicit rates", () => {
    const gpt = catalog.find('gpt-5.1')!;
    assert.deepEqual(gpt.rates, { input: 1, output: 8 });
    assert.match(gpt.priceNote!, /input, output rates set for this model/);
  });

  it("finds models by the team's aliases, case-insensitively and through chains", () => {
    assert.equal(catalog.find('FAST')?.id, 'claude-haiku-4-5');
    assert.equal(catalog.find('smart')?.id, 'claude-haiku-4-5');
    assert.equal(catalog.find('fast')?.rates.input, 0.8);
  });

  it('leaves the base catalog unchanged, and returns it when the config changes no price', () => {
    assert.equal(base.find('claude-sonnet-4-5')?.rates.input, 3);
    assert.equal(base.find('fast'), undefined);
    assert.equal(base.find('gpt-5.1')?.priceNote, undefined);
    assert.equal(configuredCatalog(base, mergeConfig([]).config), base);
  });

  it('prices an estimate with the negotiated rates', () => {
    const counts = { prompt: { o200k_base: 1000 }, context: { o200k_base: 0 } };
    const settings = configuredEstimateSettings(merged);
    const estimate = estimateForModel('gpt-5.1', catalog.find('gpt-5.1'), counts, settings);
    // GPT-5.1 reasons only when asked (effort defaults to none): 1,000 × $1/M + 500 × $8/M = $0.005
    // (the catalog's rates would give 1,000 × $1.25/M + 500 × $10/M = $0.00625)
    assert.equal(estimate.reasoningTokens, 0);
    assert.ok(Math.abs(estimate.totalUsd.expected! - 0.005) < 1e-12);
  });

  it('re-prices calculated ledger events of repriced models, never recorded ones', () => {
    const tokens = spendTokens({ input: 100_000 });
    const event = (id: string, model: string, costBasis: SpendEvent['costBasis'], usd: number): SpendEvent => ({
      id,
      time: '2026-01-01T00:00:00Z',
      source: 'codex',
      model,
      tokens,
      usd,
      costBasis,
      unpricedTokens: 0,
    });
    const events = [
      event('a', 'claude-sonnet-4-5', 'calculated', 0.3),
      event('b', 'claude-sonnet-4-5', 'recorded', 0.3),
      event('c', 'gpt-5.1', 'estimated', 0.125),
    ];
    const priced = repriceEvents(events, catalog);
    assert.deepEqual(
      priced.map((each) => each.usd),
      [0.24, 0.3, 0.1],
    ); // 100,000 input tokens at $2.40/M and $1/M
    assert.match(priced[0].priceSnapshot!, /with negotiated prices/);
    assert.deepEqual(
      repriceEvents(events, base).map((each) => each.usd),
      [0.3, 0.3, 0.125],
    );
    // Copilot bills the same model at GitHub's credit prices: the team's negotiated API price does not apply.
    const copilot = { ...event('d', 'claude-sonnet-4-5', 'calculated', 0.3), source: 'copilot-cli' };
    assert.equal(repriceEvents([copilot], catalog)[0].usd, 0.3);
  });
});

describe('config in force: who set what', () => {
  it('lists each setting with its value and source, user display preferences winning over the team', () => {
    const merged = mergeConfig([
      teamLayer({
        team: 'Payments',
        defaultModel: 'claude-sonnet-4-5',
        expectedOutputTokens: 900,
        prices: [{ provider: 'anthropic', discountPercent: 10 }],
        tokenizerFactors: { claude: { factor: 1.3, low: 1.2, high: 1.4 } },
        allowances: [{ id: 'team-month', name: 'Team budget', amount: { usd: 500 }, period: 'month' }],
      }),
      userLayer({ defaultModel: 'gpt-5.1', favoriteModels: undefined }),
    ]);
    const rows = Object.fromEntries(describeConfigInForce(merged).map((row) => [row.setting, row]));
    assert.deepEqual(rows.Model, { setting: 'Model', value: 'gpt-5.1', source: 'user', origin: 'user settings' });
    assert.deepEqual(rows['Expected output'], { setting: 'Expected output', value: '900 tokens', source: 'team', origin: ORIGIN });
    assert.equal(rows['Favourite models'].source, 'defaults');
    assert.equal(rows.Prices.value, 'catalog, with 1 negotiated price');
    assert.equal(rows['Tokenizer factors'].value, 'calibrated for claude');
    assert.equal(rows['Team allowances'].value, 'Team budget');
  });

  it('names origins in words', () => {
    assert.equal(describeFieldOrigin({ source: 'user', origin: 'user settings' }), 'your settings');
    assert.equal(describeFieldOrigin({ source: 'team', origin: ORIGIN }, 'Payments'), `the Payments team's config (${ORIGIN})`);
    assert.equal(describeFieldOrigin(undefined), 'the bundled defaults');
  });
});

describe('what a pending prompt would leave', () => {
  const spent: SpendEvent = {
    id: 'x',
    time: '2026-11-24T09:00:00Z',
    source: 'manual',
    model: 'gpt-5.1',
    tokens: spendTokens(),
    usd: 9.99,
    costBasis: 'estimated',
    unpricedTokens: 0,
  };
  const usd = allowanceUsage(
    { id: 'daily', name: 'Daily', amount: { usd: 10 }, period: 'day', timeZone: 'UTC', origin: 'personal' },
    [spent],
    '2026-11-24T12:00:00Z',
  );
  const tokens = allowanceUsage(
    { id: 'tokens', amount: { tokens: 10_000 }, period: 'day', timeZone: 'UTC', origin: 'team' },
    [],
    '2026-11-24T12:00:00Z',
  );
  const counts = { prompt: { o200k_base: 1000 }, context: { o200k_base: 0 } };
  const settings = { expectedOutput: { defaultTokens: 500 } };

  it("subtracts the prompt's cost, or its tokens, and says when it overspends", () => {
    // 1,000 × $1.25/M + 500 × $10/M = $0.00625: $0.01 − $0.00625 leaves $0.00375
    const [daily, perTokens] = allowancesLeft([usd, tokens], estimateForModel('gpt-5.1', base.find('gpt-5.1'), counts, settings));
    assert.ok(Math.abs(daily.left! - 0.00375) < 1e-9);
    assert.equal(perTokens.left, 8500);
    assert.equal(describeAllowanceLeft(perTokens), '8,500 tokens left of 10,000 tokens');
    const big = estimateForModel(
      'gpt-5.1',
      base.find('gpt-5.1'),
      { prompt: { o200k_base: 100_000 }, context: { o200k_base: 0 } },
      settings,
    );
    assert.match(describeAllowanceLeft(allowancesLeft([usd], big)[0]), /^\$0\.12 over \$10\.00$/);
  });

  it('does not take an unknown price as free', () => {
    const [left] = allowancesLeft([usd], estimateForModel('mystery-model', undefined, counts, settings));
    assert.equal(left.left, undefined);
    assert.equal(describeAllowanceLeft(left), 'unknown (no price for this model)');
  });
});
