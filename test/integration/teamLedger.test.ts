// A team-scope allowance in the real VS Code host, against a real PostgreSQL started for the test: the workspace's
// team config names the team ledger; a colleague's spend is already in it; after Sync Team Ledger the allowance
// holds the team's total (the colleague's spend plus this member's own), and the Spend view says the split.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Ledger } from '../../src/core/spend/ledger';
import { checkSpendEvent, type SpendEvent } from '../../src/core/spend/spendEvent';
import { connectTeamLedger, migrateTeamLedger, syncTarget, syncTeamLedger } from '../../src/core/teamLedger';
import { PostgresServer, SUPERUSER } from '../support/postgres';
import { api, waitFor, workspaceFile } from './helpers';

const PASSWORD = 'member-password';

function colleagueEvent(n: number, usd: number): SpendEvent {
  const checked = checkSpendEvent({
    id: `colleague-${n}`,
    time: new Date(Date.now() - (n + 1) * 60_000).toISOString(),
    source: 'codex',
    model: 'gpt-5.1',
    tokens: { input: 1000, output: 200 },
    usd,
    costBasis: 'recorded',
    unpricedTokens: 0,
  });
  if (!checked.event) throw new Error(checked.error);
  return checked.event;
}

describe('team ledger in the editor', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  let scratch: string;
  const configFile = () => workspaceFile('.tokenwise.json');

  before(async () => {
    server = await PostgresServer.start();
    scratch = mkdtempSync(join(tmpdir(), 'tokenwise-team-host-'));
    await server.admin('CREATE DATABASE team');
    await server.admin(`CREATE ROLE member LOGIN PASSWORD '${PASSWORD}'`);
    const admin = await connectTeamLedger(server.url('team'), { user: SUPERUSER, password: 'admin-password-for-tests' });
    try {
      await migrateTeamLedger(admin);
      await admin.query('GRANT SELECT, INSERT, UPDATE ON tokenwise_events TO member');
      await admin.query('GRANT SELECT ON tokenwise_schema TO member');
      // A colleague's $4.50 this month, synced from their own ledger.
      const ledgerFolder = join(scratch, 'colleague');
      new Ledger(ledgerFolder, { durable: false }).append([colleagueEvent(1, 1.25), colleagueEvent(2, 3.25)]);
      await syncTeamLedger(admin, 'test', {
        ledgerFolder,
        statePath: join(scratch, 'colleague-sync.json'),
        member: 'colleague',
        target: syncTarget(server.url('team'), 'colleague'),
        includeProjects: false,
      });
    } finally {
      await admin.end();
    }
    // This member's credentials where libpq looks: the extension host's environment.
    process.env.PGUSER = 'member';
    process.env.PGPASSWORD = PASSWORD;
  });

  after(async () => {
    delete process.env.PGUSER;
    delete process.env.PGPASSWORD;
    await vscode.workspace.fs.delete(configFile()).then(undefined, () => undefined);
    await vscode.commands.executeCommand('tokenwise.syncTeamConfig');
    server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("holds a team-scope allowance against the team's total from the database, with the member's share", async () => {
    const config = {
      team: 'Platform',
      teamLedger: { url: server.url('team'), member: 'osUser' },
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
  });
});
