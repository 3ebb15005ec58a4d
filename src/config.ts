import * as vscode from 'vscode';
import { boundedSetting, resolveTimeZone, type BoundedSetting, type LogSourceSettings, type UsageSource } from './core';

/**
 * Tokenwise settings, mirroring `contributes.configuration` in package.json. The display preferences a team config
 * can also set (model, favourites, expected output) are read by the config in force instead.
 */
export interface TokenwiseConfig {
  /** Show the token count and cost of the active editor or its selection. */
  readonly statusBarEnabled: boolean;
  /** Wait this long after the last edit or selection change before counting. */
  readonly debounceMs: number;
  /** Documents (or selections) larger than this many bytes are not counted. */
  readonly maxDocumentBytes: number;
  /** Stop a count that runs longer than this. */
  readonly countTimeoutMs: number;
  /** Language ids whose documents are counted; `*` counts every text document. */
  readonly countLanguages: readonly string[];
  /** IANA time zone for days, weeks and months of spend; empty for the system's. */
  readonly spendTimeZone: string;
  /** The personal allowance, as written in settings (checked when used). */
  readonly allowance: Record<string, unknown> | undefined;
  /** A path or URL of the team config; empty to use the workspace's `.tokenwise.json`. */
  readonly teamConfig: string;
  /** Minutes between re-reads of the team config; 0 never. */
  readonly teamConfigRefreshMinutes: number;
  /** Per agent: whether to read its usage logs, and folders that replace the default locations. */
  readonly usageSources: Readonly<Partial<Record<UsageSource, LogSourceSettings>>>;
  /** Settings whose values were not applied (out of bounds, not a time zone), each with the value used instead. */
  readonly warnings: readonly string[];
}

export const CONFIG_SECTION = 'tokenwise';

export function readConfig(): TokenwiseConfig {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const warnings: string[] = [];
  // Every number within its bounds, enforced here: VS Code hands out values outside the schema's range unchanged.
  const bounded = (key: BoundedSetting): number => {
    const checked = boundedSetting(key, config.get<unknown>(key));
    if (checked.warning) warnings.push(checked.warning);
    return checked.value;
  };
  const timeZone = resolveTimeZone(text(config.get<unknown>('spend.timeZone')));
  if (timeZone.warning) warnings.push(`tokenwise.spend.timeZone: ${timeZone.warning}`);
  return {
    statusBarEnabled: config.get<unknown>('statusBar.enabled') !== false,
    debounceMs: bounded('counting.debounceMs'),
    maxDocumentBytes: bounded('counting.maxDocumentSizeKB') * 1024,
    countTimeoutMs: bounded('counting.timeoutMs'),
    countLanguages: textList(config.get<unknown>('counting.languages')) ?? ['*'],
    spendTimeZone: timeZone.timeZone,
    allowance: record(config.get<unknown>('allowance')),
    teamConfig: text(config.get<unknown>('teamConfig')).trim(),
    teamConfigRefreshMinutes: bounded('teamConfigRefreshMinutes'),
    usageSources: (record(config.get<unknown>('usageSources')) ?? {}) as Partial<Record<UsageSource, LogSourceSettings>>,
    warnings,
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const textList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;

/** Shows each setting warning once while it stays the same, so a reload or an unrelated change does not repeat it. */
export class SettingWarnings {
  private shown = new Set<string>();

  get current(): readonly string[] {
    return [...this.shown];
  }

  show(config: TokenwiseConfig): void {
    const current = new Set(config.warnings);
    for (const warning of current) if (!this.shown.has(warning)) void vscode.window.showWarningMessage(`Tokenwise: ${warning}`);
    this.shown = current;
  }
}

/** Fires with fresh settings whenever a `tokenwise.*` setting changes. */
export function onDidChangeConfig(listener: (config: TokenwiseConfig) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) listener(readConfig());
  });
}

/** Writes a setting for the user (not the workspace), where a person's model choice belongs. */
export function updateUserSetting(key: string, value: unknown): Thenable<void> {
  return vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}
