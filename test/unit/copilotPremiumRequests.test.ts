import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowanceUsages, copilotPlanAllowance } from '../../src/core/allowances';
import { parseTeamConfig, readSettings, type SpendEvent } from '../../src/core';
import { formatPremiumRequests, premiumRequestMultiplier } from '../../src/core/models/copilotPremiumRequests';
import { readCopilotCli } from '../../src/core/readers/copilotCli';
import { usageRowToEvent } from '../../src/core/spend/ingest';
import { checkSpendEvent, serializeSpendEvent } from '../../src/core/spend/spendEvent';
import { presentAllowances } from '../../src/spendView/presentAllowances';
import { spendTokens } from '../support/builders';

// Multipliers from GitHub's table for annual plans on request-based billing, the column in force from June 1, 2026
// (github/docs data/tables/copilot/annual-subscriber-model-multipliers.yml at 66c16f66): Claude Sonnet 4.5 6,
// Claude Haiku 4.5 0.33, GPT-5.4 mini 6, GPT-5 mini 0.33; GPT-5.5 "TBD". Plan amounts from GitHub's "Requests in
// GitHub Copilot (legacy)": Pro 300 and Pro+ 1,500 premium requests a month, reset on the 1st at 00:00 UTC.

let serial = 0;
const event = (time: string, source: string, premiumRequests?: number): SpendEvent => ({
  id: `p${++serial}`,
  time,
  source,
  model: 'copilot/claude-sonnet-4.5',
  tokens: spendTokens({ input: 1000 }),
  usd: 0.01,
  costBasis: 'estimated',
  unpricedTokens: 0,
  ...(premiumRequests === undefined ? {} : { premiumRequests }),
});

describe('Copilot premium requests (legacy request-based billing)', () => {
  it("gives each model GitHub's multiplier, by the ids Copilot's files use, and none for a model without one", () => {
    assert.equal(premiumRequestMultiplier('copilot/claude-sonnet-4.5'), 6);
    assert.equal(premiumRequestMultiplier('claude-haiku-4-5'), 0.33);
    assert.equal(premiumRequestMultiplier('gpt-5.4-mini'), 6);
    assert.equal(premiumRequestMultiplier('GPT-5 mini'), 0.33);
    assert.equal(premiumRequestMultiplier('gpt-5.5'), undefined, 'TBD in the table');
    assert.equal(premiumRequestMultiplier('claude-sonnet-4'), undefined, 'not in the table: never priced as another model');
    assert.equal(formatPremiumRequests(1), '1 premium request');
    assert.equal(formatPremiumRequests(41.5), '41.5 premium requests');
  });

  it('counts a Copilot Chat request as one prompt at its multiplier, kept through the ledger', () => {
    const spent = usageRowToEvent({
      id: 'copilot-chat:s:r1',
      time: '2026-12-02T10:00:00Z',
      source: 'copilot-chat',
      sessionId: 's',
      model: 'copilot/claude-haiku-4.5',
      tokens: spendTokens({ input: 2_000, output: 100 }),
      billing: 'copilot-credits-no-cache-split',
    });
    assert.equal(spent.premiumRequests, 0.33);
    const again = checkSpendEvent(JSON.parse(serializeSpendEvent(spent)));
    assert.equal(again.event?.premiumRequests, 0.33);
    assert.match(checkSpendEvent({ ...JSON.parse(serializeSpendEvent(spent)), premiumRequests: -1 }).error ?? '', /negative/);
    assert.match(checkSpendEvent({ ...JSON.parse(serializeSpendEvent(spent)), premiumRequests: '3' }).error ?? '', /not a number/);
  });

  it('takes what Copilot CLI recorded: the premium requests added since the last shutdown', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tokenwise-copilot-premium-'));
    try {
      mkdirSync(join(root, 'S1'));
      const metrics = (input: number, cost: number) => ({
        'claude-sonnet-4.5': { requests: { count: cost * 3, cost }, usage: { inputTokens: input, outputTokens: 10 * input } },
      });
      const shutdown = (minute: number, input: number, cost: number) =>
        JSON.stringify({
          type: 'session.shutdown',
          timestamp: new Date(Date.UTC(2026, 11, 2, 10, minute)).toISOString(),
          data: { sessionId: 'S1', modelMetrics: metrics(input, cost) },
        });
      writeFileSync(join(root, 'S1', 'events.jsonl'), [shutdown(1, 100, 12), shutdown(30, 250, 18)].join('\n') + '\n');
      const { rows } = await readCopilotCli([root]);
      assert.deepEqual(
        rows.map((row) => [row.id, row.premiumRequests]),
        [
          ['copilot-cli:S1:claude-sonnet-4.5:1', 12],
          ['copilot-cli:S1:claude-sonnet-4.5:2', 6],
        ],
      );
      assert.equal(usageRowToEvent(rows[1]).premiumRequests, 6);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("holds an annual Pro plan's 300 premium requests against Copilot's prompts, in UTC, and says what it could not count", () => {
    const { allowance, problem } = copilotPlanAllowance({ plan: 'pro', billing: 'premium-requests' });
    assert.equal(problem, undefined);
    assert.deepEqual(allowance?.amount, { premiumRequests: 300 });
    const events = [
      event('2026-12-01T00:30:00Z', 'copilot-chat', 6),
      event('2026-12-03T10:00:00Z', 'copilot-cli', 150),
      event('2026-12-03T11:00:00Z', 'copilot-chat'), // a model without a multiplier
      event('2026-12-03T12:00:00Z', 'claude-code', 99),
      event('2026-11-30T23:30:00Z', 'copilot-chat', 6), // November in UTC, though December in Tokyo
    ];
    const [usage] = allowanceUsages([allowance!], events, '2026-12-15T12:00:00Z', { defaultTimeZone: 'Asia/Tokyo' });
    assert.equal(usage.unit, 'premium-requests');
    assert.equal(usage.used, 156);
    assert.equal(usage.unpricedEvents, 1);
    const [card] = presentAllowances([usage]);
    assert.equal(card.name, 'Copilot Pro premium requests');
    assert.equal(card.usedOfAmount, '156 of 300 premium requests · resets Jan 1');
    assert.equal(card.percent, '52%');
    assert.equal(card.statusText, '50% threshold reached');
    assert.equal(card.unpriced, '1 request on models without a known multiplier is not counted.');
    assert.match(card.detail, /times the model's multiplier/);
  });

  it('takes its own amount, and says why a setting cannot be used', () => {
    assert.deepEqual(copilotPlanAllowance({ plan: 'pro-plus', billing: 'premium-requests' }).allowance?.amount, { premiumRequests: 1_500 });
    assert.deepEqual(copilotPlanAllowance({ monthlyPremiumRequests: 700 }).allowance?.amount, { premiumRequests: 700 });
    assert.match(copilotPlanAllowance({ plan: 'max', billing: 'premium-requests' }).problem ?? '', /annual Copilot Pro and Pro\+/);
    assert.match(copilotPlanAllowance({ plan: 'pro', billing: 'requests' }).problem ?? '', /unknown Copilot billing "requests"/);
    assert.match(copilotPlanAllowance({ plan: 'pro', monthlyPremiumRequests: 0 }).problem ?? '', /monthlyPremiumRequests/);
    const settings = readSettings((key) => ({
      value: key === 'copilotPlan' ? { plan: 'pro-plus', billing: 'premium-requests' } : undefined,
      layer: 'user',
    }));
    assert.deepEqual(settings.copilotPlan?.amount, { premiumRequests: 1_500 });
    const team = parseTeamConfig(
      JSON.stringify({ copilotPlan: { plan: 'pro', billing: 'premium-requests', monthlyPremiumRequests: 450 } }),
    );
    assert.deepEqual(team.config?.allowances?.find((entry) => entry.id === 'copilot-plan')?.amount, { premiumRequests: 450 });
  });
});
