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
