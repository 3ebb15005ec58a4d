import * as vscode from 'vscode';
import type { LogSourceSettings, UsageSource } from './core';

/** Tokenwise settings, mirroring `contributes.configuration` in package.json. */
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
  /** The model costs are shown for (id or alias from the price catalog). */
  readonly model: string;
  /** Models listed first in the picker and the comparison view. */
  readonly favoriteModels: readonly string[];
  /** Expected length of the answer, in tokens, for projecting output cost. */
  readonly expectedOutputTokens: number;
  /** Per-model expected output lengths, by model id or alias. */
  readonly expectedOutputTokensByModel: Readonly<Record<string, number>>;
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
    model: config.get<string>('model', 'gpt-5.1'),
    favoriteModels: config.get<string[]>('favoriteModels', []),
    expectedOutputTokens: config.get<number>('expectedOutputTokens', 500),
    expectedOutputTokensByModel: config.get<Record<string, number>>('expectedOutputTokensByModel', {}),
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
