// TLS to the team ledger as its URL's sslmode asks, with libpq's meanings, against real PostgreSQL servers: one that
// offers TLS (a self-signed certificate for localhost) and one that does not.
import * as assert from 'node:assert/strict';
import { connectTeamLedger, TeamLedgerError } from '../../src/core/teamLedger';
import { PostgresServer } from '../support/postgres';

const PASSWORD = 'tls-member-password';

describe('team ledger TLS (sslmode)', function () {
  this.timeout(60_000);
  let withTls: PostgresServer;
  let plain: PostgresServer;

  before(async () => {
    [withTls, plain] = await Promise.all([PostgresServer.start({ tls: true }), PostgresServer.start()]);
    for (const server of [withTls, plain]) await server.admin(`CREATE ROLE member LOGIN PASSWORD '${PASSWORD}'`);
  });
  after(() => {
    withTls?.stop();
    plain?.stop();
  });

  /** Whether the connection that `url` gives is encrypted, as the server sees it. */
  async function encrypted(url: string): Promise<boolean> {
    const client = await connectTeamLedger(url, { user: 'member', password: PASSWORD });
    try {
      const { rows } = await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      return (rows[0] as { ssl: boolean }).ssl;
    } finally {
      await client.end();
    }
  }
  const url = (server: PostgresServer, sslmode?: string) =>
    `postgresql://127.0.0.1:${server.port}/postgres${sslmode === undefined ? '' : `?sslmode=${sslmode}`}`;

  it('encrypts with require and prefer (the default), not with disable', async () => {
    assert.equal(await encrypted(url(withTls, 'require')), true);
    assert.equal(await encrypted(url(withTls)), true, 'prefer tries TLS first');
    assert.equal(await encrypted(url(withTls, 'disable')), false);
  });

  it('checks the certificate with verify-ca and verify-full: a self-signed one is refused', async () => {
    for (const mode of ['verify-ca', 'verify-full']) {
      await assert.rejects(
        connectTeamLedger(url(withTls, mode), { user: 'member', password: PASSWORD }),
        (error: unknown) => error instanceof TeamLedgerError && /self.signed|certificate/i.test(error.message),
        mode,
      );
    }
  });

  it('falls back to plain text with prefer when the server has no TLS, and refuses with require', async () => {
    assert.equal(await encrypted(url(plain)), false);
    await assert.rejects(
      connectTeamLedger(url(plain, 'require'), { user: 'member', password: PASSWORD }),
      (error: unknown) => error instanceof TeamLedgerError && /does not support SSL/i.test(error.message),
    );
  });
});
