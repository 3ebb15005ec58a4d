// One sync with the team ledger, as both the editor and the command line run it: connect, create or upgrade the
// schema, send what the ledger has not sent yet, then read the rest of the team's spend in the given periods (for
// team-scope allowances), and keep that answer on disk for when the team ledger cannot be reached.
import type { AllowancePeriod } from '../allowances/period';
import type { TeamSpendSnapshot } from '../allowances/teamUsage';
import { readJsonFile, writeJsonAtomic } from '../files/atomicJson';
import { bundledCatalog } from '../models/catalog';
import { describeTeamLedger, type TeamLedgerConfig } from './teamLedgerConfig';
import { connectTeamLedger, type TeamLedgerCredentials } from './teamLedgerConnection';
import { othersSpendSnapshot, teamSpendBy, type TeamDimension, type TeamSpendRow } from './teamLedgerQueries';
import { migrateTeamLedger } from './teamLedgerSchema';
import { syncTarget, syncTeamLedger, type TeamSyncOptions, type TeamSyncResult } from './teamLedgerSync';

export interface TeamSyncRun {
  readonly config: TeamLedgerConfig;
  readonly member: string;
  readonly credentials?: TeamLedgerCredentials;
  readonly ledgerFolder: string;
  /** The sync cursor's file. */
  readonly cursorPath: string;
  /** Where the last answer about the team is kept; undefined to keep none. */
  readonly cachePath?: string;
  /** The periods to read the rest of the team's spend in (none: nothing is read). */
  readonly periods?: readonly AllowancePeriod[];
}

/** The sync's options for a run: the one place a run's config, member and files become what `syncTeamLedger` reads. */
function syncOptions(run: TeamSyncRun): TeamSyncOptions {
  const catalog = bundledCatalog();
  return {
    ledgerFolder: run.ledgerFolder,
    statePath: run.cursorPath,
    member: run.member,
    target: syncTarget(run.config.url, run.member),
    includeProjects: run.config.includeProjects,
    providerOf: (model) => catalog.find(model)?.provider,
  };
}

/** What a sync would send from where the last one stopped, without connecting or sending anything. */
export function dryRunTeamSync(run: TeamSyncRun): Promise<TeamSyncResult> {
  return syncTeamLedger(undefined, describeTeamLedger(run.config.url), { ...syncOptions(run), dryRun: true });
}

/** Syncs, then reads; throws a TeamLedgerError (nothing is lost: the cursor moves only with what was committed). */
export async function runTeamSync(run: TeamSyncRun): Promise<{ readonly sync: TeamSyncResult; readonly snapshot?: TeamSpendSnapshot }> {
  const where = describeTeamLedger(run.config.url);
  const client = await connectTeamLedger(run.config.url, run.credentials);
  try {
    await migrateTeamLedger(client);
    const sync = await syncTeamLedger(client, where, syncOptions(run));
    if (!run.periods || run.periods.length === 0) return { sync };
    const snapshot = await othersSpendSnapshot(client, where, run.periods, run.member);
    if (run.cachePath) writeJsonAtomic(run.cachePath, { target: syncTarget(run.config.url, run.member), snapshot });
    return { sync, snapshot };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The kept answer about the team, when it is for this team ledger and member. */
export function cachedTeamSnapshot(cachePath: string, config: TeamLedgerConfig, member: string): TeamSpendSnapshot | undefined {
  const raw = readJsonFile(cachePath) as { target?: unknown; snapshot?: unknown } | undefined;
  if (!raw || raw.target !== syncTarget(config.url, member)) return undefined;
  const snapshot = raw.snapshot as TeamSpendSnapshot;
  const valid =
    typeof snapshot === 'object' &&
    snapshot !== null &&
    typeof snapshot.asOf === 'string' &&
    Number.isFinite(Date.parse(snapshot.asOf)) &&
    typeof snapshot.periods === 'object' &&
    snapshot.periods !== null &&
    Object.values(snapshot.periods).every((groups) => Array.isArray(groups) && groups.every(isGroup));
  return valid ? snapshot : undefined;
}

function isGroup(value: unknown): boolean {
  const group = value as Record<string, unknown>;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof group.model === 'string' &&
    typeof group.source === 'string' &&
    ['usd', 'events', 'unpricedEvents', 'unpricedTokens', 'tokens', 'premiumRequests', 'unknownPremiumRequests'].every((key) =>
      Number.isFinite(group[key]),
    )
  );
}

/** The team's spend in `[from, to)` by one dimension, read in a connection of its own. */
export async function readTeamSpend(
  config: TeamLedgerConfig,
  credentials: TeamLedgerCredentials | undefined,
  by: TeamDimension,
  from: Date,
  to: Date,
): Promise<TeamSpendRow[]> {
  const client = await connectTeamLedger(config.url, credentials);
  try {
    return await teamSpendBy(client, describeTeamLedger(config.url), by, from, to);
  } finally {
    await client.end().catch(() => undefined);
  }
}
