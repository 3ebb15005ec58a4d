// Team ledger benchmark on a real PostgreSQL (Debian's, started here on 127.0.0.1 with a temporary data folder): a
// member's sync of 100,000 ledger events, and the team-total and team-allowance queries once the team ledger holds
// a million events, with the indexes the migration creates. Medians of several runs.
//
//   node bench/teamLedger.bench.mjs        (part of `npm run bench`)
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bundleExports, fmt, median, ms } from './benchSupport.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'out-bench');
const require = createRequire(join(root, 'package.json'));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SYNCED = 100_000;
const TOTAL = 1_000_000;

async function bundle() {
  const outfile = join(outDir, 'teamLedger.cjs');
  await bundleExports(root, outfile, [
    "export * from '../src/core/teamLedger';",
    "export { Ledger } from '../src/core/spend/ledger';",
    "export { checkSpendEvent } from '../src/core/spend/spendEvent';",
    "export { PostgresServer, SUPERUSER, SUPERUSER_PASSWORD } from '../test/support/postgres';",
  ]);
  return require(outfile);
}

function events(core, member, count) {
  const start = Date.UTC(2026, 10, 1);
  return Array.from({ length: count }, (_, n) => {
    const checked = core.checkSpendEvent({
      id: `${member}-${n}`,
      time: new Date(start + (n % (29 * 24 * 60)) * 60_000).toISOString(),
      source: n % 3 ? 'claude-code' : 'codex',
      model: n % 2 ? 'claude-sonnet-4-5' : 'gpt-5.1',
      tokens: { input: 1000 + (n % 500), output: 100 + (n % 50), cacheRead: n % 2000 },
      usd: (1000 + ((n * 7919) % 50_000)) / 1e6,
      costBasis: 'calculated',
      unpricedTokens: 0,
    });
    return checked.event;
  });
}

async function main() {
  await import('node:fs').then(({ mkdirSync }) => mkdirSync(outDir, { recursive: true }));
  const core = await bundle();
  const server = await core.PostgresServer.start();
  const folder = mkdtempSync(join(tmpdir(), 'tokenwise-team-bench-'));
  try {
    await server.admin('CREATE DATABASE team');
    const url = server.url('team');
    const admin = await core.connectTeamLedger(url, { user: core.SUPERUSER, password: core.SUPERUSER_PASSWORD });
    await core.migrateTeamLedger(admin);
    const ledgerFolder = join(folder, 'ledger');
    const ledger = new core.Ledger(ledgerFolder, { durable: false });
    const all = events(core, 'member', SYNCED);
    for (let at = 0; at < all.length; at += 5_000) ledger.append(all.slice(at, at + 5_000));
    // Each run syncs the whole ledger afresh into an empty table: the first sync of a member with a long history.
    const syncs = [];
    for (let run = 0; run < RUNS; run++) {
      await admin.query('TRUNCATE tokenwise_events');
      const started = performance.now();
      const result = await core.syncTeamLedger(admin, 'bench', {
        ledgerFolder,
        statePath: join(folder, `cursor-${run}.json`),
        member: 'member',
        target: core.syncTarget(url, 'member'),
        includeProjects: false,
      });
      syncs.push({ ms: performance.now() - started, events: result.events, chunks: result.chunks });
      console.error(`sync ${run + 1}/${RUNS}: ${fmt(syncs.at(-1).ms)} ms`);
    }
    // Nine more members' million events, written by the server itself.
    await admin.query(
      `INSERT INTO tokenwise_events (member, event_id, time, source, model, tokens, total_tokens, usd, cost_basis, unpriced_tokens)
       SELECT 'colleague-' || (n % 9), 'e-' || n, timestamptz '2026-06-01' + (n % 260000) * interval '1 minute',
              CASE WHEN n % 3 = 0 THEN 'codex' ELSE 'claude-code' END, CASE WHEN n % 2 = 0 THEN 'gpt-5.1' ELSE 'claude-sonnet-4-5' END,
              '{"input":1000}'::jsonb, 1100, (1000 + (n::bigint * 7919) % 50000) / 1e6, 'calculated', 0
       FROM generate_series(1, ${TOTAL - SYNCED}) AS n`,
    );
    await admin.query('ANALYZE tokenwise_events');
    const count = (await admin.query('SELECT count(*)::int AS n FROM tokenwise_events')).rows[0].n;
    const month = [new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')];
    const timed = async (work) => {
      const times = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        await work();
        times.push(performance.now() - started);
      }
      return median(times);
    };
    const totalMs = await timed(() => core.teamTotal(admin, 'bench', ...month));
    const groupsMs = await timed(() => core.othersSpendSnapshot(admin, 'bench', [{ start: month[0], end: month[1] }], 'member'));
    const byMemberMs = await timed(() => core.teamSpendBy(admin, 'bench', 'member', ...month));
    await admin.end();
    const sync = median(syncs.map((run) => run.ms));
    const lines = [
      `## Team ledger — PostgreSQL ${(await server.admin('SHOW server_version'))[0].server_version}, Node ${process.version}, medians`,
      '',
      '| Measure | Result | Target |',
      '|---|---:|---:|',
      `| Sync of ${fmt(SYNCED)} ledger events into an empty team ledger (${fmt(syncs[0].chunks)} chunks, ${RUNS} runs) | ${fmt(sync)} ms (${fmt(SYNCED / (sync / 1000))} events/s) | — |`,
      `| Team total for a month, ${fmt(count)} events in the team ledger (10 runs) | ${ms(totalMs)} ms | < 100 ms |`,
      `| The rest of the team's spend by model and source, the same month (a team allowance's read) | ${ms(groupsMs)} ms | < 100 ms |`,
      `| The team's spend by member, the same month (report --team) | ${ms(byMemberMs)} ms | — |`,
    ];
    console.log(lines.join('\n'));
    if (totalMs >= 100 || groupsMs >= 100) process.exitCode = 1;
  } finally {
    server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
