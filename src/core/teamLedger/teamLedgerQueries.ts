// What the team ledger answers: the team's spend in a period. A correction (an event that voids another) takes
// both out, as the local ledger's `withCorrections` does; the indexes the migration creates serve both parts.
import { teamLedgerError, type Queryable } from './teamLedgerErrors';

export interface TeamTotal {
  /** USD of the events with a known cost. */
  readonly usd: number;
  readonly events: number;
  readonly members: number;
  /** Events whose cost is not known (left out of `usd`). */
  readonly unpricedEvents: number;
}

const COUNTED = `FROM tokenwise_events e
  WHERE e.time >= $1 AND e.time < $2 AND e.voids IS NULL
    AND NOT EXISTS (SELECT 1 FROM tokenwise_events v WHERE v.member = e.member AND v.voids = e.event_id)`;

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
    throw teamLedgerError(error, where);
  }
}

/** The team's spend in `[from, to)` by member: USD and events, the largest first. */
export async function teamSpendByMember(
  client: Queryable,
  where: string,
  from: Date,
  to: Date,
): Promise<{ readonly member: string; readonly usd: number; readonly events: number }[]> {
  try {
    const { rows } = await client.query(
      `SELECT e.member, coalesce(sum(e.usd), 0)::float8 AS usd, count(*)::int AS events ${COUNTED}
       GROUP BY e.member ORDER BY usd DESC, e.member`,
      [from.toISOString(), to.toISOString()],
    );
    return rows as { member: string; usd: number; events: number }[];
  } catch (error) {
    throw teamLedgerError(error, where);
  }
}
