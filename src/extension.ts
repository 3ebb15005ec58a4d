import * as vscode from 'vscode';
import type { TokenwiseApi } from './api';
import { Commands } from './commands';
import { ComparisonPanel } from './compare/comparisonPanel';
import { onDidChangeConfig, readConfig, updateUserSetting } from './config';
import { registerContextCommands } from './context/contextCommands';
import { ContextTreeView } from './context/contextTreeView';
import { PromptContext } from './context/promptContext';
import { bundledCatalog, DocumentCounter, Ledger, WorkerTokenCounter } from './core';
import { pickModel } from './models/modelPicker';
import { ActivePromptCounter } from './prompt/activePromptCounter';
import { PromptMeter } from './prompt/promptMeter';
import { registerRecordCommands } from './spend/recordCommands';
import { PromptCostStatusBar } from './statusBar/promptCostStatusBar';

export function activate(context: vscode.ExtensionContext): TokenwiseApi {
  const config = readConfig();
  // The worker, and the tokenizer inside it, start on the first count, not here.
  const counter = new WorkerTokenCounter(context.asAbsolutePath('dist/countWorker.js'));
  const catalog = bundledCatalog();
  const documents = new DocumentCounter(counter);
  const activePrompt = new ActivePromptCounter(counter, documents, config);
  const promptContext = new PromptContext(counter, context.workspaceState, activePrompt, config);
  const meter = new PromptMeter(activePrompt, promptContext, catalog, config);
  const statusBar = new PromptCostStatusBar(meter, config.statusBarEnabled);

  const selectModel = async (modelId?: string) => {
    const id = modelId ?? (await pickModel(catalog, readConfig().model, readConfig().favoriteModels));
    if (!id) return;
    if (!catalog.find(id)) {
      void vscode.window.showErrorMessage(`Tokenwise: "${id}" is not in the price catalog (prices of ${catalog.snapshotDate}).`);
      return;
    }
    await updateUserSetting('model', id);
  };
  const comparison = new ComparisonPanel(context.extensionUri, meter, selectModel);
  // The ledger lives in global storage: spend is the user's, across workspaces and windows.
  const ledgerFolder = vscode.Uri.joinPath(context.globalStorageUri, 'ledger').fsPath;
  const ledger = new Ledger(ledgerFolder);

  context.subscriptions.push(
    { dispose: () => counter.dispose() },
    activePrompt,
    promptContext,
    meter,
    statusBar,
    comparison,
    new ContextTreeView(promptContext),
    registerContextCommands(promptContext),
    registerRecordCommands(meter, ledger),
    onDidChangeConfig((changed) => {
      activePrompt.updateConfig(changed);
      promptContext.updateConfig(changed);
      meter.updateConfig(changed);
      statusBar.setEnabled(changed.statusBarEnabled);
    }),
    vscode.commands.registerCommand(Commands.showTokenCountDetails, () => statusBar.showDetails()),
    vscode.commands.registerCommand(Commands.selectModel, selectModel),
    vscode.commands.registerCommand(Commands.compareModels, () => comparison.show()),
  );
  return {
    tokenCountStatus: () => statusBar.snapshot(),
    comparison: () => comparison.snapshot(),
    countingStats: () => ({ ...documents.stats }),
    ledgerFolder,
    contextFiles: () => promptContext.current.files.map((file) => ({
      path: file.label,
      origin: file.origin,
      tokens: file.count.kind === 'counted' ? file.count.counts.o200k_base : undefined,
    })),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
