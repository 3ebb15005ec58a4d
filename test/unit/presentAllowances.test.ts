import * as assert from 'node:assert/strict';
import { allowanceUsage } from '../../src/core/allowances';
import { mergeConfig, parseTeamConfig, teamConfigLayer, type Allowance, type SpendEvent, type TeamConfig } from '../../src/core';
import { presentAllowances, presentTeamConfig } from '../../src/spendView/presentAllowances';
import type { TeamConfigStatus } from '../../src/teamConfig/teamConfigService';
import { spendTokens } from '../support/builders';

let serial = 0;
function event(time: string, usd: number | undefined, fields: Partial<SpendEvent> = {}): SpendEvent {
  return {
    id: `e${++serial}`,
    time,
    source: 'manual',
    model: 'gpt-5.1',
    tokens: spendTokens({ input: 1000, output: 500 }),
    usd,
    costBasis: 'estimated',
    unpricedTokens: usd === undefined ? 1500 : 0,
    ...fields,
  };
}

function allowance(fields: Partial<Allowance> = {}): Allowance {
  return { id: 'personal', name: 'Your allowance', amount: { usd: 10 }, period: 'day', timeZone: 'UTC', origin: 'personal', ...fields };
}

const NOON = '2026-11-24T12:00:00.000Z';

function card(limit: Allowance, events: SpendEvent[], now = NOON) {
  const cards = presentAllowances([allowanceUsage(limit, events, now, { defaultTimeZone: 'UTC' })]);
  assert.equal(cards.length, 1);
  return cards[0];
}

describe('presentAllowances', () => {
  it('shows 85 % of a $10 daily allowance as a warning with its marks, period and forecast', () => {
    const shown = card(allowance(), [event('2026-11-24T02:00:00Z', 5), event('2026-11-24T09:00:00Z', 3.5)]);
    assert.equal(shown.name, 'Your allowance');
    assert.equal(shown.origin, 'Personal · daily · soft');
    assert.equal(shown.usedOfAmount, '$8.50 of $10.00');
    assert.equal(shown.percent, '85%');
    assert.equal(shown.bar, 0.85);
    assert.equal(shown.valueNow, 85);
    assert.deepEqual(shown.marks, [
      { percent: 50, reached: true },
      { percent: 80, reached: true },
      { percent: 100, reached: false },
    ]);
    assert.equal(shown.status, 'warning');
    assert.equal(shown.statusText, '80% threshold reached');
    assert.equal(shown.period, 'Nov 24, 2026 (UTC)');
    // $8.50 in 12 of 24 hours: $17.00 by midnight; $10 is reached 12 h × 10 / 8.5 = 14.12 h into the day, at 14:07.
    assert.equal(shown.forecast, "Forecast: $17.00 by the period's end; runs out Nov 24, 14:07");
    assert.equal(shown.unpriced, undefined);
    assert.match(shown.detail, /Alerts at 50%, 80%, 100%\./);
    assert.equal(shown.key, 'personal:personal');
  });

  it('counts a token allowance in tokens, over a week, and never calls its tokens unpriced', () => {
    const weekly = allowance({
      id: 'w',
      name: 'Tokens this week',
      amount: { tokens: 200_000 },
      period: 'week',
      hard: true,
      origin: 'team',
    });
    const events = [
      event('2026-11-23T08:00:00Z', undefined, { tokens: spendTokens({ input: 100_000 }) }),
      event('2026-11-24T08:00:00Z', 0.1, { tokens: spendTokens({ input: 15_000, output: 5_000 }) }),
    ];
    const shown = card(weekly, events);
    assert.equal(shown.usedOfAmount, '120,000 tokens of 200,000 tokens');
    assert.equal(shown.percent, '60%');
    assert.equal(shown.origin, 'Team · weekly · hard');
    assert.equal(shown.status, 'ok');
    assert.equal(shown.statusText, '50% threshold reached');
    assert.deepEqual(
      shown.marks.map((mark) => mark.reached),
      [true, false, false],
    );
    assert.equal(shown.period, 'Nov 23 – Nov 29, 2026 (UTC)');
    assert.equal(shown.unpriced, undefined);
    assert.match(shown.detail, /Hard: /);
    // 120,000 tokens in 1.5 of 7 days: 560,000 by Sunday night; 200,000 is reached 2.5 days in.
    assert.equal(shown.forecast, "Forecast: 560,000 tokens by the period's end; runs out Nov 25, 12:00");
  });

  it('says there is not enough data for a forecast yet', () => {
    const shown = card(allowance(), [event('2026-11-24T00:10:00Z', 1)], '2026-11-24T00:30:00Z');
    assert.equal(shown.forecast, 'Forecast: not enough data yet');
    assert.equal(shown.status, 'ok');
    assert.equal(shown.statusText, 'Within the allowance');
    assert.deepEqual(
      shown.marks.map((mark) => mark.reached),
      [false, false, false],
    );
  });

  it('projects without a run-out day when the pace stays inside the allowance', () => {
    assert.equal(card(allowance(), [event('2026-11-24T06:00:00Z', 2)]).forecast, "Forecast: $4.00 by the period's end");
  });

  it('caps the bar of an overspent allowance and says when it ran out', () => {
    const shown = card(allowance(), [event('2026-11-24T03:00:00Z', 6), event('2026-11-24T09:30:00Z', 6)]);
    assert.equal(shown.percent, '120%');
    assert.equal(shown.bar, 1);
    assert.equal(shown.valueNow, 100);
    assert.equal(shown.status, 'exceeded');
    assert.equal(shown.statusText, 'Over by $2.00');
    assert.equal(shown.forecast, "Forecast: $24.00 by the period's end; used up Nov 24, 09:30");
  });

  it('leaves marks above 100 % off the bar but lists them', () => {
    const shown = card(allowance({ thresholds: [90, 120] }), [event('2026-11-24T03:00:00Z', 1)]);
    assert.deepEqual(shown.marks, [{ percent: 90, reached: false }]);
    assert.match(shown.detail, /Alerts at 90%, 120%\./);
  });

  it('says how many tokens without a price a USD allowance leaves out', () => {
    const shown = card(allowance(), [
      event('2026-11-24T03:00:00Z', 1),
      event('2026-11-24T04:00:00Z', undefined, { tokens: spendTokens({ input: 1200, output: 34 }), unpricedTokens: 1234 }),
    ]);
    assert.equal(shown.usedOfAmount, '$1.00 of $10.00');
    assert.equal(shown.unpriced, '1,234 tokens without a known price are not counted.');
  });

  it("gives the period's dates in the allowance's own time zone, across a year end", () => {
    const monthly = allowance({ period: 'month', monthStartsOn: 15, timeZone: 'Europe/Berlin' });
    // 23:30 UTC on Jan 14 is already Jan 15 in Berlin: a new period has begun there.
    assert.equal(card(monthly, [], '2027-01-14T22:30:00Z').period, 'Dec 15, 2026 – Jan 14, 2027 (Europe/Berlin)');
    assert.equal(card(monthly, [], '2027-01-14T23:30:00Z').period, 'Jan 15 – Feb 14, 2027 (Europe/Berlin)');
  });

  it('has no card without an allowance', () => {
    assert.deepEqual(presentAllowances([]), []);
  });
});

describe('presentTeamConfig', () => {
  const URL = 'https://config.example.com/platform/tokenwise.json';
  const parsed = parseTeamConfig(
    JSON.stringify({
      team: 'Platform',
      defaultModel: 'claude-sonnet-4-5',
      allowances: [{ id: 'daily', name: 'Team daily', amount: { usd: 20 }, period: 'day' }],
    }),
    URL,
  );
  const config = parsed.config as TeamConfig;
  const none: TeamConfigStatus = {
    source: 'none',
    origin: undefined,
    config: undefined,
    error: undefined,
    checkedAt: undefined,
    notApplied: undefined,
  };

  it('reports a failed read with the age of the config that stays in force', () => {
    const status: TeamConfigStatus = {
      source: 'setting',
      origin: URL,
      config,
      error: 'HTTP 404 Not Found',
      checkedAt: '2026-11-24T10:00:00Z',
      notApplied: undefined,
    };
    const shown = presentTeamConfig(status, mergeConfig([teamConfigLayer(config, URL)]), new Date('2026-11-24T12:30:00Z'));
    assert.equal(shown.source, 'tokenwise.teamConfig setting');
    assert.equal(shown.configured, true);
    assert.equal(shown.origin, URL);
    assert.equal(shown.team, 'Platform');
    assert.equal(shown.checked, 'checked 2 hours ago');
    assert.equal(shown.error, 'The latest read failed: HTTP 404 Not Found. The previous config stays in force.');
  });

  it('does not promise a previous config when there is none', () => {
    const status: TeamConfigStatus = {
      ...none,
      source: 'workspace',
      origin: '/repo/.tokenwise.json',
      error: '2 error(s); see the Problems panel.',
    };
    const shown = presentTeamConfig(status, mergeConfig([]));
    assert.equal(shown.source, 'Workspace .tokenwise.json');
    assert.equal(shown.error, 'The latest read failed: 2 error(s); see the Problems panel.');
    assert.equal(shown.checked, undefined);
  });

  it('says a workspace file was read just now, and why an untrusted one is not applied', () => {
    assert.equal(
      presentTeamConfig(
        { ...none, source: 'workspace', origin: '/repo/.tokenwise.json', config, checkedAt: new Date().toISOString() },
        mergeConfig([]),
      ).checked,
      'checked just now',
    );
    const untrusted = presentTeamConfig(
      { ...none, source: 'workspace', origin: '/repo/.tokenwise.json', notApplied: 'This workspace is not trusted.' },
      mergeConfig([]),
    );
    assert.equal(untrusted.notApplied, 'This workspace is not trusted.');
    assert.equal(untrusted.team, undefined);
  });

  it('lists what is in force with who set it: the team, the user, the bundled defaults', () => {
    const merged = mergeConfig([
      teamConfigLayer(config, URL),
      { source: 'user', origin: 'user settings', values: { expectedOutputTokens: 2000 } },
    ]);
    const rows = presentTeamConfig(
      { ...none, source: 'setting', origin: URL, config, checkedAt: new Date().toISOString() },
      merged,
    ).inForce;
    const row = (setting: string) => rows.find((candidate) => candidate.setting === setting);
    assert.deepEqual(row('Model'), { setting: 'Model', value: 'claude-sonnet-4-5', setBy: 'team (config.example.com)', origin: URL });
    assert.deepEqual(row('Expected output'), {
      setting: 'Expected output',
      value: '2,000 tokens',
      setBy: 'user settings',
      origin: 'user settings',
    });
    assert.equal(row('Favourite models')?.setBy, 'bundled defaults');
    assert.equal(row('Team allowances')?.value, 'Team daily');
    assert.equal(row('Team allowances')?.setBy, 'team (config.example.com)');
  });

  it('names a team file by its file name and shows the defaults when there is no team config', () => {
    const merged = mergeConfig([teamConfigLayer(config, '/shared/platform/team.tokenwise.json')]);
    assert.equal(
      presentTeamConfig({ ...none, source: 'setting', origin: '/shared/platform/team.tokenwise.json', config }, merged).inForce[0].setBy,
      'team (team.tokenwise.json)',
    );
    const shown = presentTeamConfig(none, mergeConfig([]));
    assert.equal(shown.source, 'No team config');
    assert.equal(shown.configured, false);
    assert.ok(
      shown.inForce.length > 0 && shown.inForce.every((entry) => entry.setBy === 'bundled defaults'),
      JSON.stringify(shown.inForce),
    );
  });
});
