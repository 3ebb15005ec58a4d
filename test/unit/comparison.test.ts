import * as assert from 'node:assert/strict';
import { compareModels, estimateForModel } from '../../src/core';
import { testCatalog } from '../support/builders';

// A small hand-made catalog, so every number below can be worked out by hand.
const catalog = testCatalog(
  [
    { provider: 'openai', id: 'gpt-5.1', name: 'GPT-5.1', rates: { input: 1.25, output: 10, cacheRead: 0.125 }, contextWindow: 400_000 },
    { provider: 'openai', id: 'gpt-4', name: 'GPT-4', rates: { input: 0.5, output: 1 }, contextWindow: 4096 },
    {
      provider: 'anthropic',
      id: 'claude-sonnet-4-5',
      name: 'Claude Sonnet 4.5',
      aliases: ['sonnet'],
      rates: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      contextWindow: 200_000,
    },
    { provider: 'mystery', id: 'mystery-1', name: 'Mystery 1', rates: {}, contextWindow: 100_000 },
  ],
  [
    { id: 'openai', name: 'OpenAI' },
    { id: 'anthropic', name: 'Anthropic' },
    { id: 'mystery', name: 'Mystery' },
  ],
);
const counts = { prompt: { o200k_base: 1000, cl100k_base: 1100 }, context: { o200k_base: 3000, cl100k_base: 3300 } };
const settings = { expectedOutput: { defaultTokens: 500 } };
const close = (actual: number | undefined, expected: number) => {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);
};

describe('estimateForModel', () => {
  it('prices an exact-tokenizer model: input, output, total and the cached follow-up', () => {
    const row = estimateForModel('gpt-5.1', catalog.find('gpt-5.1'), counts, settings);
    assert.equal(row.estimate, false);
    assert.deepEqual(row.inputTokens, { low: 4000, expected: 4000, high: 4000 });
    close(row.inputUsd.expected, 0.005); // 4,000 × $1.25/M
    close(row.outputUsd.expected, 0.005); // 500 × $10/M
    close(row.totalUsd.expected, 0.01);
    close(row.cachedTotalUsd?.expected, 0.006625); // 1,000 × 1.25/M + 3,000 × 0.125/M + 0.005
    assert.equal(row.unpricedTokens, 0);
    assert.equal(row.fit.status, 'fits');
  });

  it('counts cl100k models with their own count', () => {
    const row = estimateForModel('gpt-4', catalog.find('gpt-4'), counts, settings);
    assert.deepEqual(row.inputTokens, { low: 4400, expected: 4400, high: 4400 });
    close(row.totalUsd.expected, 0.0027); // 4,400 × 0.5/M + 500 × 1/M
    assert.equal(row.fit.status, 'exceeds'); // 4,900 > 4,096
  });

  it('gives an estimated model low, expected and high costs from its factor range', () => {
    const row = estimateForModel('sonnet', catalog.find('sonnet'), counts, settings);
    assert.equal(row.modelId, 'claude-sonnet-4-5');
    assert.equal(row.estimate, true);
    assert.deepEqual(row.inputTokens, { low: 4640, expected: 4800, high: 5200 }); // 4,000 × 1.16 / 1.20 / 1.30
    close(row.totalUsd.low, 0.02142); // 4,640 × 3/M + 500 × 15/M
    close(row.totalUsd.expected, 0.0219);
    close(row.totalUsd.high, 0.0231);
  });

  it('leaves an unpriced model unknown, never $0, and counts its tokens as unpriced', () => {
    const row = estimateForModel('mystery-1', catalog.find('mystery-1'), counts, settings);
    assert.equal(row.totalUsd.expected, undefined);
    assert.equal(row.inputUsd.expected, undefined);
    assert.ok(row.unpricedTokens >= 4500);
  });

  it('handles a model the catalog does not know', () => {
    const row = estimateForModel('my-finetune', undefined, counts, settings);
    assert.equal(row.model, undefined);
    assert.equal(row.totalUsd.expected, undefined);
    assert.equal(row.fit.status, 'unknown');
  });

  it('uses the per-model expected output override', () => {
    const row = estimateForModel('gpt-5.1', catalog.find('gpt-5.1'), counts, {
      expectedOutput: { defaultTokens: 500, perModel: { 'gpt-5.1': 2000 } },
    });
    assert.equal(row.outputTokens, 2000);
    close(row.outputUsd.expected, 0.02);
  });
});

describe('compareModels', () => {
  const rows = compareModels(catalog.models(), counts, settings, ['Sonnet']);

  it('sorts by expected total with unknown totals last', () => {
    assert.deepEqual(
      rows.map((row) => row.modelId),
      ['gpt-4', 'gpt-5.1', 'claude-sonnet-4-5', 'mystery-1'],
    );
  });

  it('marks the cheapest model that fits, not a cheaper one that does not', () => {
    assert.deepEqual(
      rows.filter((row) => row.cheapest).map((row) => row.modelId),
      ['gpt-5.1'],
    );
  });

  it('flags favourites by id or alias', () => {
    assert.deepEqual(
      rows.filter((row) => row.favourite).map((row) => row.modelId),
      ['claude-sonnet-4-5'],
    );
  });
});

describe('the cheapest rule and the reasoning projection', () => {
  // Each model here is cheaper than the one after it; only the last two are known to fit.
  const traps = testCatalog([
    { provider: 'openai', id: 'text-embedding-3-small', name: 'Embedding', rates: { input: 0.02 }, contextWindow: 8191 },
    { provider: 'openai', id: 'window-unknown', name: 'Window unknown', rates: { input: 0.01, output: 0.02 } },
    { provider: 'openai', id: 'part-priced', name: 'Part priced', rates: { input: 0.01 }, contextWindow: 1_000_000 },
    { provider: 'openai', id: 'too-small', name: 'Too small', rates: { input: 0.05, output: 0.1 }, contextWindow: 2_000 },
    { provider: 'openai', id: 'gpt-4.1-nano', name: 'Fits, cheap', rates: { input: 0.1, output: 0.4 }, contextWindow: 1_000_000 },
    { provider: 'openai', id: 'gpt-4.1', name: 'Fits, dear', rates: { input: 2, output: 8 }, contextWindow: 1_000_000 },
  ]);
  const rows = compareModels(traps.models(), counts, settings);

  it('never prices a model that cannot answer, and marks only a fully priced model known to fit', () => {
    assert.ok(!rows.some((row) => row.modelId === 'text-embedding-3-small'));
    assert.deepEqual(
      rows.filter((row) => row.cheapest).map((row) => row.modelId),
      ['gpt-4.1-nano'],
    );
    assert.equal(rows.find((row) => row.modelId === 'window-unknown')?.fit.status, 'unknown');
  });

  it('marks the cheapest within the models given (a provider filter), and none when none is known to fit', () => {
    const dear = compareModels([traps.find('gpt-4.1')!, traps.find('window-unknown')!], counts, settings);
    assert.deepEqual(
      dear.filter((row) => row.cheapest).map((row) => row.modelId),
      ['gpt-4.1'],
    );
    const none = compareModels([traps.find('window-unknown')!, traps.find('too-small')!], counts, settings);
    assert.equal(none.filter((row) => row.cheapest).length, 0);
  });

  it('adds the expected reasoning tokens to a model that always reasons, at its output rate, and none to others', () => {
    const reasoners = testCatalog([
      { provider: 'openai', id: 'o3', name: 'o3', rates: { input: 2, output: 8 }, contextWindow: 200_000 },
      { provider: 'openai', id: 'gpt-5.1', name: 'GPT-5.1', rates: { input: 1.25, output: 10 }, contextWindow: 400_000 },
    ]);
    const withReasoning = { expectedOutput: { defaultTokens: 500, reasoningTokens: 2000 } };
    // o3 (OpenAI: $2 input, $8 output per 1M): 4,000 × $2/M = $0.008 input; (500 + 2,000) × $8/M = $0.02 output
    const o3 = estimateForModel('o3', reasoners.find('o3'), counts, withReasoning);
    assert.equal(o3.reasoningTokens, 2000);
    close(o3.inputUsd.expected, 0.008);
    close(o3.outputUsd.expected, 0.02);
    close(o3.totalUsd.expected, 0.028);
    // GPT-5.1 reasons only when asked: 4,000 × $1.25/M + 500 × $10/M = $0.01
    const gpt = estimateForModel('gpt-5.1', reasoners.find('gpt-5.1'), counts, withReasoning);
    assert.equal(gpt.reasoningTokens, 0);
    close(gpt.totalUsd.expected, 0.01);
  });
});
