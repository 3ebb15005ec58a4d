import * as vscode from 'vscode';
import { notify } from './notify';
import { changedSettings, readSettings, SETTINGS_SECTION, type RawSetting, type SettingField, type Settings } from '../core';
import { Disposable } from './lifecycle';

export interface SettingsChange {
  readonly settings: Settings;
  /** The fields whose values differ from the last reading. */
  readonly changed: ReadonlySet<SettingField>;
}

/** A setting's value in force (as `get` gives it, so an untrusted workspace's restricted values are left out) and its layer. */
function rawSetting(configuration: vscode.WorkspaceConfiguration, key: string): RawSetting {
  const inspected = configuration.inspect(key);
  const layer =
    inspected?.workspaceFolderValue !== undefined
      ? 'workspaceFolder'
      : inspected?.workspaceValue !== undefined
        ? 'workspace'
        : inspected?.globalValue !== undefined
          ? 'user'
          : 'default';
  return { value: configuration.get<unknown>(key), layer };
}

function currentSettings(): Settings {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return readSettings((key) => rawSetting(configuration, key));
}

/**
 * The one accessor of `tokenwise.*` settings. A change fires once with the fields whose values changed, and not at
 * all when none did (a setting rewritten with its value, or a change outside Tokenwise).
 */
export class SettingsService extends Disposable {
  private readonly changedEmitter = this._register(new vscode.EventEmitter<SettingsChange>());
  readonly onDidChange = this.changedEmitter.event;
  private state = currentSettings();

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS_SECTION)) this.reread();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reread()));
  }

  get current(): Settings {
    return this.state;
  }

  /** Calls `listener` with the settings whenever one of `fields` changes. */
  watch(fields: readonly SettingField[], listener: (settings: Settings, changed: ReadonlySet<SettingField>) => void): vscode.Disposable {
    return this.onDidChange(({ settings, changed }) => {
      if (fields.some((field) => changed.has(field))) listener(settings, changed);
    });
  }

  /** Writes a setting for the user (not the workspace), where a person's model choice belongs. */
  updateUserSetting(key: string, value: unknown): Thenable<void> {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }

  private reread(): void {
    const next = currentSettings();
    const changed = changedSettings(this.state, next);
    this.state = next;
    if (changed.size > 0) this.changedEmitter.fire({ settings: next, changed });
  }
}

/** Shows each setting warning once while it stays the same, so a reload or an unrelated change does not repeat it. */
export class SettingWarnings extends Disposable {
  private shown = new Set<string>();

  constructor(settings: SettingsService) {
    super();
    this.show(settings.current.warnings);
    this._register(settings.watch(['warnings'], (current) => this.show(current.warnings)));
  }

  get current(): readonly string[] {
    return [...this.shown];
  }

  private show(warnings: readonly string[]): void {
    const current = new Set(warnings);
    for (const warning of current) if (!this.shown.has(warning)) void notify.warn(`Tokenwise: ${warning}`);
    this.shown = current;
  }
}
