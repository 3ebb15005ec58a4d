// `team-sync`: sends this machine's ledger to the team ledger the team config names (PostgreSQL), from where the last
// sync stopped; `--dry-run` says what would go, and sends nothing. Credentials come from PGUSER and PGPASSWORD or
// ~/.pgpass, never from the config or the command line.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describeTeamLedger, dryRunTeamSync, memberName, plural, runTeamSync, TeamLedgerError } from '../core';
import { loadTeamConfig } from './configCommands';
import { UsageError } from './promptFiles';
import { defaultLedgers } from './reportCommand';

export interface TeamSyncCommandOptions {
  readonly config: string | undefined;
  readonly ledger: string | undefined;
  readonly member: string | undefined;
  readonly dryRun: boolean;
}

function gitEmail(): string | undefined {
  try {
    return execFileSync('git', ['config', 'user.email'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 });
  } catch {
    return undefined;
  }
}

export async function teamSyncCommand(options: TeamSyncCommandOptions): Promise<{ output: string; code: number }> {
  const team = await loadTeamConfig(options.config);
  const ledgerConfig = team?.config.teamLedger;
  if (!team || !ledgerConfig) {
    throw new UsageError(`${team ? team.origin : 'No team config (.tokenwise.json or --config)'} names no teamLedger to sync to.`, false);
  }
  const ledgerFolder = options.ledger ?? defaultLedgers()[0];
  if (!ledgerFolder) throw new UsageError('No ledger folder found here; give one with --ledger.', false);
  const member = options.member?.trim() || memberName(ledgerConfig.member, gitEmail);
  if (!member) throw new UsageError(`No member name by the team's rule (${ledgerConfig.member}); give one with --member.`, false);
  const where = describeTeamLedger(ledgerConfig.url);
  const cursorPath = join(dirname(ledgerFolder), 'team-sync.json');
  const skippedNote = (skipped: number) => (skipped ? ` ${plural(skipped, 'ledger line')} that were not events left out.` : '');
  const run = { config: ledgerConfig, member, ledgerFolder, cursorPath };
  if (options.dryRun) {
    const result = await dryRunTeamSync(run);
    return {
      output: `Would send ${plural(result.events, 'event')} to ${where} as ${member}; nothing was sent.${skippedNote(result.skipped.length)}`,
      code: 0,
    };
  }
  try {
    const { sync } = await runTeamSync(run);
    return { output: `Sent ${plural(sync.events, 'event')} to ${where} as ${member}.${skippedNote(sync.skipped.length)}`, code: 0 };
  } catch (error) {
    if (error instanceof TeamLedgerError) return { output: error.message, code: 1 };
    throw error;
  }
}
