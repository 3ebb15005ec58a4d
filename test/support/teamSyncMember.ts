// One member's Tokenwise syncing its ledger to the team ledger, as its own process, so a test can kill it with
// SIGKILL at any moment: `node teamSyncMember.js <url> <member> <ledgerFolder> <statePath> <chunkBytes>`, with the
// member's credentials in PGUSER and PGPASSWORD. Exits 0 once everything is synced, 3 with a TeamLedgerError.
import { connectTeamLedger, migrateTeamLedger, syncTarget, syncTeamLedger, TeamLedgerError } from '../../src/core/teamLedger';

async function main(): Promise<void> {
  const [url, member, ledgerFolder, statePath, chunkBytes] = process.argv.slice(2);
  const client = await connectTeamLedger(url);
  try {
    await migrateTeamLedger(client);
    const result = await syncTeamLedger(client, 'the test server', {
      ledgerFolder,
      statePath,
      member,
      target: syncTarget(url, member),
      includeProjects: false,
      chunkBytes: Number(chunkBytes),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof TeamLedgerError ? 3 : 1);
});
