import type * as vscode from 'vscode';
import type { TokenwiseApi } from './base/api';
import { registerCommands } from './registerCommands';
import { Services } from './services';
import { testApi } from './testApi';

export function activate(context: vscode.ExtensionContext): TokenwiseApi {
  const services = new Services(context);
  context.subscriptions.push(services, registerCommands(services));
  services.start();
  return testApi(services);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
