export { connectTeamLedger, type TeamLedgerCredentials } from './teamLedgerConnection';
export {
  describeTeamLedger,
  memberName,
  MEMBER_RULES,
  teamLedgerUrlIssue,
  type MemberRule,
  type TeamLedgerConfig,
} from './teamLedgerConfig';
export { TeamLedgerError, teamLedgerError, type Queryable } from './teamLedgerErrors';
export {
  othersSpendSnapshot,
  TEAM_DIMENSIONS,
  teamSpendBy,
  teamTotal,
  type TeamDimension,
  type TeamSpendRow,
  type TeamTotal,
} from './teamLedgerQueries';
export { migrateTeamLedger, MIGRATIONS, SCHEMA_VERSION } from './teamLedgerSchema';
export { syncTarget, syncTeamLedger, type TeamSyncOptions, type TeamSyncResult } from './teamLedgerSync';
export { cachedTeamSnapshot, dryRunTeamSync, readTeamSpend, runTeamSync, type TeamSyncRun } from './teamSyncRun';
