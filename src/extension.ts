import * as vscode from 'vscode';
import type { TokenwiseApi } from './api';
import { Commands } from './commands';
import { onDidChangeConfig, readConfig } from './config';
import { WorkerTokenCounter } from './core';
import { TokenCountStatusBar } from './statusBar/tokenCountStatusBar';

export function activate(context: vscode.ExtensionContext): TokenwiseApi {
  // The worker, and the encoder inside it, start on the first count, not here.
  const counter = new WorkerTokenCounter(context.asAbsolutePath('dist/countWorker.js'));
  const statusBar = new TokenCountStatusBar(counter, readConfig());
  context.subscriptions.push(
    { dispose: () => counter.dispose() },
    statusBar,
    onDidChangeConfig((config) => statusBar.updateConfig(config)),
    vscode.commands.registerCommand(Commands.showTokenCountDetails, () => statusBar.showDetails()),
  );
  return { tokenCountStatus: () => statusBar.snapshot() };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
