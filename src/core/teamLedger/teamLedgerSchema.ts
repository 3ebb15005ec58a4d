// The team ledger's schema, created or upgraded by numbered migrations in one transaction under an advisory lock
// (two members starting at once do not race). The README's "Team ledger" section shows the same SQL.
import { TeamLedgerError, teamLedgerError, type Queryable } from './teamLedgerErrors';

/** Each migration moves the schema one version on; never edit one that has shipped, add the next. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tokenwise_events (
     member text NOT NULL,
     event_id text NOT NULL,
     time timestamptz NOT NULL,
     source text NOT NULL,
     model text NOT NULL,
     provider text,
     project text,
     tokens jsonb NOT NULL,
     total_tokens bigint NOT NULL,
     usd numeric,
     usd_low numeric,
     cost_basis text NOT NULL,
     unpriced_tokens bigint NOT NULL,
     premium_requests numeric,
     billing_mode text,
     voids text,
     repriced_ms bigint NOT NULL DEFAULT 0,
     uploaded_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (member, event_id)
   );
   CREATE INDEX tokenwise_events_time ON tokenwise_events (time);
   CREATE INDEX tokenwise_events_voids ON tokenwise_events (member, voids) WHERE voids IS NOT NULL;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** A lock id of the project's own, so migrations of two members run one after the other. */
const MIGRATION_LOCK = 7_406_522_316;

/** Creates or upgrades the schema; returns the versions before and after. */
export async function migrateTeamLedger(client: Queryable): Promise<{ readonly from: number; readonly to: number }> {
  // Up to date: nothing to lock or create, so a member who may not create tables never needs to.
  const current = await schemaVersion(client);
  if (current === SCHEMA_VERSION) return { from: current, to: current };
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS tokenwise_schema (version integer NOT NULL)');
    const rows = (await client.query('SELECT version FROM tokenwise_schema')).rows as { version: number }[];
    const from = rows[0]?.version ?? 0;
    if (from > SCHEMA_VERSION) {
      throw new TeamLedgerError(
        `The team ledger's schema is version ${from}, newer than this Tokenwise knows (${SCHEMA_VERSION}): update Tokenwise.`,
      );
    }
    for (let version = from; version < SCHEMA_VERSION; version++) await client.query(MIGRATIONS[version]);
    if (rows.length === 0) await client.query('INSERT INTO tokenwise_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
    else if (from !== SCHEMA_VERSION) await client.query('UPDATE tokenwise_schema SET version = $1', [SCHEMA_VERSION]);
    await client.query('COMMIT');
    return { from, to: SCHEMA_VERSION };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((error as { code?: string }).code === '42501') {
      throw new TeamLedgerError(
        `The team ledger's schema needs creating or upgrading to version ${SCHEMA_VERSION}, which you may not do: ask its admin to run \`tokenwise team-sync\` once, or the SQL in the README's "Team ledger" section.`,
      );
    }
    throw teamLedgerError(error, 'the team ledger');
  }
}

/** The schema's version, 0 when there is none yet. */
async function schemaVersion(client: Queryable): Promise<number> {
  const exists = (await client.query("SELECT to_regclass('tokenwise_schema') IS NOT NULL AS present")).rows[0] as { present: boolean };
  if (!exists.present) return 0;
  const rows = (await client.query('SELECT version FROM tokenwise_schema')).rows as { version: number }[];
  return rows[0]?.version ?? 0;
}
