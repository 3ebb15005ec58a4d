import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { notify } from '../base/notify';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { SettingsService } from '../base/settings';
import {
  describeConfigAge,
  errorReason,
  loadConfigSource,
  parseLoadedText,
  parseTeamConfig,
  type ConfigProblem,
  type TeamConfig,
} from '../core';

/** Where the team config comes from and how it stands, for the Spend view and the tests. */
export interface TeamConfigStatus {
  readonly source: 'none' | 'workspace' | 'setting';
  readonly origin: string | undefined;
  /** The config in force: the last good one, even when the latest read failed. */
  readonly config: TeamConfig | undefined;
  /** Why the latest read or parse failed, if it did. */
  readonly error: string | undefined;
  /** When the config in force was last confirmed current (ISO 8601); shown as an age, `2 hours ago`. */
  readonly checkedAt: string | undefined;
  /** A `.tokenwise.json` in an untrusted workspace is shown, not applied. */
  readonly notApplied: string | undefined;
}

const WORKSPACE_FILE = '.tokenwise.json';
const NONE: TeamConfigStatus = {
  source: 'none',
  origin: undefined,
  config: undefined,
  error: undefined,
  checkedAt: undefined,
  notApplied: undefined,
};

function toDiagnostic(problem: ConfigProblem): vscode.Diagnostic {
  const range = new vscode.Range(
    problem.line - 1,
    problem.column - 1,
    problem.endLine - 1,
    Math.max(problem.endColumn - 1, problem.column),
  );
  const diagnostic = new vscode.Diagnostic(
    range,
    problem.message,
    problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = 'Tokenwise';
  return diagnostic;
}

/**
 * The team config: `tokenwise.teamConfig` (a path or URL, a machine setting a
 * workspace cannot change) or else `.tokenwise.json` at the first workspace
 * folder's root, in trusted workspaces only. A read that fails, or a config
 * with errors, leaves the previous good config in force; problems of a local
 * file appear in the Problems panel at their lines, a failed URL as a warning.
 */
export class TeamConfigService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<TeamConfigStatus>());
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('tokenwise'));
  private state: TeamConfigStatus = NONE;
  private timer: NodeJS.Timeout | undefined;
  private lastWarning: string | undefined;

  constructor(
    private readonly cacheFile: string,
    private readonly settings: SettingsService,
  ) {
    super();
    this._registerAll(
      toDisposable(() => clearInterval(this.timer)),
      settings.watch(['teamConfigRefreshMinutes'], () => this.schedule()),
      settings.watch(['teamConfig'], () => void this.refresh()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.path.endsWith(`/${WORKSPACE_FILE}`)) void this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
    );
    this.schedule();
  }

  /** The interval of scheduled re-reads, undefined when there are none. */
  get refreshMs(): number | undefined {
    const minutes = this.settings.current.teamConfigRefreshMinutes;
    return minutes > 0 ? minutes * 60_000 : undefined;
  }

  private get setting(): string {
    return this.settings.current.teamConfig;
  }

  get current(): TeamConfigStatus {
    return this.state;
  }

  /** Reads the config again; `interactive` reports the outcome (Tokenwise: Sync Team Config). */
  async refresh(interactive = false): Promise<TeamConfigStatus> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const workspaceFile = folder ? vscode.Uri.joinPath(folder, WORKSPACE_FILE) : undefined;
    const hasWorkspaceFile = workspaceFile?.scheme === 'file' && existsSync(workspaceFile.fsPath);
    try {
      if (this.setting) {
        await this.loadSetting();
      } else if (hasWorkspaceFile && workspaceFile && !vscode.workspace.isTrusted) {
        this.publish({
          ...NONE,
          source: 'workspace',
          origin: workspaceFile.fsPath,
          notApplied: 'This workspace is not trusted, so its .tokenwise.json is not applied.',
        });
      } else if (hasWorkspaceFile && workspaceFile) {
        await this.loadWorkspaceFile(workspaceFile);
      } else {
        this.diagnostics.clear();
        this.publish(NONE);
      }
    } catch (error) {
      // A fault of ours must not leave a rejected promise behind: the previous config stays, the error is shown.
      this.publish({
        ...this.keep(),
        source: this.setting ? 'setting' : 'workspace',
        origin: this.state.origin,
        error: errorReason(error),
      });
    }
    if (interactive) {
      const { error, origin, config } = this.state;
      if (error) {
        void notify.warn(`Tokenwise: team config ${origin}: ${error}${config ? ' The previous config stays in force.' : ''}`);
      } else {
        void notify.info(
          origin ? `Tokenwise: team config ${config?.team ?? ''} is current (${origin}).` : 'Tokenwise: no team config is set.',
        );
      }
    }
    return this.state;
  }

  private async loadWorkspaceFile(uri: vscode.Uri): Promise<void> {
    // Through the same loader as a shared path: bounded in size; parsed here so every problem gets its line.
    const loaded = await loadConfigSource(uri.fsPath, { validate: () => undefined });
    if (loaded.text === undefined) {
      this.publish({ ...this.keep(), source: 'workspace', origin: uri.fsPath, error: loaded.error ?? 'cannot be read' });
      return;
    }
    const parsed = parseTeamConfig(loaded.text, uri.fsPath);
    this.diagnostics.set(uri, parsed.problems.map(toDiagnostic));
    const errors = parsed.problems.filter((problem) => problem.severity === 'error');
    this.publish(
      parsed.config
        ? { ...NONE, source: 'workspace', origin: uri.fsPath, config: parsed.config, checkedAt: new Date().toISOString() }
        : { ...this.keep(), source: 'workspace', origin: uri.fsPath, error: `${errors.length} error(s); see the Problems panel.` },
    );
  }

  private async loadSetting(): Promise<void> {
    const loaded = await loadConfigSource(this.setting, { cacheFile: this.cacheFile });
    // Each text parsed once: the loader hands back the parse it validated with.
    const parse = (text: string) => parseLoadedText(loaded, text);
    const parsed = loaded.text === undefined ? undefined : parse(loaded.text);
    if (loaded.kind === 'file' && loaded.rejectedText !== undefined) {
      this.diagnostics.set(vscode.Uri.file(loaded.origin), parse(loaded.rejectedText).problems.map(toDiagnostic));
    }
    this.publish({
      ...NONE,
      source: 'setting',
      origin: loaded.origin,
      config: parsed?.config ?? this.keep().config,
      error: loaded.error,
      checkedAt: loaded.checkedAt,
    });
    if (loaded.error && loaded.error !== this.lastWarning) {
      const kept = parsed?.config ? ` The copy from ${describeConfigAge(loaded.checkedAt, new Date())} stays in force.` : '';
      void notify.warn(`Tokenwise: the team config at ${loaded.origin} could not be used: ${loaded.error}${kept}`);
    }
    this.lastWarning = loaded.error;
  }

  /** What stays in force when a read fails. */
  private keep(): TeamConfigStatus {
    return { ...NONE, config: this.state.config, checkedAt: this.state.checkedAt };
  }

  private schedule(): void {
    clearInterval(this.timer);
    const every = this.refreshMs;
    if (every !== undefined) this.timer = setInterval(() => void this.refresh(), every);
  }

  private publish(state: TeamConfigStatus): void {
    this.state = state;
    this.changed.fire(state);
  }
}
