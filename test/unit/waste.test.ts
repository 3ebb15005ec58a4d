import * as assert from 'node:assert/strict';
import { analyzeWaste, priceEvent, repriceOnModel, type SpendEvent } from '../../src/core';
import { type SpendTokens } from '../../src/core/spend';
import { spendTokens, testCatalog } from '../support/builders';

// Rates per million tokens as on Anthropic's pricing page for Claude Sonnet 4.5 (input $3, 5-minute cache write
// $3.75, 1-hour cache write $6, cache read $0.30, output $15) and OpenAI's for GPT-4.1 (input $2, output $8).
const catalog = testCatalog([
  {
    provider: 'anthropic',
    id: 'claude-sonnet-4-5',
    name: 'Claude Sonnet 4.5',
    rates: { input: 3, cacheWrite: 3.75, cacheWrite1h: 6, cacheRead: 0.3, output: 15 },
    contextWindow: 200_000,
  },
  { provider: 'openai', id: 'gpt-4.1', name: 'GPT-4.1', rates: { input: 2, cacheRead: 0.5, output: 8 }, contextWindow: 1_000_000 },
  {
    provider: 'openai',
    id: 'gpt-4.1-mini',
    name: 'GPT-4.1 mini',
    rates: { input: 0.4, cacheRead: 0.1, output: 1.6 },
    contextWindow: 1_000_000,
  },
]);
const start = Date.parse('2026-11-20T10:00:00Z');
const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
let next = 0;
const request = (sessionId: string | undefined, minutes: number, model: string, tokens: Partial<SpendTokens>, usd?: number): SpendEvent =>
  priceEvent({ id: `e${next++}`, time: at(minutes), model, tokens: spendTokens(tokens), source: 'claude-code', sessionId, usd }, catalog);

describe('where money was wasted', () => {
  const cached = [
    request('a', 0, 'claude-sonnet-4-5', { input: 100, cacheWrite: 10_000, output: 100 }),
    request('a', 2, 'claude-sonnet-4-5', { input: 100, cacheRead: 10_000, output: 100 }), // reads the first write
    request('a', 3, 'claude-sonnet-4-5', { cacheWrite: 20_000 }),
    request('a', 10, 'claude-sonnet-4-5', { cacheRead: 20_000 }), // 7 minutes on: the 5-minute write had expired
    request('a', 20, 'claude-sonnet-4-5', { cacheWrite1h: 5_000 }),
    request('a', 70, 'claude-sonnet-4-5', { cacheRead: 5_000 }), // 50 minutes on: within the hour
  ];
  const growing = [1000, 2000, 3000, 4000, 5000, 6000].map((input, i) => request('b', 100 + i, 'gpt-4.1', { input, output: 50 }));
  const steady = [1, 2, 3, 4, 5, 6].map((i) => request('c', 200 + i, 'gpt-4.1', { input: 1000, output: 50 }));
  const report = analyzeWaste([...cached, ...growing, ...steady, request('d', 300, 'mystery-model', { input: 10 })], catalog);

  it('measures the share of input served from the cache and what the cache reads saved', () => {
    const session = report.cacheBySession.find((entry) => entry.sessionId === 'a')!;
    // input of every kind: 10,100 + 10,100 + 20,000 + 20,000 + 5,000 + 5,000 = 70,200; cache reads 35,000
    assert.equal(session.inputTokens, 70_200);
    assert.equal(session.cacheReadTokens, 35_000);
    assert.ok(Math.abs(session.servedFromCache! - 35_000 / 70_200) < 1e-12);
    // 35,000 × ($3 − $0.30) / 1M = $0.0945
    assert.ok(Math.abs(session.savedUsd - 0.0945) < 1e-12, String(session.savedUsd));
  });

  it('prices cache writes no request read within their lifetime as money spent for nothing', () => {
    // Only the 20,000-token 5-minute write: 20,000 × $3.75 / 1M = $0.075
    assert.deepEqual(report.cache.unreadWrites.tokens, 20_000);
    assert.equal(report.cache.unreadWrites.requests, 1);
    assert.ok(Math.abs(report.cache.unreadWrites.usd - 0.075) < 1e-12);
    assert.equal(report.cacheBySession[0].sessionId, 'a');
  });

  it('finds the session whose input keeps growing, with the cost of the context it sent again', () => {
    assert.deepEqual(
      report.runaway.map((session) => [session.sessionId, session.requests, session.firstInput, session.lastInput, session.resentTokens]),
      [['b', 6, 1000, 6000, 15_000]], // 1,000 + 2,000 + 3,000 + 4,000 + 5,000 re-sent; the steady session is not flagged
    );
    assert.ok(Math.abs(report.runaway[0].resentUsd - 0.03) < 1e-12); // 15,000 × $2 / 1M
    assert.equal(report.unknownModels, 1);
  });

  it('re-prices the same work on another model, with the tokenizer difference as a range', () => {
    const work = [request('e', 400, 'claude-sonnet-4-5', { input: 1_200_000 }, 3.6)];
    const onGpt = repriceOnModel(work, catalog.find('gpt-4.1')!);
    // Claude's count is about 1.20 (1.16–1.30) × o200k_base: 1,000,000 (923,077–1,034,483) GPT-4.1 tokens at $2/M.
    assert.equal(onGpt.estimate, true);
    assert.equal(onGpt.actualUsd, 3.6);
    assert.ok(Math.abs(onGpt.expected - 2) < 1e-9, String(onGpt.expected));
    assert.ok(Math.abs(onGpt.low - 1.846154) < 1e-9, String(onGpt.low));
    assert.ok(Math.abs(onGpt.high - 2.068966) < 1e-9, String(onGpt.high));
    // GPT-4.1 to GPT-4.1 mini share o200k_base: exact. 21,000 input × $0.40/M + 300 output × $1.60/M over the session.
    const onMini = repriceOnModel(growing, catalog.find('gpt-4.1-mini')!);
    assert.equal(onMini.estimate, false);
    assert.equal(onMini.requests, 6);
    assert.ok(Math.abs(onMini.expected - (21_000 * 0.4 + 300 * 1.6) / 1e6) < 1e-12);
    assert.equal(onMini.low, onMini.high);
  });

  it('bills cache writes as input on a model that prices none, and leaves no request out for it', () => {
    const work = [request('f', 500, 'claude-sonnet-4-5', { input: 1_000, cacheWrite: 10_000, cacheRead: 5_000 }, 0.05)];
    const onGpt = repriceOnModel(work, catalog.find('gpt-4.1')!);
    // 11,000 / 1.2 → 9,167 input tokens at $2/M, 5,000 / 1.2 → 4,167 cache reads at $0.50/M
    assert.equal(onGpt.leftOut, 0);
    assert.ok(Math.abs(onGpt.expected - (9_167 * 2 + 4_167 * 0.5) / 1e6) < 1e-12, String(onGpt.expected));
  });

  it("prices Copilot's requests at GitHub's credit prices, and leaves requests without a cached split out of the cache figures", () => {
    const copilot = (id: string, minutes: number, input: number) =>
      priceEvent({
        id,
        time: at(minutes),
        model: 'copilot/claude-sonnet-4.5',
        tokens: spendTokens({ input, output: 10 }),
        source: 'copilot-chat',
        sessionId: 'chat',
        billing: 'copilot-credits-no-cache-split',
      });
    // Six requests whose input grows from 10,000 to 60,000 tokens: a runaway session, re-sending
    // 10,000 + 20,000 + 30,000 + 40,000 + 50,000 = 150,000 tokens at GitHub's $3.00 per million for Sonnet 4.5: $0.45.
    const chat = [10_000, 20_000, 30_000, 40_000, 50_000, 60_000].map((input, i) => copilot(`k${i}`, i, input));
    const waste = analyzeWaste(chat, catalog);
    assert.equal(waste.unknownModels, 0, 'the copilot/ ids are priced from the credit table, not the catalog');
    assert.equal(waste.runaway.length, 1);
    assert.equal(waste.runaway[0].resentTokens, 150_000);
    assert.ok(Math.abs(waste.runaway[0].resentUsd - 0.45) < 1e-9, String(waste.runaway[0].resentUsd));
    assert.equal(waste.cache.inputTokens, 0, 'no cached split recorded: nothing said of the cache');
    assert.equal(waste.cache.servedFromCache, undefined);
  });
});
