// A team-scope allowance's use: the member's own events plus the rest of the team's spend from the team ledger,
// filtered by the same rule as the member's events; checked against sums worked out by hand.
import * as assert from 'node:assert/strict';
import type { Allowance } from '../../src/core/allowances/allowance';
import { periodKey, teamPeriods, usageInScope, type TeamSpendGroup, type TeamSpendSnapshot } from '../../src/core/allowances/teamUsage';
import { checkSpendEvent, type SpendEvent } from '../../src/core/spend/spendEvent';
import { presentAllowances } from '../../src/spendView/presentAllowances';

const NOW = Date.parse('2026-11-20T12:00:00Z');

function event(id: string, usd: number | undefined, model = 'gpt-5.1', source = 'codex'): SpendEvent {
  const checked = checkSpendEvent({
    id,
    time: '2026-11-10T09:00:00Z',
    source,
    model,
    tokens: { input: 100 },
    usd,
    costBasis: usd === undefined ? 'calculated' : 'recorded',
    unpricedTokens: usd === undefined ? 100 : 0,
  });
  if (!checked.event) throw new Error(checked.error);
  return checked.event;
}

function group(model: string, source: string, usd: number, events = 1): TeamSpendGroup {
  return {
    model,
    source,
    usd,
    events,
    unpricedEvents: 0,
    unpricedTokens: 0,
    tokens: events * 1000,
    premiumRequests: 0,
    unknownPremiumRequests: events,
  };
}

const teamMonth: Allowance = { id: 'team', amount: { usd: 100 }, period: 'month', timeZone: 'UTC', scope: 'team', origin: 'team' };

function snapshotFor(allowance: Allowance, groups: TeamSpendGroup[]): TeamSpendSnapshot {
  const [period] = teamPeriods([allowance], NOW);
  return { periods: { [periodKey(period)]: groups }, asOf: '2026-11-20T11:58:00Z' };
}

describe('team-scope allowances', () => {
  const mine = [event('m1', 2.5), event('m2', 0.5), event('m3', undefined)];

  it("adds the rest of the team's spend to the member's own, and keeps the member's share", () => {
    const usage = usageInScope(
      teamMonth,
      mine,
      snapshotFor(teamMonth, [group('gpt-5.1', 'codex', 40), group('claude-sonnet-4-5', 'claude-code', 37)]),
      NOW,
    );
    // $2.50 + $0.50 of the member's own (one event without a price), and $40 + $37 of the others': $80.
    assert.equal(usage.used, 80);
    assert.equal(usage.remaining, 20);
    assert.equal(usage.status, 'warning', '80 % reaches the 80 % threshold');
    assert.equal(usage.events, 5, 'three of the member’s events and two of the others’');
    assert.deepEqual(usage.team, { memberUsed: 3, othersUsed: 77, asOf: new Date('2026-11-20T11:58:00Z') });
    const [card] = presentAllowances([usage], new Date(NOW));
    assert.equal(card.usedOfAmount, '$80.00 of $100.00');
    assert.equal(card.team, 'Your share $3.00; the rest of the team $77.00 (team ledger read 2 minutes ago).');
  });

  it("applies the allowance's filter to the team's groups as to the member's events", () => {
    const anthropicOnly: Allowance = { ...teamMonth, filter: { providers: ['anthropic'] } };
    const usage = usageInScope(
      anthropicOnly,
      mine,
      snapshotFor(anthropicOnly, [group('gpt-5.1', 'codex', 40), group('claude-sonnet-4-5', 'claude-code', 37)]),
      NOW,
    );
    assert.equal(usage.used, 37, 'only the Claude group counts; none of the member’s GPT events');
    assert.equal(usage.team?.memberUsed, 0);
  });

  it("counts the member's own spend alone, and says so, before the team ledger was read", () => {
    const usage = usageInScope(teamMonth, mine, undefined, NOW);
    assert.equal(usage.used, 3);
    assert.equal(usage.team?.asOf, undefined);
    assert.match(presentAllowances([usage])[0].team ?? '', /has not been read yet/);
  });

  it('leaves a member-scope allowance as it was', () => {
    const own: Allowance = { ...teamMonth, scope: undefined };
    const usage = usageInScope(own, mine, snapshotFor(teamMonth, [group('gpt-5.1', 'codex', 40)]), NOW);
    assert.equal(usage.used, 3);
    assert.equal(usage.team, undefined);
  });

  it('asks the team ledger about each current period once', () => {
    const weekly: Allowance = { ...teamMonth, id: 'w', period: 'week' };
    const periods = teamPeriods([teamMonth, { ...teamMonth, id: 'again' }, weekly, { ...weekly, scope: undefined, id: 'x' }], NOW);
    assert.deepEqual(
      periods.map((period) => periodKey(period)),
      ['2026-11-01T00:00:00.000Z/2026-12-01T00:00:00.000Z', '2026-11-16T00:00:00.000Z/2026-11-23T00:00:00.000Z'],
    );
  });
});
