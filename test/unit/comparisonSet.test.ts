import * as assert from 'node:assert/strict';
import { bundledCatalog, defaultComparisonSet, modelSections } from '../../src/core';
import { MAX_DEFAULT_ROWS, type CatalogModelData } from '../../src/core/models';
import { providerLineUp } from '../../src/core/models/comparisonSet';
import { testCatalog } from '../support/builders';

const model = (provider: string, id: string, output = 10, extra: Partial<CatalogModelData> = {}): CatalogModelData => ({
  provider,
  id,
  name: id,
  rates: { input: output / 5, output },
  contextWindow: 200_000,
  ...extra,
});

// A made-up catalog with each trap the rule must avoid: an older generation in the same family, an embedding and a
// speech model, a moving alias, a retired model, a side series, and a family two generations behind.
const catalog = testCatalog(
  [
    model('openai', 'gpt-6', 20),
    model('openai', 'gpt-6-mini', 4),
    model('openai', 'gpt-5-mini', 2), // superseded by gpt-6-mini
    model('openai', 'gpt-5.5', 15), // a family of its own ("gpt"), but older than gpt-6
    model('openai', 'gpt-4-turbo', 30), // two majors behind
    model('openai', 'text-embedding-3-large', 0.13),
    model('openai', 'tts-1', 15),
    model('openai', 'chatgpt-4o-latest', 15),
    model('openai', 'o4-mini', 4), // the o-series: not the main series
    model('anthropic', 'claude-opus-5', 25),
    model('anthropic', 'claude-sonnet-5', 15),
    model('anthropic', 'claude-haiku-4-5', 5),
    model('anthropic', 'claude-haiku-3-5', 4),
    model('anthropic', 'claude-2', 24), // retired (overlay)
    model('anthropic', 'claude-instant-1', 2), // a family three generations behind
  ],
  [
    { id: 'openai', name: 'OpenAI' },
    { id: 'anthropic', name: 'Anthropic' },
  ],
);
const ids = (models: readonly { id: string }[]) => models.map((entry) => entry.id);

describe('the default comparison set', () => {
  it("takes each provider's newest model per family in its main series, newest first, then the most capable", () => {
    // OpenAI's main series is GPT (5 of its 9 models). Families: gpt (gpt-6; gpt-5.5 is legacy beside it), gpt-mini (gpt-6-mini,
    // newer than gpt-5-mini), gpt-turbo (generation 4, more than one behind 6). Aliases, embeddings and speech never count.
    assert.deepEqual(ids(providerLineUp(catalog, 'openai')), ['gpt-6', 'gpt-6-mini']);
    // Anthropic: opus 5 and sonnet 5 (generation 5, sonnet cheaper), haiku 4.5 (within one of 5); claude-2 retired.
    assert.deepEqual(ids(providerLineUp(catalog, 'anthropic')), ['claude-opus-5', 'claude-sonnet-5', 'claude-haiku-4-5']);
  });

  it('puts favourites (by alias too) and the current model first, and never a model that cannot answer', () => {
    const set = defaultComparisonSet(catalog, { current: 'gpt-4-turbo', favourites: ['text-embedding-3-large', 'claude-haiku-3-5'] });
    assert.deepEqual(ids(set.models), [
      'claude-haiku-3-5',
      'gpt-4-turbo',
      'claude-opus-5',
      'claude-sonnet-5',
      'claude-haiku-4-5',
      'gpt-6',
      'gpt-6-mini',
    ]);
    assert.equal(set.reasons.get('anthropic/claude-haiku-3-5'), 'favourite');
    assert.equal(set.reasons.get('openai/gpt-4-turbo'), 'current');
    assert.equal(set.reasons.get('openai/gpt-6'), 'line-up');
  });

  it('replaces the line-ups with a pinned set', () => {
    const set = defaultComparisonSet(catalog, { current: 'gpt-6', pinned: ['claude-haiku-4-5', 'tts-1', 'no-such-model'] });
    assert.deepEqual(ids(set.models), ['gpt-6', 'claude-haiku-4-5']);
    assert.equal(set.reasons.get('anthropic/claude-haiku-4-5'), 'pinned');
  });

  it('on the bundled catalog: 10 to 20 rows, each a current chat or reasoning model, at most three per provider', () => {
    const real = bundledCatalog();
    const set = defaultComparisonSet(real, { current: 'claude-sonnet-4-5' });
    assert.ok(set.models.length >= 10 && set.models.length <= MAX_DEFAULT_ROWS, `${set.models.length} rows`);
    const perProvider = new Map<string, number>();
    for (const entry of set.models) {
      if (set.reasons.get(entry.key) !== 'line-up') continue;
      assert.ok(['chat', 'reasoning'].includes(entry.facts.kind), `${entry.key} is ${entry.facts.kind}`);
      assert.equal(entry.facts.status, 'current', entry.key);
      assert.equal(entry.facts.alias, false, entry.key);
      perProvider.set(entry.provider, (perProvider.get(entry.provider) ?? 0) + 1);
    }
    for (const [provider, count] of perProvider) assert.ok(count <= 3, `${provider}: ${count}`);
    assert.ok(perProvider.size >= 5, [...perProvider.keys()].join(', '));
  });
});

describe('Select Model sections', () => {
  it('lists offered models newest first per provider, the current model kept, the rest only when asked for', () => {
    const current = catalog.find('claude-2');
    const sections = modelSections(catalog, current, false);
    assert.deepEqual(
      sections.map((section) => [section.label, ids(section.models)]),
      [
        ['OpenAI', ['gpt-6', 'gpt-6-mini', 'o4-mini']],
        ['Anthropic', ['claude-opus-5', 'claude-sonnet-5', 'claude-haiku-4-5', 'claude-2']],
      ],
    );
    const all = modelSections(catalog, current, true);
    assert.deepEqual(
      all.map((section) => section.label),
      ['OpenAI', 'OpenAI: older and other models', 'Anthropic', 'Anthropic: older and other models'],
    );
    assert.ok(ids(all[1].models).includes('text-embedding-3-large'));
    assert.ok(ids(all[3].models).includes('claude-2'));
  });
});
