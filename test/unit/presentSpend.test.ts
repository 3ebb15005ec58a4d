import * as assert from 'node:assert/strict';
import {
  analyzeWaste,
  bundledCatalog,
  priceEvent,
  resolveRange,
  spendToJson,
  summarizeSpend,
  type DayRange,
  type SpendEvent,
} from '../../src/core';
import { presentSpend } from '../../src/spendView/presentSpend';
import { niceCeiling, presentChart } from '../../src/spendView/presentSpendChart';
import { presentWaste } from '../../src/spendView/presentWaste';

const spend = (id: string, time: string, output: number, sessionId = 's1'): SpendEvent =>
  priceEvent({ id, time, model: 'gpt-5.1', tokens: { input: 0, output }, source: 'codex', sessionId, project: '/home/dev/shop' });

describe('the Spend view, presented', () => {
  const catalog = bundledCatalog();
  const now = new Date('2026-12-02T10:00:00Z');
  // A session on the evening of Nov 20 that runs past midnight (UTC), $1 and $0.50 (GPT-5.1 output at $10/M).
  const events = [
    spend('a', '2026-11-20T23:30:00Z', 100_000),
    spend('b', '2026-11-21T00:45:00Z', 50_000),
    spend('c', '2026-12-09T00:00:00Z', 10_000, 's2'),
  ];
  const present = (range: DayRange, repricing?: { events: number; before: number; after: number }) => {
    const summary = summarizeSpend(events, { now, timeZone: 'UTC', range });
    return presentSpend(summary, presentWaste(analyzeWaste(summary.inRange, catalog), [], undefined, undefined), [], repricing);
  };
  const november = resolveRange({ id: 'last-month' }, '2026-12-02') as DayRange;

  it("shows last month's spend in the range card, and says this month is empty and what is dated in the future", () => {
    const view = present(november, { events: 3, before: 1.5, after: 1.2 });
    assert.deepEqual(view.periods[0], { label: 'Last month', cost: '$1.50', detail: '150,000 tokens · 2 requests' });
    assert.equal(view.range.dates, 'Nov 1, 2026 – Nov 30, 2026');
    assert.deepEqual(view.notes, [
      'Nothing spent yet this month.',
      "3 costs calculated from tokens are re-priced with the team's prices: $1.50 at the prices they were recorded with, $1.20 now (all time).",
      '1 request is dated in the future (latest Dec 9, 00:00): kept, and counted when that time comes.',
    ]);
  });

  it('dates both ends of a session that crosses midnight, and each of its requests', () => {
    const [session] = present(november).sessions;
    assert.equal(session.agent, 'Codex CLI');
    assert.equal(session.project, 'shop');
    assert.equal(session.when, 'Nov 20, 23:30 – Nov 21, 00:45');
    assert.equal(session.date, 'Nov 20');
    assert.deepEqual(
      session.requests.map((request) => request.time),
      ['Nov 21, 00:45', 'Nov 20, 23:30'],
    );
  });

  it('gives the breakdowns shares of the range, and the chart a round scale and bars in words', () => {
    const view = present(november);
    assert.deepEqual(
      view.breakdowns[0].rows.map((row) => [row.label, row.cost, row.percent]),
      [['gpt-5.1', '$1.50', '100%']],
    );
    assert.deepEqual(
      view.chart.ticks.map((tick) => tick.label),
      ['$0', '$0.50', '$1.00'],
    );
    assert.equal(view.chart.bars[19].spoken, 'Nov 20: $1.00, 1 request');
    assert.equal(view.chart.bars[0].spoken, 'Nov 1: $0, 0 requests');
    assert.equal(view.chart.series.model[0].label, 'gpt-5.1');
  });

  it('rounds a scale up to 1, 2 or 5 times a power of ten', () => {
    assert.deepEqual([0.0004, 0.013, 0.2, 0.51, 1, 3.2, 7, 64].map(niceCeiling), [0.0005, 0.02, 0.2, 1, 1, 5, 10, 100]);
    assert.equal(presentChart(summarizeSpend([], { now, timeZone: 'UTC', range: november })).max, 1);
  });

  it('shows Copilot in AI credits with its estimate range, and a chat session by its title', () => {
    // Claude Sonnet 4.5 in credits, 2,000 input and 150 output tokens: $0.00825 if no input was cached, $0.00393 with
    // 80 % cached (see copilotCredits.test.ts); two such requests: 1.65 credits, $0.00786 to $0.0165.
    const copilot = (id: string, time: string) =>
      priceEvent({
        id,
        time,
        model: 'copilot/claude-sonnet-4.5',
        tokens: { input: 2000, output: 150 },
        source: 'copilot-chat',
        sessionId: 'chat1',
        sessionTitle: 'Fix the login form',
        billing: 'copilot-credits-no-cache-split',
      });
    const requests = [copilot('k1', '2026-11-10T09:00:00Z'), copilot('k2', '2026-11-10T09:05:00Z')];
    const summary = summarizeSpend(requests, { now, timeZone: 'UTC', range: november });
    const view = presentSpend(summary, presentWaste(analyzeWaste(summary.inRange, catalog), [], undefined, undefined));
    const agent = view.breakdowns[1].rows[0];
    assert.equal(agent.label, 'GitHub Copilot Chat');
    assert.equal(agent.cost, '$0.017');
    assert.equal(agent.detail, '4,300 tokens · 2 requests · 1.65 AI credits · estimate $0.0079–$0.017');
    assert.equal(agent.note, '1.65 AI credits · estimate $0.0079–$0.017');
    assert.equal(view.sessions[0].title, 'Fix the login form');
    assert.doesNotMatch(spendToJson(requests), /Fix the login/, 'a title may be prompt text: it is not exported');
  });
});
