// A team ledger for the editor's tests: a real PostgreSQL (see postgres.ts) with the schema, a member role that may
// write, and colleagues' spend already synced from ledgers of their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../src/core/spend/ledger';
import { checkSpendEvent, type SpendEvent } from '../../src/core/spend/spendEvent';
import { connectTeamLedger, migrateTeamLedger, syncTarget, syncTeamLedger } from '../../src/core/teamLedger';
import { PostgresServer, SUPERUSER, SUPERUSER_PASSWORD } from './postgres';

/** A request made `minutesAgo` minutes ago, with a recorded cost. */
export function recentSpend(id: string, minutesAgo: number, model: string, usd: number): SpendEvent {
  const checked = checkSpendEvent({
    id,
    time: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    source: model.startsWith('claude') ? 'claude-code' : 'codex',
    model,
    tokens: { input: 20_000, output: 2_000 },
    usd,
    costBasis: 'recorded',
    unpricedTokens: 0,
  });
  if (!checked.event) throw new Error(checked.error);
  return checked.event;
}

export interface TeamLedgerFixture {
  readonly server: PostgresServer;
  /** The team ledger's URL, as a team config names it. */
  readonly url: string;
  stop(): void;
}

/** Starts the server with database `team`, role `member` (password `password`) and the colleagues' spend synced. */
export async function startTeamLedger(
  password: string,
  colleagues: Readonly<Record<string, readonly SpendEvent[]>>,
): Promise<TeamLedgerFixture> {
  const server = await PostgresServer.start();
  const scratch = mkdtempSync(join(tmpdir(), 'tokenwise-team-fixture-'));
  const url = server.url('team');
  await server.admin('CREATE DATABASE team');
  await server.admin(`CREATE ROLE member LOGIN PASSWORD '${password}'`);
  const admin = await connectTeamLedger(url, { user: SUPERUSER, password: SUPERUSER_PASSWORD });
  try {
    await migrateTeamLedger(admin);
    await admin.query('GRANT SELECT, INSERT, UPDATE ON tokenwise_events TO member');
    await admin.query('GRANT SELECT ON tokenwise_schema TO member');
    for (const [member, events] of Object.entries(colleagues)) {
      const ledgerFolder = join(scratch, member);
      new Ledger(ledgerFolder, { durable: false }).append(events);
      await syncTeamLedger(admin, 'test', {
        ledgerFolder,
        statePath: join(scratch, `${member}.json`),
        member,
        target: syncTarget(url, member),
        includeProjects: false,
      });
    }
  } finally {
    await admin.end();
  }
  return {
    server,
    url,
    stop: () => {
      server.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
