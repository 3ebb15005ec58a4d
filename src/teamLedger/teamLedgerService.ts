import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import {
  cachedTeamSnapshot,
  describeTeamLedger,
  memberName,
  readTeamSpend,
  runTeamSync,
  teamPeriods,
  type TeamDimension,
  type TeamLedgerConfig,
  type TeamSpendRow,
  type TeamLedgerCredentials,
  type TeamSpendSnapshot,
} from '../core';
import { Disposable, toDisposable } from '../base/lifecycle';
import { notify } from '../base/notify';
import type { SettingsService } from '../base/settings';
import type { SpendService } from '../spend/spendService';
import type { ConfigInForceService } from '../teamConfig/configInForceService';

/** How often the team's total is read again (and the ledger synced) while the editor runs. */
const REFRESH_MS = 5 * 60_000;
/** A burst of ledger changes (an ingest) is synced once, this long after the last. */
const AFTER_SPEND_MS = 10_000;
const CREDENTIALS_KEY = 'tokenwise.teamLedger.credentials';
const NO_TEAM_LEDGER = 'Tokenwise: the team config names no team ledger (teamLedger), or this workspace is not trusted.';

/** The team's spend in one range by one dimension, as read from the team ledger. */
export interface TeamSpendRead {
  readonly key: string;
  readonly rows: readonly TeamSpendRow[];
  /** ISO time of the read. */
  readonly at: string;
  /** Why the last read failed (the rows are then the previous answer's, if any). */
  readonly problem: string | undefined;
}

export interface TeamLedgerState {
  /** The other members' spend as last read, kept across restarts (offline, it is what is known). */
  readonly snapshot: TeamSpendSnapshot | undefined;
  /** Why the last sync failed (cleared by the next that succeeds). */
  readonly problem: string | undefined;
  readonly lastSync: { readonly at: string; readonly events: number } | undefined;
}

/**
 * The member's side of the team ledger the team config names: syncs the ledger to it (after spend arrives, on an
 * interval and on Sync Team Ledger), reads the rest of the team's spend for team-scope allowances, and keeps the
 * last answer on disk. Nothing is sent unless the team config names a team ledger, and never from an untrusted
 * workspace. Failing or offline, the member's own ledger goes on as before and the next sync catches up.
 */
export class TeamLedgerService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private state: TeamLedgerState;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private afterSpend: NodeJS.Timeout | undefined;
  /** The member the kept snapshot was read for. */
  private memberOf: string | undefined;
  private spendRead: TeamSpendRead | undefined;
  /** The team-spend read under way, by key, so a redraw does not start another. */
  private spendAsked: string | undefined;

  constructor(
    private readonly configInForce: ConfigInForceService,
    spend: SpendService,
    private readonly settings: SettingsService,
    private readonly secrets: vscode.SecretStorage,
    private readonly paths: { readonly ledger: string; readonly cursor: string; readonly cache: string },
  ) {
    super();
    this.state = { snapshot: undefined, problem: undefined, lastSync: undefined };
    this._registerAll(
      toDisposable(() => {
        clearInterval(this.timer);
        clearTimeout(this.afterSpend);
      }),
      configInForce.onDidChange(({ changed }) => {
        if (changed.has('teamLedger') || changed.has('allowances')) void this.sync();
      }),
      spend.onDidChange(() => {
        clearTimeout(this.afterSpend);
        if (this.config) this.afterSpend = setTimeout(() => void this.sync(), AFTER_SPEND_MS);
      }),
    );
    this.timer = setInterval(() => void this.sync(), REFRESH_MS);
  }

  get current(): TeamLedgerState {
    return this.state;
  }

  /** The team ledger in force, or undefined (none named, or an untrusted workspace). */
  get config(): TeamLedgerConfig | undefined {
    return vscode.workspace.isTrusted ? this.configInForce.config.teamLedger : undefined;
  }

  /** Asks for the member's user and password and keeps them in the secret storage; an empty user forgets them. */
  async connect(): Promise<void> {
    const config = this.config;
    if (!config) {
      void notify.info(NO_TEAM_LEDGER);
      return;
    }
    const where = describeTeamLedger(config.url);
    const user = await vscode.window.showInputBox({
      title: `Connect Team Ledger (${where})`,
      prompt: 'Your PostgreSQL user name. Leave it empty to forget the saved credentials (PGUSER, PGPASSWORD and ~/.pgpass apply then).',
      ignoreFocusOut: true,
    });
    if (user === undefined) return;
    if (user.trim() === '') {
      await this.secrets.delete(CREDENTIALS_KEY);
      return this.sync();
    }
    const password = await vscode.window.showInputBox({
      title: `Connect Team Ledger (${where})`,
      prompt: `Password of ${user}`,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return;
    await this.secrets.store(CREDENTIALS_KEY, JSON.stringify({ user: user.trim(), password }));
    await this.sync();
    if (this.state.problem) void notify.warn(`Tokenwise: ${this.state.problem}`);
  }

  /**
   * The team's spend in `[from, to)` by `by`, as last read: read again (in the background, then `onDidChange`) when
   * it is for another range or grouping, or older than the refresh interval. Undefined until the first answer.
   */
  teamSpend(by: TeamDimension, from: Date, to: Date): TeamSpendRead | undefined {
    const key = `${by}|${from.toISOString()}|${to.toISOString()}`;
    const kept = this.spendRead?.key === key ? this.spendRead : undefined;
    const stale = !kept || Date.now() - Date.parse(kept.at) > REFRESH_MS;
    if (stale && this.spendAsked !== key) {
      this.spendAsked = key;
      this.running = this.running.then(async () => {
        const config = this.config;
        if (!config) return;
        try {
          const rows = await readTeamSpend(config, await this.credentials(), by, from, to);
          this.spendRead = { key, rows, at: new Date().toISOString(), problem: undefined };
        } catch (error) {
          this.spendRead = {
            key,
            rows: kept?.rows ?? [],
            at: kept?.at ?? new Date().toISOString(),
            problem: error instanceof Error ? error.message : String(error),
          };
        }
        this.spendAsked = undefined;
        this.changed.fire();
      });
    }
    return kept ?? (this.spendRead?.key === key ? this.spendRead : undefined);
  }

  /** Sync Team Ledger: syncs now, with a progress notification, and says how it went. */
  async syncAndSay(): Promise<void> {
    const config = this.config;
    if (!config) {
      void notify.info(NO_TEAM_LEDGER);
      return;
    }
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Tokenwise: syncing with the team ledger at ${describeTeamLedger(config.url)}…`,
      },
      () => this.sync(),
    );
    const { problem, lastSync } = this.state;
    if (problem) void notify.warn(`Tokenwise: ${problem}`);
    else if (lastSync) void notify.info(`Tokenwise: sent ${lastSync.events} new events to the team ledger.`);
  }

  /** Syncs now and reads the team's spend (one run at a time; a call while one runs waits for it and runs again). */
  sync(): Promise<void> {
    this.running = this.running.then(() => this.syncOnce());
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    const config = this.config;
    if (!config) return;
    try {
      const member = await this.member(config);
      const { sync, snapshot } = await runTeamSync({
        config,
        member,
        credentials: await this.credentials(),
        ledgerFolder: this.paths.ledger,
        cursorPath: this.paths.cursor,
        cachePath: this.paths.cache,
        periods: teamPeriods(this.configInForce.config.allowances, Date.now(), this.settings.current.spendTimeZone),
      });
      this.state = {
        snapshot: snapshot ?? this.state.snapshot,
        problem: undefined,
        lastSync: { at: new Date().toISOString(), events: sync.events },
      };
    } catch (error) {
      this.state = { ...this.state, problem: error instanceof Error ? error.message : String(error) };
    }
    this.changed.fire();
  }

  /** The member's name by the team's rule (throws when it gives none). */
  private async member(config: TeamLedgerConfig): Promise<string> {
    const member = config.member === 'gitEmail' ? await gitEmail() : memberName('osUser', () => undefined);
    if (!member) throw new Error(`No member name by the team's rule (${config.member}): set git config user.email.`);
    if (this.memberOf !== member) {
      this.memberOf = member;
      this.state = { ...this.state, snapshot: cachedTeamSnapshot(this.paths.cache, config, member) };
    }
    return member;
  }

  private async credentials(): Promise<TeamLedgerCredentials> {
    const saved = await this.secrets.get(CREDENTIALS_KEY);
    if (!saved) return {};
    try {
      const parsed = JSON.parse(saved) as { user?: unknown; password?: unknown };
      return {
        ...(typeof parsed.user === 'string' ? { user: parsed.user } : {}),
        ...(typeof parsed.password === 'string' ? { password: parsed.password } : {}),
      };
    } catch {
      return {};
    }
  }
}

/** `git config user.email` in the first workspace folder (or globally), without blocking the extension host. */
function gitEmail(): Promise<string | undefined> {
  const cwd = vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file')?.uri.fsPath;
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.email'], { cwd, timeout: 5_000 }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim().toLowerCase() || undefined),
    );
  });
}
