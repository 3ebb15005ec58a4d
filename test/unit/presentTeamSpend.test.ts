import * as assert from 'node:assert/strict';
import { presentTeamSpend } from '../../src/spendView/presentTeamSpend';

describe('the Team section', () => {
  const rows = [
    { key: 'ana@example.com', usd: 20.75, tokens: 66_000, events: 3, members: 1 },
    { key: 'ben@example.com', usd: 6.25, tokens: 44_000, events: 2, members: 1 },
  ];

  it('shows each member with their cost and share of the team, and where and when it was read', () => {
    const view = presentTeamSpend(
      { rows, at: '2026-11-20T11:57:00Z', problem: undefined },
      'member',
      'db:5432/team',
      'Nov 1 – Nov 30, 2026',
      new Date('2026-11-20T12:00:00Z'),
    );
    assert.deepEqual(
      view.rows.map((row) => [row.label, row.cost, row.percent]),
      [
        ['ana@example.com', '$20.75', '77%'],
        ['ben@example.com', '$6.25', '23%'],
      ],
    );
    assert.equal(view.total, '$27.00 for the team in Nov 1 – Nov 30, 2026 (5 requests), by member.');
    assert.equal(view.note, 'Read from db:5432/team 3 minutes ago.');
    assert.equal(view.problem, false);
  });

  it('keeps the last answer with the reason when a read fails, and names a request without a project', () => {
    const failed = presentTeamSpend(
      {
        rows: [{ key: null, usd: 1, tokens: 1, events: 1, members: 1 }],
        at: '2026-11-20T11:00:00Z',
        problem: 'The team ledger at db cannot be reached (ECONNREFUSED).',
      },
      'project',
      'db',
      'Nov 2026',
      new Date('2026-11-20T12:00:00Z'),
    );
    assert.equal(failed.rows[0].label, '(not shared)');
    assert.equal(failed.note, 'The team ledger at db cannot be reached (ECONNREFUSED). Shown: the answer read 1 hour ago.');
    assert.equal(failed.problem, true);
    assert.match(presentTeamSpend(undefined, 'member', 'db', 'Nov 2026').note, /^Reading the team's spend from db…$/);
  });
});
