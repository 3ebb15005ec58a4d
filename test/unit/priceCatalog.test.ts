import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PriceCatalog, bundledCatalog, describePrice, formatTokenLimit, formatUsd, formatUsdFigures, formatUsdSpan } from '../../src/core';
import { findModel, formatProjectedUsd, formatRate, listModels, priceRequest, type CatalogData } from '../../src/core/models';
import { generatedCatalog } from '../../src/core/models/catalog.generated';
import { projectRoot } from '../support/paths';

describe('price catalog', () => {
  const catalog = bundledCatalog();

  it('records its snapshot date and source', () => {
    assert.match(catalog.snapshotDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(!Number.isNaN(Date.parse(catalog.snapshotDate)));
    assert.equal(catalog.source.name, '@pydantic/genai-prices');
    assert.equal(catalog.source.license, 'MIT');
    const installed = JSON.parse(readFileSync(join(dirname(require.resolve('@pydantic/genai-prices')), '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(catalog.source.version, installed.version);
  });

  it('is what the generator makes from the pinned package (regenerate with `npm run prices`)', function () {
    this.timeout(60_000);
    const regenerated = execFileSync(process.execPath, [join(projectRoot, 'scripts', 'generatePriceCatalog.mjs'), '--stdout'], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    const committed = readFileSync(join(projectRoot, 'src', 'core', 'models', 'catalog.generated.ts'), 'utf8');
    assert.ok(regenerated === committed, 'src/core/models/catalog.generated.ts is stale: run `npm run prices`');
  });

  const current: Record<string, [string, string]> = {
    openai: ['gpt-4.1', 'gpt-5'],
    anthropic: ['claude-sonnet-4-5', 'claude-opus-4-1'],
    google: ['gemini-2.5-pro', 'gemini-2.5-flash'],
    'x-ai': ['grok-4', 'grok-code-fast-1'],
    mistral: ['mistral-large-latest', 'codestral-latest'],
    deepseek: ['deepseek-chat', 'deepseek-reasoner'],
  };
  for (const [provider, names] of Object.entries(current)) {
    it(`covers ${provider}'s current models with input and output prices`, () => {
      assert.ok(catalog.providers.some((entry) => entry.id === provider));
      for (const name of names) {
        const model = catalog.find(name);
        assert.ok(model, `${name} is in the catalog`);
        assert.equal(model.provider, provider);
        assert.ok(model.rates.input! > 0 && model.rates.output! > 0, `${name} has prices`);
        assert.ok(model.contextWindow! > 0, `${name} has a context window`);
      }
    });
  }

  it('records cache prices, 5-minute and 1-hour cache writes, and tiers', () => {
    const sonnet = catalog.find('claude-sonnet-4-5')!;
    assert.deepEqual(sonnet.rates, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6 });
    assert.deepEqual(sonnet.tiers, [
      { aboveInputTokens: 200_000, rates: { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5, cacheWrite1h: 12 } },
    ]);
    const gemini = catalog.find('gemini-2.5-pro')!;
    assert.equal(gemini.tiers?.[0].aboveInputTokens, 200_000);
    assert.ok(gemini.tiers![0].rates.input! > gemini.rates.input!);
  });

  it('records reasoning where it is priced apart from output', () => {
    const model = catalog.find('sonar-deep-research');
    assert.ok(model);
    assert.ok(model.rates.reasoning! > 0);
    assert.notEqual(model.rates.reasoning, model.rates.output);
  });

  it('keeps unknown rates unknown, never 0', () => {
    for (const model of catalog.models({ includeDeprecated: true })) {
      for (const [name, rate] of Object.entries(model.rates)) {
        assert.ok(typeof rate === 'number' && Number.isFinite(rate) && rate >= 0, `${model.key} ${name}`);
      }
    }
    const large = catalog.find('mistral-large-latest')!;
    assert.equal(large.rates.cacheRead, undefined);
    assert.equal(priceRequest(large, { input: 100, cacheRead: 1_000 }).unpricedTokens, 1_000);
  });

  it('notes prices that vary by time of day', () => {
    const model = catalog.find('deepseek-chat')!;
    assert.match(model.notes?.join(' ') ?? '', /time of day/);
  });

  describe('lookup', () => {
    it('by id, case-insensitively', () => assert.equal(findModel('GPT-4.1')?.id, 'gpt-4.1'));
    it('by alias', () => assert.equal(findModel('gpt-4.1-2025-04-14')?.id, 'gpt-4.1'));
    it('by dated snapshot (prefix)', () => assert.equal(findModel('claude-sonnet-4-5-20250929')?.id, 'claude-sonnet-4-5'));
    it('by the longest prefix', () => assert.equal(findModel('gpt-5-nano-2025-08-07')?.id, 'gpt-5-nano'));
    it('by pattern', () => assert.equal(findModel('claude-opus-5-20260101')?.id, 'claude-opus-5'));
    it('with a provider prefix', () => assert.equal(findModel('openai/gpt-4o')?.key, 'openai/gpt-4o'));
    it('within a provider', () => {
      assert.equal(findModel('gpt-4o', { provider: 'anthropic' }), undefined);
      assert.equal(findModel('claude-sonnet-4-5', { provider: 'anthropic' })?.provider, 'anthropic');
    });
    it('not found is undefined', () => {
      assert.equal(findModel('no-such-model'), undefined);
      assert.equal(findModel(''), undefined);
    });
    it('by a prefix only when what follows is a snapshot stamp, never as an older model', () => {
      // Snapshot stamps after a prefix: a date, a release tag, a cloud version.
      assert.equal(findModel('claude-sonnet-4-20250514')?.id, 'claude-sonnet-4-0');
      assert.equal(findModel('claude-haiku-4-5@20251001')?.id, 'claude-haiku-4-5');
      assert.equal(findModel('claude-3-5-sonnet-latest')?.id, 'claude-3-5-sonnet');
      assert.equal(findModel('gemini-2.5-flash-preview-05-20')?.key, 'google/gemini-2.5-flash-preview');
      // Another model whose name starts with a known one: unknown, so its cost is "no price", not the older model's.
      assert.equal(findModel('deepseek-chat-v4'), undefined, 'DeepSeek V4 is not DeepSeek Chat (V3) with its cache price');
      assert.equal(findModel('claude-opus-4-6-fast'), undefined);
      assert.equal(findModel('claude-sonnet-4-5-thinking'), undefined);
      assert.equal(findModel('claude-opus-4-1.5'), undefined);
    });
  });

  it('lists models by provider, leaving deprecated ones out unless asked', () => {
    const xai = listModels({ provider: 'x-ai' });
    assert.ok(xai.length > 0);
    assert.ok(xai.every((model) => model.provider === 'x-ai' && !model.deprecated));
    assert.ok(listModels({ provider: 'x-ai', includeDeprecated: true }).length > xai.length);
    const two = listModels({ provider: ['openai', 'anthropic'] });
    assert.deepEqual([...new Set(two.map((model) => model.provider))].sort(), ['anthropic', 'openai']);
    const keys = listModels({ includeDeprecated: true }).map((model) => model.key);
    assert.equal(new Set(keys).size, keys.length, 'keys are unique');
  });

  it('fills gaps from the overlay but never overrides the snapshot', () => {
    const data: CatalogData = {
      ...generatedCatalog,
      models: [
        { provider: 'openai', id: 'a', name: 'A', rates: { input: 1 }, contextWindow: 1_000 },
        { provider: 'openai', id: 'b', name: 'B', rates: { input: 1 } },
      ],
    };
    const overlay = {
      'openai/a': { contextWindow: 5, maxOutputTokens: 7, source: 'doc a' },
      'openai/b': { contextWindow: 9, source: 'doc b' },
    };
    const [a, b] = new PriceCatalog(data, overlay).models();
    assert.deepEqual(
      [a.contextWindow, a.contextWindowSource, a.maxOutputTokens, a.maxOutputTokensSource],
      [1_000, 'catalog', 7, 'overlay'],
    );
    assert.deepEqual([b.contextWindow, b.contextWindowSource, b.maxOutputTokens, b.overlaySource], [9, 'overlay', undefined, 'doc b']);
  });
});

describe('money formatting', () => {
  it('formats USD', () => {
    assert.equal(formatUsd(1.23), '$1.23');
    assert.equal(formatUsd(12_345), '$12,345.00');
    assert.equal(formatUsd(0.42), '$0.42');
    assert.equal(formatUsd(0.0042), '$0.0042');
    assert.equal(formatUsd(0.004249), '$0.0042');
    assert.equal(formatUsd(0.012), '$0.012');
    assert.equal(formatUsd(0.00012), '$0.00012');
    assert.equal(formatUsd(0.0996), '$0.10');
    assert.equal(formatUsd(0.00001), '$0.000010');
    assert.equal(formatUsd(0.0000432), '$0.000043');
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(-1.5), '-$1.50');
  });

  it('gives two significant figures at every size for side-by-side comparison', () => {
    const table: readonly [number, string][] = [
      [0.0000432, '$0.000043'],
      [0.00000999, '$0.000010'],
      [0.0012345, '$0.0012'],
      [0.0996, '$0.10'],
      [0.43, '$0.43'],
      [4.349, '$4.3'],
      [43.5, '$44'],
      [1234, '$1,200'],
      [0, '$0'],
      [-0.0051, '-$0.0051'],
    ];
    for (const [amount, shown] of table) assert.equal(formatUsdFigures(amount), shown, String(amount));
    assert.equal(formatUsdFigures(undefined), 'no price');
  });

  it('says "no price" for an unknown amount', () => {
    assert.equal(formatUsd(undefined), 'no price');
    assert.equal(formatProjectedUsd({ low: undefined, expected: undefined, high: undefined }, true), 'no price');
  });

  it('marks estimates with ≈ and gives their span', () => {
    const range = { low: 0.00498, expected: 0.0051, high: 0.0054 };
    assert.equal(formatProjectedUsd(range, true), '≈$0.0051');
    assert.equal(formatProjectedUsd(range, false), '$0.0051');
    assert.equal(formatUsdSpan(range), '$0.0050–$0.0054');
    assert.equal(formatUsdSpan({ low: 1, expected: 1, high: 1 }), '$1.00');
  });

  it('formats rates and token limits', () => {
    assert.equal(formatRate(3), '$3.00');
    assert.equal(formatRate(0.135), '$0.135');
    assert.equal(formatRate(0.0028), '$0.0028');
    assert.equal(formatRate(1_250), '$1,250.00');
    assert.equal(formatRate(undefined), 'no price');
    assert.equal(formatTokenLimit(200_000), '200K');
    assert.equal(formatTokenLimit(131_072), '128K');
    assert.equal(formatTokenLimit(1_048_576), '1M');
    assert.equal(formatTokenLimit(1_000_000), '1M');
    assert.equal(formatTokenLimit(1_050_000), '1.05M');
    assert.equal(formatTokenLimit(undefined), '?');
  });

  it('describes a model for a quick pick', () => {
    assert.equal(describePrice({ rates: { input: 3, output: 15 }, contextWindow: 200_000 }), '$3.00 in · $15.00 out per 1M · 200K context');
    assert.equal(
      describePrice({ rates: { input: 3, output: 15 }, contextWindow: 1_000_000, tiers: [{ aboveInputTokens: 200_000 }] }),
      '$3.00 in · $15.00 out per 1M · more above 200K · 1M context',
    );
    assert.equal(describePrice({ rates: { input: 0.02 } }), '$0.02 in · no price out per 1M · ? context');
  });
});
