// What goes wrong with a team ledger, said so a member knows what to do: the server's error codes and the
// network's turned into one sentence each.

/** The part of a PostgreSQL client the team ledger uses (node-postgres's Client and Pool both have it). */
export interface Queryable {
  query(sql: string, values?: readonly unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

export class TeamLedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeamLedgerError';
  }
}

/**
 * A failure of the connection or a query as a TeamLedgerError with a clear message (`where`: host and database;
 * `reading`: the query only read, so a refusal is of reading the team's spend, not of writing one's own).
 */
export function teamLedgerError(error: unknown, where: string, reading = false): TeamLedgerError {
  if (error instanceof TeamLedgerError) return error;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const said = message ?? String(error);
  switch (code) {
    case '42501':
      if (reading) {
        return new TeamLedgerError(
          `You may not read the team's spend in the team ledger at ${where} (${said}): ask its admin for SELECT on tokenwise_events.`,
        );
      }
      return new TeamLedgerError(
        `You may read the team ledger at ${where} but not write to it (${said}): ask its admin for INSERT and UPDATE on tokenwise_events. Your spend stays in your own ledger.`,
      );
    case '28P01':
    case '28000':
      return new TeamLedgerError(
        `The team ledger at ${where} refused the credentials (${said}): set PGUSER and PGPASSWORD, a ~/.pgpass line, or run Connect Team Ledger.`,
      );
    case '3D000':
      return new TeamLedgerError(`The team ledger's database does not exist at ${where} (${said}).`);
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EAI_AGAIN':
      return new TeamLedgerError(
        `The team ledger at ${where} cannot be reached (${code}): your spend stays in your own ledger and is synced later.`,
      );
    default:
      return new TeamLedgerError(`The team ledger at ${where} failed: ${said}`);
  }
}
