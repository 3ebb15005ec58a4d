import * as assert from 'node:assert/strict';
import { allowanceUsages, copilotPlanAllowance } from '../../src/core/allowances';
import { formatConfigProblem, parseTeamConfig, readSettings, type SpendEvent } from '../../src/core';
import { presentAllowances } from '../../src/spendView/presentAllowances';
import { spendTokens } from '../support/builders';

let serial = 0;
const event = (time: string, usd: number, source: string): SpendEvent => ({
  id: `c${++serial}`,
  time,
  source,
  model: 'copilot/claude-sonnet-4.5',
  tokens: spendTokens({ input: 1000 }),
  usd,
  costBasis: 'estimated',
  unpricedTokens: 0,
});

describe('the Copilot plan as an allowance', () => {
  it('holds the plan’s included credits against Copilot’s spend only, from its reset day', () => {
    // Copilot Pro: 1,500 credits = $15.00 a month.
    const { allowance } = copilotPlanAllowance({ plan: 'pro' });
    assert.ok(allowance);
    assert.deepEqual(allowance.amount, { usd: 15 });
    const events = [
      event('2026-12-02T10:00:00Z', 7.2, 'copilot-chat'),
      event('2026-12-10T10:00:00Z', 4, 'copilot-cli'),
      event('2026-12-10T11:00:00Z', 9, 'claude-code'),
      event('2026-11-30T10:00:00Z', 5, 'copilot-chat'),
    ];
    const [usage] = allowanceUsages([allowance], events, '2026-12-15T12:00:00Z', { defaultTimeZone: 'UTC' });
    assert.ok(Math.abs(usage.used - 11.2) < 1e-9, String(usage.used));
    const [card] = presentAllowances([usage]);
    assert.equal(card.name, 'Copilot Pro included credits');
    assert.equal(card.usedOfAmount, '$11.20 of $15.00 included credits · resets Jan 1');
    assert.match(card.detail, /1,120 of 1,500 AI credits/);
    assert.equal(card.statusText, '50% threshold reached');
  });

  it('starts the month on the reset day, and takes its own amount of credits', () => {
    const { allowance } = copilotPlanAllowance({ plan: 'business', monthlyCredits: 3_000, resetDay: 15 });
    assert.deepEqual(allowance?.amount, { usd: 30 });
    const [usage] = allowanceUsages([allowance!], [event('2026-12-14T10:00:00Z', 6, 'copilot-chat')], '2026-12-20T12:00:00Z', {
      defaultTimeZone: 'UTC',
    });
    assert.equal(usage.used, 0, 'spend before the 15th belongs to the previous period');
    assert.equal(presentAllowances([usage])[0].usedOfAmount, '$0.00 of $30.00 included credits · resets Jan 15');
  });

  it('says why a plan setting is not used, and sets nothing without a plan', () => {
    assert.deepEqual(copilotPlanAllowance({}), {});
    assert.match(copilotPlanAllowance({ plan: 'gold' }).problem ?? '', /unknown Copilot plan "gold"/);
    assert.match(copilotPlanAllowance({ plan: 'pro', monthlyCredits: -5 }).problem ?? '', /monthlyCredits/);
    assert.match(copilotPlanAllowance({ plan: 'pro', resetDay: 31 }).problem ?? '', /resetDay/);
    const settings = readSettings((key) => ({ value: key === 'copilotPlan' ? { plan: 'max', resetDay: 0 } : undefined, layer: 'default' }));
    assert.equal(settings.copilotPlan, undefined);
    assert.ok(settings.warnings.some((warning) => /tokenwise.copilotPlan is not used: resetDay/.test(warning)));
  });
});

describe('the Copilot plan from a team config', () => {
  it('becomes a team allowance for every member, and a bad plan is an error in the config', () => {
    const parsed = parseTeamConfig(JSON.stringify({ team: 'Shop', copilotPlan: { plan: 'business', resetDay: 5 } }));
    const plan = parsed.config?.allowances?.find((entry) => entry.id === 'copilot-plan');
    assert.equal(plan?.origin, 'team');
    assert.deepEqual(plan?.amount, { usd: 19 });
    assert.equal(plan?.monthStartsOn, 5);
    const bad = parseTeamConfig(JSON.stringify({ copilotPlan: { plan: 'gold' } }));
    assert.equal(bad.config, undefined);
    assert.ok(
      bad.problems.some((problem) => problem.severity === 'error' && /copilotPlan/.test(formatConfigProblem(problem, 'team.json'))),
    );
  });
});
