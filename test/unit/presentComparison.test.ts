import * as assert from 'node:assert/strict';
import { allowanceUsage } from '../../src/core/allowances';
import { compareModels, configuredCatalog, mergeConfig, type SpendEvent } from '../../src/core';
import { presentComparison } from '../../src/compare/presentComparison';
import { spendTokens, testCatalog } from '../support/builders';

const catalog = configuredCatalog(
  testCatalog([
    { provider: 'openai', id: 'gpt-5.1', name: 'GPT-5.1', rates: { input: 1.25, output: 10 }, contextWindow: 400_000 },
    { provider: 'anthropic', id: 'claude-opus-4-1', name: 'Claude Opus 4.1', rates: { input: 15, output: 75 }, contextWindow: 200_000 },
    { provider: 'openai', id: 'mystery', name: 'Mystery', rates: {} },
  ]),
  mergeConfig([
    { source: 'team', origin: 'https://config.example/team.json', values: { prices: [{ model: 'gpt-5.1', discountPercent: 20 }] } },
  ]).config,
);
const counts = { prompt: { o200k_base: 100_000 }, context: { o200k_base: 0 } };
const rows = compareModels(catalog.models(), counts, { expectedOutput: { defaultTokens: 1000 } });
const spent: SpendEvent = {
  id: 's',
  time: '2026-11-24T08:00:00Z',
  source: 'manual',
  model: 'gpt-5.1',
  tokens: spendTokens(),
  usd: 1.5,
  costBasis: 'estimated',
  unpricedTokens: 0,
};
const usage = allowanceUsage(
  { id: 'daily', name: 'Daily', amount: { usd: 2 }, period: 'day', timeZone: 'UTC', origin: 'personal' },
  [spent],
  '2026-11-24T12:00:00Z',
);

const assumptions = { outputTokens: 1000, reasoningTokens: 0, outputOrigin: 'user settings', reasoningOrigin: 'bundled defaults' };
const base = { rows, catalog, suggested: new Set<string>(), assumptions, prompt: undefined };

describe('presentComparison', () => {
  const message = presentComparison({ ...base, currentModel: 'gpt-5.1', usages: [usage] });
  const byId = Object.fromEntries(message.rows.map((row) => [row.modelId, row]));

  it('shows what the prompt on each model would leave of the allowance, overspending in the negative', () => {
    assert.equal(message.allowances, true);
    // gpt-5.1 at 80 %: 100,000 × $1/M + 1,000 × $8/M = $0.108, leaving $0.50 − $0.108
    assert.equal(byId['gpt-5.1'].leaves, '$0.39');
    assert.ok(Math.abs(byId['gpt-5.1'].leavesValue! - 0.392 / 2) < 1e-9);
    // Opus counts ≈120,000 tokens (Claude's tokenizer factor, 1.2): 120,000 × $15/M + 1,000 × $75/M = $1.875, $1.375 over
    assert.equal(byId['claude-opus-4-1'].leaves, '$1.38 over');
    assert.ok(byId['claude-opus-4-1'].leavesValue! < 0);
    assert.equal(byId.mystery.leaves, 'unknown');
    assert.equal(byId.mystery.leavesValue, undefined);
    assert.match(byId['gpt-5.1'].leavesTitle!, /^Daily \(.*\): \$0\.39 left of \$2\.00$/);
  });

  it('marks models with a negotiated price, and says so in the price source', () => {
    assert.match(byId['gpt-5.1'].priceNote!, /20% off the catalog for this model/);
    assert.equal(byId['claude-opus-4-1'].priceNote, undefined);
    assert.match(message.priceSource, /with negotiated prices \(marked\)/);
  });

  it('has no allowance column without allowances', () => {
    const plain = presentComparison({ ...base, currentModel: 'gpt-5.1' });
    assert.equal(plain.allowances, false);
    assert.equal(plain.rows[0].leaves, undefined);
  });
});
