import { HARMONY_SPECIALS } from '../support/referenceCount';
import * as assert from 'node:assert/strict';
import { Tiktoken } from 'js-tiktoken/lite';
import {
  countableTokenizer,
  countingEncodingFor,
  encodingsFor,
  defaultTokenizerFactors,
  modelTokens,
  tokenizerFor,
  type TokenizerFactors,
  type TokenizerSpec,
} from '../../src/core/models';
import { describeTokenizer } from '../../src/core';

function encodingOf(spec: TokenizerSpec): string {
  return spec.kind === 'exact' ? spec.encoding : spec.kind === 'published' ? `published:${spec.encoding}` : `estimate:${spec.family}`;
}

describe('model tokenizers', () => {
  const expectations: Record<string, string> = {
    'gpt-4o': 'o200k_base',
    'gpt-4o-mini': 'o200k_base',
    'gpt-4.1': 'o200k_base',
    'gpt-4.5-preview': 'o200k_base',
    'gpt-5': 'o200k_base',
    'gpt-5.4-mini': 'o200k_base',
    o3: 'o200k_base',
    'o4-mini': 'o200k_base',
    'openai/gpt-4.1': 'o200k_base',
    'gpt-4': 'cl100k_base',
    'gpt-4-turbo': 'cl100k_base',
    'gpt-4-0613': 'cl100k_base',
    'gpt-3.5-turbo': 'cl100k_base',
    'text-embedding-3-small': 'cl100k_base',
    'gpt-oss-120b': 'o200k_harmony',
    'gpt-oss-20b': 'o200k_harmony',
    'claude-3-7-sonnet-latest': 'estimate:claude',
    'claude-sonnet-4-5': 'estimate:claude',
    'claude-opus-4-6': 'estimate:claude',
    'claude-haiku-4-5': 'estimate:claude',
    'claude-opus-4-7': 'estimate:claude-2026',
    'claude-opus-4.7': 'estimate:claude-2026',
    'claude-opus-4-8': 'estimate:claude-2026',
    'claude-sonnet-5': 'estimate:claude-2026',
    'claude-opus-5-5': 'estimate:claude-2026',
    'gemini-2.5-pro': 'published:gemma3',
    'gemini-3-flash-preview': 'published:gemma3',
    'google/gemini-2.5-flash': 'published:gemma3',
    'gemma-3-27b-it': 'gemma3',
    'gemma-2-9b-it': 'estimate:gemini',
    'deepseek-chat': 'published:deepseek_v3',
    'deepseek-reasoner': 'published:deepseek_v3',
    'deepseek-v3.1-terminus': 'deepseek_v3',
    'deepseek-v3.2-exp': 'deepseek_v3',
    'deepseek/deepseek-r1': 'deepseek_v3',
    'deepseek-v4-pro': 'published:deepseek_v3',
    'qwen3-coder-480b': 'qwen3',
    'qwen/qwen3-235b-a22b': 'qwen3',
    'qwen3-max': 'published:qwen3',
    'qwen-2.5-72b-instruct': 'published:qwen3',
    'meta-llama/llama-3.3-70b-instruct': 'llama3',
    'llama3.1-8b': 'llama3',
    'llama-4-maverick': 'estimate:other',
    'grok-4': 'estimate:other',
    'mistral-large-latest': 'published:mistral_nemo',
    'mistral-nemo': 'mistral_nemo',
    'codestral-2508': 'published:mistral_nemo',
    'mistral-medium-2312': 'estimate:other',
    'mixtral-8x7b': 'estimate:other',
    'something-new': 'estimate:other',
  };
  for (const [model, encoding] of Object.entries(expectations)) {
    it(`${model} → ${encoding}`, () => assert.equal(encodingOf(tokenizerFor(model)), encoding));
  }

  it('counts o200k_harmony with the o200k_base counter', () => {
    const spec = tokenizerFor('gpt-oss-120b');
    assert.equal(countingEncodingFor(spec), 'o200k_base');
    assert.equal(countingEncodingFor(tokenizerFor('gpt-4')), 'cl100k_base');
    assert.equal(countingEncodingFor(tokenizerFor('claude-sonnet-4-5')), 'o200k_base');
  });

  it('o200k_harmony counts plain prompt text exactly as o200k_base does', function () {
    this.timeout(30_000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ranks = require('js-tiktoken/ranks/o200k_base') as ConstructorParameters<typeof Tiktoken>[0];
    const base = new Tiktoken(ranks);
    const harmony = new Tiktoken(ranks, { ...HARMONY_SPECIALS });
    for (const text of ['Hello, world!', 'function add(a, b) {\n  return a + b;\n}\n', 'Grüße aus Köln — 東京 🚀', ' '.repeat(40)]) {
      assert.equal(harmony.encode(text).length, base.encode(text).length, JSON.stringify(text));
    }
    // Only chat framing differs: a special token is one token in harmony.
    assert.equal(harmony.encode('<|start|>', 'all').length, 1);
  });
});

describe('token estimates', () => {
  it('multiplies the o200k count by the family factor and its range', () => {
    assert.deepEqual(modelTokens(1_000, tokenizerFor('claude-sonnet-4-5')), { low: 1_160, expected: 1_200, high: 1_300 });
    assert.deepEqual(modelTokens(1_000, tokenizerFor('gemma-2-9b')), { low: 1_080, expected: 1_140, high: 1_200 });
    // Opus 4.7+: 1.16 × 1.0 … 1.30 × 1.35
    assert.deepEqual(modelTokens(1_000, tokenizerFor('claude-opus-4-7')), { low: 1_160, expected: 1_410, high: 1_760 });
  });

  it('keeps a small range around a published vocabulary the vendor does not call its own', () => {
    assert.deepEqual(modelTokens(1_000, tokenizerFor('gemini-2.5-pro')), { low: 970, expected: 1_000, high: 1_030 });
    assert.equal(
      describeTokenizer(tokenizerFor('gemini-2.5-pro')),
      "≈ Gemma 3's published vocabulary, not stated to be this model's: ×0.97–1.03 of its count",
    );
  });

  it('falls back to the family estimate when the vocabulary was not counted', () => {
    const spec = tokenizerFor('deepseek-v3.2');
    assert.equal(countableTokenizer(spec, { o200k_base: 10, deepseek_v3: 11 }), spec);
    const fallback = countableTokenizer(spec, { o200k_base: 10 });
    assert.equal(fallback.kind === 'estimate' && fallback.family, 'deepseek-v3');
    assert.equal(countableTokenizer(spec, { o200k_base: 0 }), spec);
    assert.equal(countableTokenizer(tokenizerFor('gpt-4'), { o200k_base: 10 }).kind, 'exact');
  });

  it('names the encodings a set of models needs counted, each once', () => {
    assert.deepEqual(encodingsFor(['gpt-5', 'gemini-2.5-pro', 'gemini-3-pro', 'llama-3.3-70b', 'claude-sonnet-4-5', 'gpt-4']), [
      'gemma3',
      'llama3',
      'cl100k_base',
    ]);
  });

  it('keeps exact counts exact', () => {
    assert.deepEqual(modelTokens(1_234, tokenizerFor('gpt-4.1')), { low: 1_234, expected: 1_234, high: 1_234 });
    assert.deepEqual(modelTokens(0, tokenizerFor('claude-sonnet-4-5')), { low: 0, expected: 0, high: 0 });
  });

  it('every factor range contains its factor', () => {
    for (const [family, entry] of Object.entries(defaultTokenizerFactors)) {
      assert.ok(entry.low <= entry.factor && entry.factor <= entry.high, family);
      assert.ok(entry.basis.length > 0, family);
    }
  });

  it('takes replacement factors from configuration', () => {
    const factors: TokenizerFactors = {
      ...defaultTokenizerFactors,
      claude: { label: 'Claude (measured)', factor: 1.25, low: 1.2, high: 1.28, basis: 'team measurement' },
    };
    const spec = tokenizerFor('claude-sonnet-4-5', factors);
    assert.equal(spec.kind, 'estimate');
    assert.deepEqual(modelTokens(1_000, spec), { low: 1_200, expected: 1_250, high: 1_280 });
  });

  it('labels estimates with ≈ and their range', () => {
    assert.equal(
      describeTokenizer(tokenizerFor('claude-sonnet-4-5')),
      '≈ estimate for Claude 3 to 4.6: ×1.20 (1.16–1.30) of the o200k_base count',
    );
    assert.equal(describeTokenizer(tokenizerFor('gpt-4.1')), 'exact (o200k_base)');
  });
});
