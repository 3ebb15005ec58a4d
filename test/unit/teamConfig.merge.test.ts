import * as assert from 'node:assert/strict';
import {
  applyPriceOverrides,
  expectedOutputSettings,
  resolveModelAlias,
  resolvePriceOverrides,
  type PriceOverride,
} from '../../src/core/config';
import { defaultTokenizerFactors, expectedOutputFor, findModel } from '../../src/core/models';
import { mergeConfig, parseTeamConfig, teamConfigLayer } from '../../src/core';

const TEAM_URL = 'https://config.example.com/tokenwise.json';

function teamLayer(text: string) {
  const parsed = parseTeamConfig(text, TEAM_URL);
  assert.ok(parsed.config, JSON.stringify(parsed.problems));
  return teamConfigLayer(parsed.config, TEAM_URL);
}

describe('team config: merging', () => {
  it('fills every field from the bundled defaults when nothing else is set', () => {
    const { config, origins } = mergeConfig([]);
    assert.equal(config.defaultModel, 'gpt-5.1');
    assert.equal(config.expectedOutputTokens, 500);
    assert.deepEqual(config.allowances, []);
    assert.equal(config.tokenizerFactors.claude.factor, defaultTokenizerFactors.claude.factor);
    assert.deepEqual(origins.defaultModel, { source: 'defaults', origin: 'bundled defaults' });
    assert.equal(config.team, undefined);
  });

  it('lets later layers win per field and says who set what', () => {
    const team = teamLayer(`{
      "team": "Payments",
      "defaultModel": "claude-sonnet-4-5",
      "favoriteModels": ["o3"],
      "expectedOutputTokens": 800,
      "expectedOutputTokensByModel": { "o3": 4000, "gpt-5.1": 900 },
      "allowances": [{ "id": "m", "amount": { "usd": 100 }, "period": "month" }]
    }`);
    const { config, origins } = mergeConfig([
      team,
      { source: 'user', origin: 'user settings', values: { favoriteModels: ['gpt-5.1'], expectedOutputTokensByModel: { o3: 6000 } } },
    ]);
    assert.equal(config.team, 'Payments');
    assert.equal(config.defaultModel, 'claude-sonnet-4-5');
    assert.deepEqual(origins.defaultModel, { source: 'team', origin: TEAM_URL });
    assert.deepEqual(config.favoriteModels, ['gpt-5.1']);
    assert.deepEqual(origins.favoriteModels, { source: 'user', origin: 'user settings' });
    assert.equal(config.expectedOutputTokens, 800);
    assert.deepEqual(config.expectedOutputTokensByModel, { o3: 6000, 'gpt-5.1': 900 }, 'maps merge key by key');
    assert.deepEqual(origins['expectedOutputTokensByModel.o3'], { source: 'user', origin: 'user settings' });
    assert.deepEqual(origins['expectedOutputTokensByModel.gpt-5.1'], { source: 'team', origin: TEAM_URL });
    assert.equal(config.allowances[0].id, 'm');
    assert.equal(origins.allowances.source, 'team');
    assert.equal(origins.tokenizerFactors.source, 'defaults');
    assert.equal(expectedOutputFor('o3', expectedOutputSettings(config)), 6000);
    assert.equal(expectedOutputFor('gpt-4o', expectedOutputSettings(config)), 800);
  });

  it('merges tokenizer factors per family, keeping the bundled ones the team leaves out', () => {
    const { config, origins } = mergeConfig([
      teamLayer('{ "team": "Core", "tokenizerFactors": { "claude": { "factor": 1.25, "low": 1.2, "high": 1.3 } } }'),
    ]);
    assert.equal(config.tokenizerFactors.claude.factor, 1.25);
    assert.equal(config.tokenizerFactors.claude.label, defaultTokenizerFactors.claude.label);
    assert.match(config.tokenizerFactors.claude.basis, /Core team/);
    assert.equal(config.tokenizerFactors.gemini, defaultTokenizerFactors.gemini);
    assert.equal(origins['tokenizerFactors.claude'].source, 'team');
    assert.equal(origins['tokenizerFactors.gemini'].source, 'defaults');
  });

  it("does not let user settings override the team's allowances or prices", () => {
    const team = teamLayer('{ "allowances": [{ "id": "m", "amount": { "usd": 100 }, "period": "month" }] }');
    const merged = mergeConfig([team, { source: 'user', origin: 'user settings', values: { allowances: [], defaultModel: 'o3' } }]);
    assert.equal(merged.config.allowances.length, 1);
    assert.equal(merged.config.defaultModel, 'o3');
    assert.deepEqual(merged.ignored, ['user:allowances']);
  });

  it('resolves aliases case-insensitively', () => {
    assert.equal(resolveModelAlias('Fast', { fast: 'claude-haiku-4-5' }), 'claude-haiku-4-5');
    assert.equal(resolveModelAlias('o3', { fast: 'claude-haiku-4-5' }), 'o3');
  });
});

describe('team config: price overrides', () => {
  const sonnet = findModel('claude-sonnet-4-5');
  const gpt = findModel('gpt-5.1');
  assert.ok(sonnet && gpt);

  it('leaves the catalog rates alone without a matching entry', () => {
    assert.deepEqual(applyPriceOverrides(sonnet, [{ provider: 'openai', discountPercent: 50 }]), sonnet.rates);
  });

  it('applies a provider discount to every known rate and leaves unknown rates unknown', () => {
    const rates = applyPriceOverrides(gpt, [{ provider: 'openai', discountPercent: 10 }]);
    assert.deepEqual(rates, { input: 1.125, output: 9, cacheRead: 0.1125 });
    assert.equal((rates as { cacheWrite?: number }).cacheWrite, undefined);
    assert.equal('reasoning' in rates, false);
  });

  it('lets a model entry beat a provider entry, rate by rate', () => {
    const overrides: PriceOverride[] = [
      { provider: 'anthropic', discountPercent: 10, rates: { cacheWrite1h: 5 } },
      { model: 'claude-sonnet-4-5', rates: { input: 2.5, output: 12 } },
    ];
    const result = resolvePriceOverrides(sonnet, overrides);
    assert.deepEqual(result.rates, { input: 2.5, output: 12, cacheRead: 0.27, cacheWrite: 3.375, cacheWrite1h: 5 });
    assert.deepEqual(result.origins, {
      input: 'model-rate',
      output: 'model-rate',
      cacheRead: 'provider-discount',
      cacheWrite: 'provider-discount',
      cacheWrite1h: 'provider-rate',
    });
  });

  it('does not compound a model discount with a provider discount', () => {
    const rates = applyPriceOverrides(sonnet, [
      { provider: 'anthropic', discountPercent: 50 },
      { model: 'anthropic/claude-sonnet-4-5', discountPercent: 20 },
    ]);
    assert.equal(rates.input, 2.4);
    assert.equal(rates.output, 12);
  });

  it('keeps explicit rates undiscounted and discounts the rest', () => {
    const rates = applyPriceOverrides(gpt, [{ model: 'gpt-5.1', rates: { input: 1, reasoning: 20 }, discountPercent: 20 }]);
    assert.deepEqual(rates, { input: 1, output: 8, cacheRead: 0.1, reasoning: 20 });
  });

  it('matches an entry that names the model by a team alias', () => {
    const rates = applyPriceOverrides(sonnet, [{ model: 'smart', discountPercent: 50 }], { aliases: { smart: 'claude-sonnet-4-5' } });
    assert.equal(rates.input, 1.5);
  });

  it('applies overrides to tier rates passed in', () => {
    const rates = applyPriceOverrides(sonnet, [{ provider: 'anthropic', discountPercent: 50 }], { rates: { input: 6, output: 22.5 } });
    assert.deepEqual(rates, { input: 3, output: 11.25 });
  });
});
