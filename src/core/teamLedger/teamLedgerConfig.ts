// The team ledger a team config names: a PostgreSQL database the members sync their ledgers to. The config holds
// where it is and how members are told apart, never credentials: those come from libpq's places (the PG*
// environment variables, ~/.pgpass) or the editor's secret storage.
import { userInfo } from 'node:os';

/** How a member is named in the team ledger. */
export type MemberRule = 'osUser' | 'gitEmail';

export const MEMBER_RULES: readonly MemberRule[] = ['osUser', 'gitEmail'];

export interface TeamLedgerConfig {
  /** `postgresql://host[:port]/database[?sslmode=…]`, without user or password. */
  readonly url: string;
  readonly member: MemberRule;
  /** Whether the project folder of each request goes to the team ledger (off: it stays on the machine). */
  readonly includeProjects: boolean;
}

/** The `sslmode` values libpq knows. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** Why `url` is not a team ledger's URL, or undefined. */
export function teamLedgerUrlIssue(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url.slice(0, 80))} is not a URL`;
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') return 'the URL must start with postgresql://';
  if (parsed.username || parsed.password) {
    return 'the URL must not carry a user or password: members give theirs in PGUSER and PGPASSWORD, ~/.pgpass or Connect Team Ledger';
  }
  if (!parsed.hostname) return 'the URL names no host';
  if (parsed.pathname.length <= 1) return 'the URL names no database (postgresql://host/database)';
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode !== null && !(SSL_MODES as readonly string[]).includes(sslmode)) {
    return `sslmode ${JSON.stringify(sslmode)} is not one of ${SSL_MODES.join(', ')}`;
  }
  return undefined;
}

/** The URL with its database and host only, for messages. */
export function describeTeamLedger(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the team ledger';
  }
}

/** The member's name by the team's rule; `gitEmail` runs `git config user.email` (`readGitEmail`, for tests). */
export function memberName(rule: MemberRule, readGitEmail: () => string | undefined): string | undefined {
  if (rule === 'gitEmail') return readGitEmail()?.trim().toLowerCase() || undefined;
  return userInfo().username || undefined;
}
