import * as assert from 'node:assert/strict';
import { bundledCatalog, describeStatus } from '../../src/core';
import { type ModelKind, type ModelStatus, type ReasoningMode } from '../../src/core/models';
import { lineageOf, modelFacts, nameFromId, withLegacy } from '../../src/core/models/modelFacts';

const facts = (provider: string, id: string, deprecated = false) => modelFacts({ provider, id, name: id, deprecated });

describe('model facts', () => {
  // Kinds and reasoning by hand from the providers' model pages: embeddings, speech, images and moderation cannot
  // answer a prompt; o3, GPT-5 and Gemini 2.5 Pro always reason; GPT-5.1 defaults to reasoning effort "none"
  // (OpenAI API reference, ReasoningEffort); Claude thinks only with extended thinking on.
  const kinds: readonly [string, string, ModelKind, ReasoningMode][] = [
    ['openai', 'text-embedding-3-small', 'embedding', 'none'],
    ['mistral', 'mistral-embed', 'embedding', 'none'],
    ['openai', 'tts-1', 'audio', 'none'],
    ['openai', 'whisper-1', 'audio', 'none'],
    ['openai', 'gpt-4o-realtime-preview', 'audio', 'none'],
    ['openai', 'omni-moderation-latest', 'moderation', 'none'],
    ['openai', 'dall-e-3', 'image', 'none'],
    ['openai', 'computer-use-preview', 'computer-use', 'none'],
    ['perplexity', 'sonar-pro', 'search', 'none'],
    ['mistral', 'codestral-latest', 'code', 'none'],
    ['openai', 'gpt-5.1-codex', 'code', 'always'],
    ['openai', 'gpt-4o', 'chat', 'none'],
    ['openai', 'o3', 'reasoning', 'always'],
    ['openai', 'gpt-5', 'reasoning', 'always'],
    ['openai', 'gpt-5-pro', 'reasoning', 'always'],
    ['openai', 'gpt-5.1', 'chat', 'optional'],
    ['anthropic', 'claude-sonnet-4-5', 'chat', 'optional'],
    ['google', 'gemini-2.5-pro', 'reasoning', 'always'],
    ['deepseek', 'deepseek-reasoner', 'reasoning', 'always'],
    ['deepseek', 'deepseek-chat', 'chat', 'none'],
  ];
  for (const [provider, id, kind, reasoning] of kinds) {
    it(`${id} is ${kind}, reasoning ${reasoning}`, () => {
      const found = facts(provider, id);
      assert.equal(found.kind, kind);
      assert.equal(found.reasoning, reasoning);
    });
  }

  it('takes statuses from the overlay with their dates and sources, and from the data’s deprecated flag', () => {
    // Anthropic's model deprecations page: Claude 2 retired 2025-07-21.
    const claude2 = facts('anthropic', 'claude-2');
    assert.equal(claude2.status, 'retired');
    assert.equal(claude2.statusDate, '2025-07-21');
    assert.match(claude2.source ?? '', /model-deprecations/);
    assert.equal(describeStatus(claude2), 'retired 2025-07-21');
    const old = facts('openai', 'gpt-4-0613', true);
    assert.equal(old.status, 'deprecated');
    assert.equal(describeStatus(old), 'deprecated');
    assert.equal(describeStatus(facts('openai', 'gpt-4o')), '');
    assert.equal(describeStatus(facts('openai', 'computer-use-preview')), 'preview');
  });

  it('marks moving aliases, which stand for whichever model the provider points them at', () => {
    assert.equal(facts('deepseek', 'deepseek-chat').alias, true);
    assert.equal(facts('openai', 'omni-moderation-latest').alias, true);
    assert.equal(facts('openai', 'gpt-4o').alias, false);
  });

  const lineages: readonly [string, string, number | undefined, string | undefined][] = [
    ['claude-opus-4-5', 'claude-opus', 4.5, undefined],
    ['claude-3-5-haiku-20241022', 'claude-haiku', 3.5, undefined],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet', 4.5, undefined],
    ['grok-4-1-fast', 'grok-fast', 4.1, undefined],
    ['o3-mini', 'o-mini', 3, undefined],
    ['gemini-2.5-flash', 'gemini-flash', 2.5, undefined],
    ['gpt-4o-mini', 'gpt-mini', 4, undefined],
    ['deepseek-v3.2', 'deepseek-v', 3.2, undefined],
    ['mistral-large-2512', 'mistral-large', undefined, '2025-12'],
  ];
  for (const [id, family, generation, released] of lineages) {
    it(`${id}: family ${family}, generation ${generation ?? 'none'}${released ? `, released ${released}` : ''}`, () => {
      assert.deepEqual(lineageOf(id, id), { family, series: family.split('-')[0], generation, released });
    });
  }

  it('reads a generation from the name when the id has none', () => {
    assert.equal(lineageOf('mistral-small-2603', 'Mistral Small 4').generation, 4);
  });

  it('calls a model legacy when its family has a newer generation or its series moved on two majors', () => {
    const model = (id: string, status: ModelStatus = 'current') => ({ provider: 'openai', id, facts: { ...facts('openai', id), status } });
    const result = withLegacy([
      model('gpt-4o-mini'),
      model('gpt-6-mini'),
      model('gpt-5'),
      model('gpt-4-turbo'),
      model('gpt-3.5-turbo', 'retired'),
    ]);
    assert.deepEqual(
      result.map((entry) => [entry.id, entry.facts.status]),
      [
        ['gpt-4o-mini', 'legacy'], // GPT-6 mini is newer in its family
        ['gpt-6-mini', 'current'],
        ['gpt-5', 'current'], // one major behind GPT-6: still current
        ['gpt-4-turbo', 'legacy'], // two majors behind
        ['gpt-3.5-turbo', 'retired'], // an overlay status is kept
      ],
    );
  });

  it('makes clean names from ids', () => {
    assert.equal(nameFromId('gemini-flash-1.5-8b'), 'Gemini Flash 1.5 8B');
    assert.equal(nameFromId('gpt-4o-mini'), 'GPT-4o mini');
    assert.equal(nameFromId('ft:gpt-4o-mini'), 'GPT-4o mini fine-tuned');
    assert.equal(nameFromId('claude-3-5-sonnet'), 'Claude 3.5 Sonnet');
    assert.equal(nameFromId('gpt-oss-120b'), 'GPT OSS 120B');
  });

  it('gives no two models of a provider the same display name, and none in lower case', () => {
    const seen = new Set<string>();
    for (const model of bundledCatalog().models({ includeDeprecated: true })) {
      const key = `${model.provider}/${model.name}`;
      assert.ok(!seen.has(key), `two ${key}`);
      seen.add(key);
      const lowerCase = model.name === model.name.toLowerCase();
      assert.ok(!lowerCase || /^o\d/.test(model.name), `${model.key} is named ${model.name}`); // OpenAI's o-series is lower case
    }
  });
});
