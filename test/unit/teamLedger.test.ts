// The team ledger on a real PostgreSQL server (Debian's, started for these tests on 127.0.0.1 with a temporary data
// folder): the migration, sync that loses and doubles nothing (two members in two processes, each killed with SIGKILL
// mid-sync in several rounds), catching up after the server was stopped, and clear messages for a read-only member,
// bad credentials and an unreachable host.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import { Ledger } from '../../src/core/spend/ledger';
import { checkSpendEvent, type SpendEvent } from '../../src/core/spend/spendEvent';
import { connectTeamLedger, migrateTeamLedger, syncTarget, syncTeamLedger, TeamLedgerError, teamTotal } from '../../src/core/teamLedger';
import { cliWithEnv } from '../support/cli';
import { projectRoot } from '../support/paths';
import { PostgresServer, SUPERUSER_PASSWORD } from '../support/postgres';

const DATABASE = 'team';
const PASSWORD = 'member-password';
const ALL_TIME: [Date, Date] = [new Date('2000-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z')];

/** A valid event whose cost is a whole number of micro-dollars, so sums can be checked exactly. */
function event(member: string, n: number, extra: Record<string, unknown> = {}): SpendEvent {
  const checked = checkSpendEvent({
    id: `${member}-${n}`,
    time: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
    source: 'claude-code',
    model: n % 2 ? 'claude-sonnet-4-5' : 'gpt-5.1',
    project: '/home/someone/secret-project',
    tokens: { input: 1000 + n, output: 100 + (n % 7) },
    usd: (1000 + ((n * 7919) % 50_000)) / 1e6,
    costBasis: 'calculated',
    unpricedTokens: 0,
    ...extra,
  });
  if (!checked.event) throw new Error(checked.error);
  return checked.event;
}

const microUsd = (events: readonly SpendEvent[]) => events.reduce((sum, e) => sum + Math.round((e.usd ?? 0) * 1e6), 0);

describe('team ledger on PostgreSQL', function () {
  this.timeout(180_000);
  let server: PostgresServer;
  let folder: string;

  before(async () => {
    server = await PostgresServer.start();
    await server.admin(`CREATE DATABASE ${DATABASE}`);
    for (const role of ['member_a', 'member_b', 'reader', 'outsider']) {
      await server.admin(`CREATE ROLE ${role} LOGIN PASSWORD '${PASSWORD}'`);
    }
  });
  after(() => server?.stop());
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tokenwise-team-'));
    await server.admin('DROP TABLE IF EXISTS tokenwise_events, tokenwise_schema', DATABASE);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const url = () => server.url(DATABASE);
  const connect = (user: string, password = PASSWORD) => connectTeamLedger(url(), { user, password });
  /** The admin creates the schema (a member without CREATE on the database may not) and grants the members. */
  async function migrateAsAdmin(): Promise<void> {
    const admin = await connectTeamLedger(url(), { user: 'tokenwise_admin', password: SUPERUSER_PASSWORD });
    try {
      assert.deepEqual(await migrateTeamLedger(admin), { from: 0, to: 1 });
      assert.deepEqual(await migrateTeamLedger(admin), { from: 1, to: 1 });
      await admin.query('GRANT SELECT, INSERT, UPDATE ON tokenwise_events TO member_a, member_b');
      await admin.query('GRANT SELECT ON tokenwise_events, tokenwise_schema TO reader, member_a, member_b');
    } finally {
      await admin.end();
    }
  }
  const options = (member: string, ledgerFolder: string) => ({
    ledgerFolder,
    statePath: join(folder, `${member}-sync.json`),
    member,
    target: syncTarget(url(), member),
    includeProjects: false,
  });
  async function withClient<T>(user: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = await connect(user);
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it('uploads a ledger once, keeps the more complete copy, leaves out voided events and projects', async () => {
    await migrateAsAdmin();
    const ledgerFolder = join(folder, 'ledger-a');
    const ledger = new Ledger(ledgerFolder, { durable: false });
    const events = Array.from({ length: 300 }, (_, n) => event('a', n));
    ledger.append(events);
    await withClient('member_a', async (client) => {
      const first = await syncTeamLedger(client, 'test', { ...options('a', ledgerFolder), chunkBytes: 16_384 });
      assert.equal(first.events, 300);
      assert.ok(first.chunks > 3, `${first.chunks} chunks`);
      assert.equal((await syncTeamLedger(client, 'test', options('a', ledgerFolder))).events, 0, 'nothing again');
      // A grown copy of event 5 (more tokens) replaces it; a stale copy of event 6 (fewer) does not; event 7 is voided.
      const grown = event('a', 5, { tokens: { input: 9000, output: 100 }, usd: 0.5 });
      const stale = event('a', 6, { tokens: { input: 1, output: 1 }, usd: 0.9 });
      const voiding = event('a', 1000, { voids: 'a-7', usd: 0 });
      ledger.append([grown, stale, voiding]);
      assert.equal((await syncTeamLedger(client, 'test', options('a', ledgerFolder))).events, 3);
      const expected = events.map((e) => (e.id === 'a-5' ? grown : e)).filter((e) => e.id !== 'a-7');
      const total = await teamTotal(client, 'test', ...ALL_TIME);
      assert.equal(total.events, expected.length);
      assert.equal(Math.round(total.usd * 1e6), microUsd(expected));
      const projects = await client.query('SELECT count(*)::int AS n FROM tokenwise_events WHERE project IS NOT NULL');
      assert.deepEqual(projects.rows, [{ n: 0 }], 'no project leaves the machine unless the team config allows it');
    });
  });

  it('loses and doubles nothing when two members syncing at once are killed mid-sync, round after round', async () => {
    await migrateAsAdmin();
    const members = ['a', 'b'].map((name, index) => {
      const ledgerFolder = join(folder, `ledger-${name}`);
      const events = Array.from({ length: 4000 + index * 500 }, (_, n) => event(name, n));
      const ledger = new Ledger(ledgerFolder, { durable: false });
      for (let at = 0; at < events.length; at += 700) ledger.append(events.slice(at, at + 700));
      return { name, role: `member_${name}`, ledgerFolder, events, done: false, kills: 0 };
    });
    const script = join(projectRoot, 'out', 'test', 'support', 'teamSyncMember.js');
    for (let round = 0; round < 12 && members.some((member) => !member.done); round++) {
      await Promise.all(
        members
          .filter((member) => !member.done)
          .map(
            (member) =>
              new Promise<void>((resolve, reject) => {
                const child = spawn(
                  process.execPath,
                  [script, url(), member.name, member.ledgerFolder, join(folder, `${member.name}-sync.json`), '8192'],
                  { env: { ...process.env, PGUSER: member.role, PGPASSWORD: PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'] },
                );
                let stderr = '';
                child.stderr.on('data', (data) => (stderr += data));
                // The last rounds run to the end; the others are cut short at a random moment.
                const timer = round < 8 ? setTimeout(() => child.kill('SIGKILL'), 150 + Math.random() * 400) : undefined;
                child.on('close', (code, signal) => {
                  clearTimeout(timer);
                  if (signal === 'SIGKILL') member.kills++;
                  else if (code === 0) member.done = true;
                  else return reject(new Error(`member ${member.name} exited ${code}: ${stderr}`));
                  resolve();
                });
              }),
          ),
      );
    }
    assert.ok(
      members.every((member) => member.done),
      'both members finished',
    );
    assert.ok(
      members.some((member) => member.kills > 0),
      'a member was killed mid-sync at least once',
    );
    await withClient('reader', async (client) => {
      const total = await teamTotal(client, 'test', ...ALL_TIME);
      const all = members.flatMap((member) => member.events);
      assert.equal(total.events, all.length);
      assert.equal(total.members, 2);
      assert.equal(Math.round(total.usd * 1e6), microUsd(all));
      const perMember = await client.query('SELECT member, count(*)::int AS n FROM tokenwise_events GROUP BY member ORDER BY member');
      assert.deepEqual(
        perMember.rows,
        members.map((member) => ({ member: member.name, n: member.events.length })),
      );
    });
  });

  it('keeps the cursor while the server is down, and catches up once it is back', async () => {
    await migrateAsAdmin();
    const ledgerFolder = join(folder, 'ledger-a');
    const ledger = new Ledger(ledgerFolder, { durable: false });
    const events = Array.from({ length: 50 }, (_, n) => event('a', n));
    ledger.append(events.slice(0, 20));
    await withClient('member_a', (client) => syncTeamLedger(client, 'test', options('a', ledgerFolder)));
    ledger.append(events.slice(20));
    server.pause();
    try {
      await assert.rejects(
        connect('member_a'),
        (error: unknown) => error instanceof TeamLedgerError && /cannot be reached/.test(error.message),
      );
    } finally {
      server.resume();
    }
    await withClient('member_a', async (client) => {
      assert.equal((await syncTeamLedger(client, 'test', options('a', ledgerFolder))).events, 30, 'only what was not sent');
      assert.equal((await teamTotal(client, 'test', ...ALL_TIME)).events, 50);
    });
  });

  it('tells a read-only member, bad credentials and an unreachable host apart, and sends nothing', async () => {
    await migrateAsAdmin();
    const ledgerFolder = join(folder, 'ledger-r');
    new Ledger(ledgerFolder, { durable: false }).append([event('r', 1)]);
    await withClient('reader', async (client) => {
      await assert.rejects(
        syncTeamLedger(client, 'test', options('r', ledgerFolder)),
        (error: unknown) => error instanceof TeamLedgerError && /may read the team ledger .* but not write/.test(error.message),
      );
      assert.equal((await teamTotal(client, 'test', ...ALL_TIME)).events, 0);
    });
    // The cursor did not move: a member given write access later sends the event.
    await withClient('member_a', async (client) => {
      assert.equal((await syncTeamLedger(client, 'test', options('r', ledgerFolder))).events, 1);
    });
    await assert.rejects(
      connect('member_a', 'wrong'),
      (error: unknown) => error instanceof TeamLedgerError && /refused the credentials/.test(error.message),
    );
    const closed = `postgresql://127.0.0.1:1/${DATABASE}`;
    await assert.rejects(
      connectTeamLedger(closed, { user: 'x', password: 'y' }),
      (error: unknown) => error instanceof TeamLedgerError && /cannot be reached/.test(error.message),
    );
  });

  it('syncs from the command line: a dry run sends nothing, credentials from PGUSER/PGPASSWORD or ~/.pgpass', async () => {
    await migrateAsAdmin();
    const home = join(folder, 'home');
    const ledgerFolder = join(home, 'ledger');
    new Ledger(ledgerFolder, { durable: false }).append(Array.from({ length: 40 }, (_, n) => event('cli', n)));
    const config = join(home, '.tokenwise.json');
    mkdirSync(home, { recursive: true });
    writeFileSync(config, JSON.stringify({ team: 'T', teamLedger: { url: url(), member: 'osUser' } }));
    const args = ['team-sync', '--config', config, '--ledger', ledgerFolder, '--member', 'cli-user'];
    const dry = cliWithEnv(home, {}, ...args, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Would send 40 events to 127\.0\.0\.1:\d+\/team as cli-user; nothing was sent\./);
    await withClient('reader', async (client) => assert.equal((await teamTotal(client, 'test', ...ALL_TIME)).events, 0));
    const refused = cliWithEnv(home, { PGUSER: 'member_a', PGPASSWORD: 'wrong' }, ...args);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused the credentials/);
    // ~/.pgpass (mode 0600, as libpq wants it): host:port:database:user:password.
    writeFileSync(join(home, '.pgpass'), `127.0.0.1:${server.port}:${DATABASE}:member_a:${PASSWORD}\n`, { mode: 0o600 });
    const sent = cliWithEnv(home, { PGUSER: 'member_a' }, ...args);
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /Sent 40 events/);
    const again = cliWithEnv(home, { PGUSER: 'member_a' }, ...args);
    assert.match(again.stdout, /Sent 0 events/);
    await withClient('reader', async (client) => assert.equal((await teamTotal(client, 'test', ...ALL_TIME)).events, 40));
    // The team's report, by member and by model, from the same database.
    const env = { PGUSER: 'reader', PGPASSWORD: PASSWORD };
    const byMember = cliWithEnv(
      home,
      env,
      'report',
      '--team',
      '--config',
      config,
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-30',
      '--json',
    );
    assert.equal(byMember.code, 0, byMember.stderr);
    const report = JSON.parse(byMember.stdout) as { by: string; rows: { key: string; events: number; usd: number }[] };
    const events = Array.from({ length: 40 }, (_, n) => event('cli', n));
    assert.deepEqual(
      report.rows.map((row) => [report.by, row.key, row.events]),
      [['member', 'cli-user', 40]],
    );
    assert.equal(Math.round(report.rows[0].usd * 1e6), microUsd(events));
    const byModel = cliWithEnv(home, env, 'report', '--team', '--config', config, '--by', 'model', '--since', '2026-11-01');
    assert.equal(byModel.code, 0, byModel.stderr);
    assert.match(byModel.stdout, /claude-sonnet-4-5 .* 20 .* 1\n|claude-sonnet-4-5.*\b20\b/);
    assert.match(byModel.stdout, /The team's spend from 2026-11-01 to \d{4}-\d{2}-\d{2}: \$[\d.,]+ with a known price/);
    const badBy = cliWithEnv(home, env, 'report', '--team', '--config', config, '--by', 'session');
    assert.equal(badBy.code, 2);
    assert.match(badBy.stderr, /--by must be one of member, model, source, project/);
  });

  it('tells a member who may not create the schema to ask its admin', async () => {
    await withClient('member_a', async (client) => {
      await assert.rejects(
        migrateTeamLedger(client),
        (error: unknown) => error instanceof TeamLedgerError && /ask its admin/.test(error.message),
      );
    });
  });
});
