import * as vscode from 'vscode';

/** Tokenwise settings, mirroring `contributes.configuration` in package.json. */
export interface TokenwiseConfig {
  /** Show the token count of the active editor or its selection. */
  readonly statusBarEnabled: boolean;
  /** Wait this long after the last edit or selection change before counting. */
  readonly debounceMs: number;
  /** Documents (or selections) larger than this many bytes are not counted. */
  readonly maxDocumentBytes: number;
  /** Stop a count that runs longer than this. */
  readonly countTimeoutMs: number;
}

export const CONFIG_SECTION = 'tokenwise';

export function readConfig(): TokenwiseConfig {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return {
    statusBarEnabled: config.get<boolean>('statusBar.enabled', true),
    debounceMs: config.get<number>('counting.debounceMs', 250),
    maxDocumentBytes: config.get<number>('counting.maxDocumentSizeKB', 5120) * 1024,
    countTimeoutMs: config.get<number>('counting.timeoutMs', 10_000),
  };
}

/** Fires with fresh settings whenever a `tokenwise.*` setting changes. */
export function onDidChangeConfig(listener: (config: TokenwiseConfig) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) listener(readConfig());
  });
}
