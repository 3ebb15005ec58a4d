// `report --team`: the whole team's spend from the team ledger the team config names, in a range of days, by member,
// model, agent (source) or project; credentials as for team-sync (PGUSER and PGPASSWORD, ~/.pgpass).
import {
  connectTeamLedger,
  describeTeamLedger,
  formatCount,
  formatUsd,
  localDay,
  resolveRange,
  shiftDay,
  startOfDayText,
  teamSpendBy,
  TeamLedgerError,
  TEAM_DIMENSIONS,
  type DayRange,
  type RangeId,
  type TeamDimension,
} from '../core';
import { loadTeamConfig } from './configCommands';
import { UsageError } from './promptFiles';
import { checkedDays } from './reportCommand';
import { formatTable } from './table';

export interface TeamReportOptions {
  readonly config: string | undefined;
  readonly by: string;
  readonly range: string | undefined;
  readonly since: string | undefined;
  readonly until: string | undefined;
  readonly timeZone: string;
  readonly json: boolean;
}

export async function teamReportCommand(options: TeamReportOptions): Promise<{ output: string; code: number }> {
  const by = (options.by === 'day' ? 'member' : options.by) as TeamDimension;
  if (!(TEAM_DIMENSIONS as readonly string[]).includes(by)) {
    throw new UsageError(`report --team --by must be one of ${TEAM_DIMENSIONS.join(', ')}, not "${options.by}".`);
  }
  const team = await loadTeamConfig(options.config);
  const ledgerConfig = team?.config.teamLedger;
  if (!team || !ledgerConfig) {
    throw new UsageError(`${team ? team.origin : 'No team config (.tokenwise.json or --config)'} names no teamLedger.`, false);
  }
  const days = checkedDays(options);
  const today = localDay(new Date(), options.timeZone);
  const range = options.range ? (resolveRange({ id: options.range as RangeId }, today, undefined) as DayRange) : undefined;
  const since = range?.from ?? days.since;
  const until = range?.to ?? days.until;
  const from = since ? new Date(startOfDayText(since, options.timeZone)) : new Date(0);
  const to = new Date(startOfDayText(shiftDay(until ?? today, 1), options.timeZone));
  try {
    const client = await connectTeamLedger(ledgerConfig.url);
    try {
      const rows = await teamSpendBy(client, describeTeamLedger(ledgerConfig.url), by, from, to);
      if (options.json) {
        return {
          output: JSON.stringify({ by, timeZone: options.timeZone, since: since ?? null, until: until ?? today, rows }, null, 2),
          code: 0,
        };
      }
      const table = formatTable(
        [by[0].toUpperCase() + by.slice(1), 'Cost', 'Tokens', 'Requests', 'Members'],
        rows.map((row) => [
          row.key ?? '(none)',
          formatUsd(row.usd),
          formatCount(row.tokens),
          formatCount(row.events),
          formatCount(row.members),
        ]),
        new Set([1, 2, 3, 4]),
      );
      const total = rows.reduce((sum, row) => sum + row.usd, 0);
      return {
        output: `${table}\n\nThe team's spend from ${since ?? 'the start'} to ${until ?? today}: ${formatUsd(total)} with a known price; days in ${options.timeZone}.`,
        code: 0,
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (error) {
    if (error instanceof TeamLedgerError) return { output: error.message, code: 1 };
    throw error;
  }
}
