// The connection to a team ledger, with node-postgres: host, port and database from the team config's URL, TLS as its
// sslmode asks with libpq's meanings (require: encrypted; verify-ca: and the certificate checked; verify-full: and
// the host name too), the member's user and password from the arguments when the editor's secret storage has them,
// else where libpq looks (PGUSER, PGPASSWORD, ~/.pgpass), which node-postgres reads itself.
import type { ConnectionOptions } from 'node:tls';
import { Client } from 'pg';
import { describeTeamLedger } from './teamLedgerConfig';
import { teamLedgerError } from './teamLedgerErrors';

export interface TeamLedgerCredentials {
  readonly user?: string;
  readonly password?: string;
}

/**
 * Connects within `timeoutMs`; throws a TeamLedgerError that says what to do. With `prefer` (libpq's default) TLS is
 * tried first and plain text only when the server offers no TLS.
 */
export async function connectTeamLedger(url: string, credentials: TeamLedgerCredentials = {}, timeoutMs = 10_000): Promise<Client> {
  const parsed = new URL(url);
  const sslmode = parsed.searchParams.get('sslmode') ?? 'prefer';
  const attempts = sslmode === 'prefer' ? [tlsFor('require'), false as const] : [tlsFor(sslmode)];
  for (let i = 0; ; i++) {
    const client = new Client({
      host: parsed.hostname.replace(/^\[|\]$/g, ''),
      port: parsed.port ? Number(parsed.port) : 5432,
      database: decodeURIComponent(parsed.pathname.slice(1)),
      ssl: attempts[i],
      ...(credentials.user ? { user: credentials.user } : {}),
      ...(credentials.password ? { password: credentials.password } : {}),
      connectionTimeoutMillis: timeoutMs,
      query_timeout: 60_000,
      application_name: 'tokenwise',
    });
    client.on('error', () => undefined); // a dropped connection fails the next query instead of the process
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      const noTls = /does not support SSL/i.test((error as Error)?.message ?? '');
      if (!(noTls && i + 1 < attempts.length)) throw teamLedgerError(error, describeTeamLedger(url));
    }
  }
}

/** node-postgres's TLS options for a libpq sslmode (`disable` and `allow`: none). */
function tlsFor(sslmode: string): false | ConnectionOptions {
  switch (sslmode) {
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      return false;
  }
}
