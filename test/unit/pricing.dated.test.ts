import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeWaste, bundledCatalog, estimateForModel, summarizeSpend } from '../../src/core';
import { pricesOf, staleCatalogNote, STALE_AFTER_DAYS } from '../../src/core/models/priceDating';
import { readClaudeCode } from '../../src/core/readers/claudeCode';
import { newStats } from '../../src/core/readers/usageRow';
import { priceEvent } from '../../src/core/spend/eventPricing';
import { usageRowsToEvents } from '../../src/core/spend/ingest';
import { checkSpendEvent, serializeSpendEvent } from '../../src/core/spend/spendEvent';
import { presentSpend } from '../../src/spendView/presentSpend';
import { presentWaste } from '../../src/spendView/presentWaste';
import { claudeLine } from '../support/claudeLog';

const close = (actual: number | undefined, expected: number) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('prices for the day and the way each request was billed', () => {
  it("states the date of its data: the newest price start date in the package's own data, up to its publication", async () => {
    const catalog = bundledCatalog();
    // Worked out here from the package itself, not from the generator: every first-party provider's dated prices.
    const require = createRequire(__filename);
    const providers: { id: string; models: { prices: unknown }[] }[] = await require('@pydantic/genai-prices').waitForUpdate();
    const ids = new Set(catalog.providers.map((provider) => provider.id));
    let newest = '';
    for (const provider of providers.filter((each) => ids.has(each.id))) {
      for (const model of provider.models) {
        for (const entry of Array.isArray(model.prices) ? (model.prices as { constraint?: { start_date?: string } }[]) : []) {
          const from = entry.constraint?.start_date;
          if (from && from <= (catalog.source.published ?? catalog.snapshotDate) && from > newest) newest = from;
        }
      }
    }
    assert.equal(catalog.dataDate, newest);
    assert.match(catalog.source.published ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(pricesOf(catalog), `prices of ${newest}`);
    const day = Date.parse(`${newest}T00:00:00Z`);
    assert.equal(staleCatalogNote(catalog, day + STALE_AFTER_DAYS * 86_400_000), undefined);
    assert.match(staleCatalogNote(catalog, day + (STALE_AFTER_DAYS + 14) * 86_400_000) ?? '', /104 days old/);
  });

  it('prices fast mode at its own rates, and a mode without a price as no price, never the standard rate', async () => {
    // Anthropic's fast-mode page (https://platform.claude.com/docs/en/build-with-claude/fast-mode): Claude Opus 4.6 in
    // fast mode costs $30 input and $150 output per million tokens up to 200K input tokens; prompt-caching multipliers
    // stack on it (https://platform.claude.com/docs/en/about-claude/pricing): cache reads 0.1× = $3, 5-minute writes
    // 1.25× = $37.50. 10,000 × 30 + 50,000 × 3 + 2,000 × 37.5 + 1,000 × 150 = 675,000 per million → $0.675, where the
    // standard rate ($5, $0.50, $6.25, $25) would give $0.1125.
    const root = mkdtempSync(join(tmpdir(), 'tokenwise-fast-'));
    try {
      mkdirSync(join(root, '-home-dev-shop'));
      const common = { time: '2026-11-20T10:00:00.000Z', input: 10_000, cacheRead: 50_000, cacheWrite: 2_000, output: 1_000 };
      writeFileSync(
        join(root, '-home-dev-shop', 'session-1.jsonl'),
        claudeLine({ ...common, messageId: 'm1', requestId: 'r1', model: 'claude-opus-4-6', speed: 'fast' }) +
          claudeLine({ ...common, messageId: 'm2', requestId: 'r2', model: 'claude-opus-4-6', speed: 'standard' }) +
          claudeLine({ ...common, messageId: 'm3', requestId: 'r3', model: 'claude-opus-5-5', speed: 'fast' }),
      );
      const { rows } = await readClaudeCode([root]);
      const [fast, standard, unpriced] = usageRowsToEvents(rows, newStats());
      close(fast.usd, 0.675);
      assert.equal(fast.billingMode, 'fast');
      close(standard.usd, 0.1125);
      assert.equal(standard.billingMode, undefined);
      assert.equal(unpriced.usd, undefined, 'no fast-mode price is kept for Opus 5.5');
      assert.equal(unpriced.unpricedTokens, 63_000);
      assert.equal(checkSpendEvent(JSON.parse(serializeSpendEvent(fast))).event?.billingMode, 'fast');

      const summary = summarizeSpend([fast, standard, unpriced], {
        now: new Date('2026-11-21T12:00:00Z'),
        timeZone: 'UTC',
        range: { id: 'this-month' },
      });
      const view = presentSpend(summary, presentWaste(analyzeWaste(summary.inRange, bundledCatalog()), [], undefined, undefined));
      assert.equal(
        view.unpricedNote,
        '63,000 tokens in this range have no known price and are not in the totals: claude-opus-5-5 (no price for fast mode).',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("prices OpenAI's priority processing from its table, flex at Batch rates, and priority on long context as no price", () => {
    const draft = (id: string, model: string, billingMode: string, input: number) => ({
      id,
      time: '2026-11-20T10:00:00Z',
      source: 'codex',
      model,
      billingMode,
      tokens: { input, cacheRead: 100_000, output: 10_000 },
    });
    // https://openai.com/api-priority-processing/: GPT-5.5 priority $12.50 input, $1.25 cached input, $75 output per
    // million, long context excluded. 50,000 × 12.5 + 100,000 × 1.25 + 10,000 × 75 = 1,500,000 per million → $1.50.
    close(priceEvent(draft('p', 'gpt-5.5', 'priority', 50_000)).usd, 1.5);
    // https://developers.openai.com/api/docs/guides/flex-processing: flex "priced at Batch API rates", half of the
    // standard $5 / $0.50 / $30: 50,000 × 2.5 + 100,000 × 0.25 + 10,000 × 15 = 300,000 per million → $0.30.
    close(priceEvent(draft('f', 'gpt-5.5', 'flex', 50_000)).usd, 0.3);
    // Above GPT-5.5's long-context threshold (272K input tokens) priority has no published price: none, not another.
    const long = priceEvent(draft('l', 'gpt-5.5', 'priority', 200_000));
    assert.equal(long.usd, undefined);
    assert.equal(long.unpricedTokens, 310_000);
    // A model the priority table does not list has no priority price.
    assert.equal(priceEvent(draft('n', 'gpt-5.3-codex', 'priority', 50_000)).usd, undefined);
  });

  it('prices each event with the price in force at its time: a dated change and peak hours', () => {
    // DeepSeek V4 Flash as DeepSeek's pricing page gives it (https://api-docs.deepseek.com/quick_start/pricing, recorded
    // in @pydantic/genai-prices 0.1.8): $0.14 input per million until 2026-08-16; from 2026-08-17 $0.22, and $0.44
    // (double) in the peak hours 01:00–04:00 and 06:00–10:00 UTC. One million input tokens each.
    const at = (time: string) =>
      priceEvent({ id: time, time, source: 'manual', sessionId: 's', model: 'deepseek-v4-flash', tokens: { input: 1_000_000 } }).usd;
    close(at('2026-08-16T12:00:00.000Z'), 0.14);
    close(at('2026-08-17T12:00:00.000Z'), 0.22);
    close(at('2026-08-20T02:30:00.000Z'), 0.44);
    close(at('2026-08-20T09:59:00.000Z'), 0.44);
    close(at('2026-08-20T10:00:00.000Z'), 0.22);
    // DeepSeek's legacy name routes to V4 Flash from 2026-04-24 (its V4 release note): priced as V4 Flash from then,
    // at DeepSeek Chat's own V3 price before ($0.27 per million input in 00:30–16:30 UTC). Retired, it is offered no more.
    const chat = (time: string) =>
      priceEvent({ id: time, time, source: 'manual', sessionId: 's', model: 'deepseek-chat', tokens: { input: 1_000_000 } }).usd;
    close(chat('2026-04-01T12:00:00.000Z'), 0.27);
    close(chat('2026-05-01T12:00:00.000Z'), 0.14);
    assert.equal(bundledCatalog().find('deepseek-chat')?.deprecated, true);
    // And so is a projection now: the status bar of a user whose setting still names it.
    const million = { prompt: { o200k_base: 1_000_000 }, context: { o200k_base: 0 } };
    const noon = { expectedOutput: { defaultTokens: 0 }, at: Date.parse('2026-12-03T12:00:00Z') };
    const legacy = estimateForModel('deepseek-chat', bundledCatalog().find('deepseek-chat'), million, noon);
    const v4 = estimateForModel('deepseek-v4-flash', bundledCatalog().find('deepseek-v4-flash'), million, noon);
    assert.ok(
      legacy.inputUsd.expected !== undefined && legacy.inputUsd.expected === v4.inputUsd.expected,
      JSON.stringify([legacy.inputUsd, v4.inputUsd]),
    );
    // The comparison prices with the prices in force when it is made.
    const model = bundledCatalog().find('deepseek-v4-flash');
    const counts = { prompt: { o200k_base: 1_000_000 }, context: { o200k_base: 0 } };
    const expected = { defaultTokens: 0 };
    const peak = estimateForModel('deepseek-v4-flash', model, counts, { expectedOutput: expected, at: Date.parse('2026-12-03T03:00:00Z') });
    const calm = estimateForModel('deepseek-v4-flash', model, counts, { expectedOutput: expected, at: Date.parse('2026-12-03T12:00:00Z') });
    assert.ok(peak.inputUsd.expected !== undefined && calm.inputUsd.expected !== undefined);
    close(peak.inputUsd.expected / calm.inputUsd.expected, 2);
  });

  it('projects reasoning as the model bills it: the default on a model that always reasons, its own setting on any model', () => {
    // OpenAI's pricing page (https://developers.openai.com/api/docs/pricing): o3 output $8 per million, reasoning billed
    // as output; 2,000 expected reasoning tokens → $0.016 on top of 500 output tokens ($0.004).
    const counts = { prompt: { o200k_base: 1_000 }, context: { o200k_base: 0 } };
    const expectedOutput = { defaultTokens: 500, reasoningTokens: 2_000, reasoningPerModel: { 'claude-opus-4-6': 8_000 } };
    const o3 = estimateForModel('o3', bundledCatalog().find('o3'), counts, { expectedOutput });
    assert.equal(o3.reasoningTokens, 2_000);
    close(o3.outputUsd.expected, (500 * 8 + 2_000 * 8) / 1e6);
    // Anthropic's pricing page (https://platform.claude.com/docs/en/about-claude/pricing): Opus 4.6 output $25 per
    // million; it reasons only when asked, so only its own setting projects reasoning: 8,000 × 25 → $0.20, + $0.0125.
    const opus = estimateForModel('claude-opus-4-6', bundledCatalog().find('claude-opus-4-6'), counts, { expectedOutput });
    assert.equal(opus.reasoningTokens, 8_000);
    close(opus.outputUsd.expected, (500 * 25 + 8_000 * 25) / 1e6);
    const sonnet = estimateForModel('claude-sonnet-4-6', bundledCatalog().find('claude-sonnet-4-6'), counts, { expectedOutput });
    assert.equal(sonnet.reasoningTokens, 0);
  });

  it("prices xAI's long-context tier above 128K input tokens", () => {
    // xAI's models page (https://docs.x.ai/docs/models): Grok 4 costs $3 input and $15 output per million, and
    // "higher context pricing" of $6 and $30 above 128K input tokens. 150,000 × 6 + 1,000 × 30 → $0.93.
    const grok = (input: number) =>
      priceEvent({ id: `g${input}`, time: '2026-11-20T10:00:00Z', source: 'manual', model: 'grok-4', tokens: { input, output: 1_000 } })
        .usd;
    close(grok(150_000), 0.93);
    close(grok(100_000), 0.315);
  });
});
