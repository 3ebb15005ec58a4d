// A team-scope allowance in the real VS Code host, against a real PostgreSQL started for the test: the workspace's
// team config names the team ledger; a colleague's spend is already in it; after Sync Team Ledger the allowance
// holds the team's total (the colleague's spend plus this member's own), and the Spend view says the split.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { recentSpend, startTeamLedger, type TeamLedgerFixture } from '../support/teamLedgerFixture';
import { api, waitFor, workspaceFile } from './helpers';

const PASSWORD = 'member-password';

describe('team ledger in the editor', function () {
  this.timeout(120_000);
  let ledger: TeamLedgerFixture;
  const configFile = () => workspaceFile('.tokenwise.json');

  before(async () => {
    // A colleague's $4.50 this month, synced from their own ledger.
    ledger = await startTeamLedger(PASSWORD, {
      colleague: [recentSpend('colleague-1', 2, 'gpt-5.1', 1.25), recentSpend('colleague-2', 3, 'gpt-5.1', 3.25)],
    });
    // This member's credentials where libpq looks: the extension host's environment.
    process.env.PGUSER = 'member';
    process.env.PGPASSWORD = PASSWORD;
  });

  after(async () => {
    delete process.env.PGUSER;
    delete process.env.PGPASSWORD;
    await vscode.workspace.fs.delete(configFile()).then(undefined, () => undefined);
    await vscode.commands.executeCommand('tokenwise.syncTeamConfig');
    ledger?.stop();
  });

  it("holds a team-scope allowance against the team's total from the database, with the member's share", async () => {
    const config = {
      team: 'Platform',
      teamLedger: { url: ledger.url, member: 'osUser' },
      allowances: [{ id: 'team-month', name: 'Team budget', amount: { usd: 500 }, period: 'month', scope: 'team' }],
    };
    await vscode.workspace.fs.writeFile(configFile(), new TextEncoder().encode(JSON.stringify(config, null, 2)));
    await vscode.commands.executeCommand('tokenwise.syncTeamConfig');
    await vscode.commands.executeCommand('tokenwise.syncTeamLedger');
    const { allowances, spendView } = await api();
    const usage = await waitFor(
      () => allowances().usages.find((entry) => entry.id === 'team-month'),
      (entry) => entry?.team?.asOf !== undefined,
      `the team's total read (${allowances().teamLedgerProblem ?? 'no problem reported'})`,
    );
    assert.equal(allowances().teamLedgerProblem, undefined);
    assert.ok(usage?.team);
    assert.ok(Math.abs(usage.team.othersUsed - 4.5) < 1e-9, `the colleague's $4.50, not ${usage.team.othersUsed}`);
    assert.ok(Math.abs(usage.used - (usage.team.memberUsed + 4.5)) < 1e-9, 'the team total is the colleague’s spend plus the member’s own');
    const card = spendView().allowances.find((entry) => entry.name === 'Team budget');
    assert.match(card?.team ?? '', /^Your share \$[\d.,]+; the rest of the team \$4\.50 \(team ledger read just now\)\.$/);
    assert.match(card?.origin ?? '', /^Team, the whole team · monthly/);
    // The Team section: the team's spend this month by member, read from the same database.
    const team = await waitFor(
      () => spendView().teamSpend,
      (view) => (view?.rows ?? []).some((row) => row.label === 'colleague'),
      "the Team section's rows",
    );
    assert.equal(team?.by, 'member');
    assert.equal(team?.rows.find((row) => row.label === 'colleague')?.cost, '$4.50');
    assert.match(team?.note ?? '', /^Read from 127\.0\.0\.1:\d+\/team just now\.$/);
  });
});
