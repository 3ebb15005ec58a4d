import * as vscode from 'vscode';
import type { LogSourceSettings, UsageSource } from './core';

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
}

export const CONFIG_SECTION = 'tokenwise';

export function readConfig(): TokenwiseConfig {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return {
    statusBarEnabled: config.get<boolean>('statusBar.enabled', true),
    debounceMs: config.get<number>('counting.debounceMs', 250),
    maxDocumentBytes: config.get<number>('counting.maxDocumentSizeKB', 5120) * 1024,
    countTimeoutMs: config.get<number>('counting.timeoutMs', 10_000),
    countLanguages: config.get<string[]>('counting.languages', ['*']),
    spendTimeZone: config.get<string>('spend.timeZone', '') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    allowance: config.get<Record<string, unknown>>('allowance'),
    teamConfig: config.get<string>('teamConfig', '').trim(),
    teamConfigRefreshMinutes: config.get<number>('teamConfigRefreshMinutes', 60),
    usageSources: config.get<Partial<Record<UsageSource, LogSourceSettings>>>('usageSources', {}),
  };
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
