// A real PostgreSQL server for the tests, from Debian's packages: `initdb` and `pg_ctl` on a temporary data folder,
// listening on 127.0.0.1 at a free port with password (SCRAM) authentication, run as an unprivileged user when the
// tests run as root (PostgreSQL refuses to run as root), and stopped at the end.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const SUPERUSER = 'tokenwise_admin';
export const SUPERUSER_PASSWORD = 'admin-password-for-tests';

/** The folder of Debian's PostgreSQL programs (the newest version installed), or the one on PATH. */
function binDirectory(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(root, versions[0], 'bin');
  }
  return '';
}

const program = (name: string) => (binDirectory() ? join(binDirectory(), name) : name);

/** The account the server runs as: the current user, or `nobody` for root. */
function runAs(): { uid: number; gid: number; prefix: string[] } {
  const { uid, gid } = userInfo();
  if (uid !== 0) return { uid, gid, prefix: [] };
  return { uid: 65534, gid: 65534, prefix: ['runuser', '-u', 'nobody', '--'] };
}

function run(args: readonly string[]): string {
  const { prefix } = runAs();
  const [command, ...rest] = [...prefix, ...args];
  return execFileSync(command, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export class PostgresServer {
  private constructor(
    readonly port: number,
    readonly folder: string,
    /** The server offers TLS with a self-signed certificate for `localhost` (`certificate`). */
    readonly tls: boolean,
  ) {}

  /** The server's self-signed certificate (PEM), when it offers TLS. */
  get certificate(): string {
    return join(this.folder, 'server.crt');
  }

  readonly host = '127.0.0.1';

  /** Creates a cluster in a temporary folder and starts it; with `tls`, with a self-signed certificate. */
  static async start(options: { readonly tls?: boolean } = {}): Promise<PostgresServer> {
    const folder = mkdtempSync(join(tmpdir(), 'tokenwise-pg-'));
    const { uid, gid } = runAs();
    chownSync(folder, uid, gid);
    const passwordFile = join(folder, 'password');
    writeFileSync(passwordFile, SUPERUSER_PASSWORD + '\n', { mode: 0o600 });
    chownSync(passwordFile, uid, gid);
    run([
      program('initdb'),
      '-D',
      join(folder, 'data'),
      '-U',
      SUPERUSER,
      `--pwfile=${passwordFile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    if (options.tls) {
      const key = join(folder, 'server.key');
      const certificate = join(folder, 'server.crt');
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '2', '-subj', '/CN=localhost'],
        {
          stdio: 'ignore',
        },
      );
      chmodSync(key, 0o600); // PostgreSQL refuses a key others may read
      for (const file of [key, certificate]) chownSync(file, uid, gid);
    }
    const server = new PostgresServer(await freePort(), folder, options.tls === true);
    server.resume();
    return server;
  }

  /** Starts the server again after `pause` (same data, same port). */
  resume(): void {
    const tls = this.tls
      ? ` -c ssl=on -c ssl_cert_file=${join(this.folder, 'server.crt')} -c ssl_key_file=${join(this.folder, 'server.key')}`
      : '';
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.folder} -c fsync=off${tls}`;
    run([program('pg_ctl'), '-D', join(this.folder, 'data'), '-l', join(this.folder, 'server.log'), '-o', options, '-w', 'start']);
  }

  /** Stops the server, keeping its data. */
  pause(): void {
    run([program('pg_ctl'), '-D', join(this.folder, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  /** Stops the server and removes its folder. */
  stop(): void {
    try {
      this.pause();
    } finally {
      rmSync(this.folder, { recursive: true, force: true });
    }
  }

  /** A connection URL without credentials, as a team config gives it. */
  url(database: string): string {
    return `postgresql://${this.host}:${this.port}/${database}?sslmode=disable`;
  }

  /** Runs SQL as the superuser (in `database`, default `postgres`). */
  async admin<T = unknown>(sql: string, database = 'postgres'): Promise<T[]> {
    const client = new Client({ host: this.host, port: this.port, user: SUPERUSER, password: SUPERUSER_PASSWORD, database });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }
}
