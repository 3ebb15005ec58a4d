// What the team ledger answers: the team's spend in a period. A correction (an event that voids another) takes
// both out, as the local ledger's `withCorrections` does; the indexes the migration creates serve both parts
// (the period by time, the corrections by their partial index).
import type { AllowancePeriod } from '../allowances/period';
import { periodKey, type TeamSpendGroup, type TeamSpendSnapshot } from '../allowances/teamUsage';
import { teamLedgerError, type Queryable } from './teamLedgerErrors';

export interface TeamTotal {
  /** USD of the events with a known cost. */
  readonly usd: number;
  readonly events: number;
  readonly members: number;
  /** Events whose cost is not known (left out of `usd`). */
  readonly unpricedEvents: number;
}

// NOT IN over the few corrections (read from their partial index) runs as one hashed lookup per event; NOT EXISTS
// made PostgreSQL sort the whole period for a merge anti-join, three times slower at a million events.
const COUNTED = `FROM tokenwise_events e
  WHERE e.time >= $1 AND e.time < $2 AND e.voids IS NULL
    AND (e.member, e.event_id) NOT IN (SELECT c.member, c.voids FROM tokenwise_events c WHERE c.voids IS NOT NULL)`;

/** The team's total for `[from, to)`. */
export async function teamTotal(client: Queryable, where: string, from: Date, to: Date): Promise<TeamTotal> {
  try {
    const { rows } = await client.query(
      `SELECT coalesce(sum(e.usd), 0)::float8 AS usd, count(*)::int AS events, count(DISTINCT e.member)::int AS members,
              count(*) FILTER (WHERE e.usd IS NULL)::int AS unpriced ${COUNTED}`,
      [from.toISOString(), to.toISOString()],
    );
    const row = rows[0] as { usd: number; events: number; members: number; unpriced: number };
    return { usd: row.usd, events: row.events, members: row.members, unpricedEvents: row.unpriced };
  } catch (error) {
    throw teamLedgerError(error, where, true);
  }
}

/** What the team's spend can be grouped by, and the column each reads. */
export const TEAM_DIMENSIONS = ['member', 'model', 'source', 'project'] as const;
export type TeamDimension = (typeof TEAM_DIMENSIONS)[number];

export interface TeamSpendRow {
  /** The member, model, source or project; null for a request without a project. */
  readonly key: string | null;
  readonly usd: number;
  readonly tokens: number;
  readonly events: number;
  readonly members: number;
}

/** The team's spend in `[from, to)` by one dimension, the largest first. */
export async function teamSpendBy(client: Queryable, where: string, by: TeamDimension, from: Date, to: Date): Promise<TeamSpendRow[]> {
  const column = { member: 'e.member', model: 'e.model', source: 'e.source', project: 'e.project' }[by];
  try {
    const { rows } = await client.query(
      `SELECT ${column} AS key, coalesce(sum(e.usd), 0)::float8 AS usd, coalesce(sum(e.total_tokens), 0)::float8 AS tokens,
              count(*)::int AS events, count(DISTINCT e.member)::int AS members ${COUNTED}
       GROUP BY ${column} ORDER BY usd DESC, key`,
      [from.toISOString(), to.toISOString()],
    );
    return rows as TeamSpendRow[];
  } catch (error) {
    throw teamLedgerError(error, where, true);
  }
}

/**
 * What the other members (all but `member`) spent in each period, by model and source: the figures a team-scope
 * allowance adds to the member's own spend.
 */
export async function othersSpendSnapshot(
  client: Queryable,
  where: string,
  periods: readonly Pick<AllowancePeriod, 'start' | 'end'>[],
  member: string,
  now: Date = new Date(),
): Promise<TeamSpendSnapshot> {
  const result: Record<string, TeamSpendGroup[]> = {};
  try {
    for (const period of periods) {
      const { rows } = await client.query(
        `SELECT e.model, e.source, coalesce(sum(e.usd), 0)::float8 AS usd, count(*)::int AS events,
                count(*) FILTER (WHERE e.usd IS NULL)::int AS "unpricedEvents", coalesce(sum(e.unpriced_tokens), 0)::float8 AS "unpricedTokens",
                coalesce(sum(e.total_tokens), 0)::float8 AS tokens, coalesce(sum(e.premium_requests), 0)::float8 AS "premiumRequests",
                count(*) FILTER (WHERE e.premium_requests IS NULL)::int AS "unknownPremiumRequests"
         ${COUNTED} AND e.member <> $3
         GROUP BY e.model, e.source`,
        [period.start.toISOString(), period.end.toISOString(), member],
      );
      result[periodKey(period)] = rows as TeamSpendGroup[];
    }
  } catch (error) {
    throw teamLedgerError(error, where, true);
  }
  return { periods: result, asOf: now.toISOString() };
}
