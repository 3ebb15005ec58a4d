import * as vscode from 'vscode';
import { AllowanceService, confirmOverHardAllowance, personalAllowance } from './allowances/allowanceService';
import { AllowanceStatusBar } from './allowances/allowanceStatusBar';
import { ConfigInForceService } from './teamConfig/configInForceService';
import { TeamConfigService } from './teamConfig/teamConfigService';
import type { TokenwiseApi } from './api';
import { Commands } from './commands';
import { ComparisonPanel } from './compare/comparisonPanel';
import { onDidChangeConfig, readConfig, SettingWarnings, updateUserSetting } from './config';
import { registerContextCommands } from './context/contextCommands';
import { ContextTreeView } from './context/contextTreeView';
import { PromptContext } from './context/promptContext';
import { bundledCatalog, DocumentCounter, Ledger, WorkerTokenCounter } from './core';
import { pickModel } from './models/modelPicker';
import { ActivePromptCounter } from './prompt/activePromptCounter';
import { PromptMeter } from './prompt/promptMeter';
import { exportSpend, type ExportArguments } from './spend/exportCommand';
import { registerRecordCommands } from './spend/recordCommands';
import { SpendService } from './spend/spendService';
import { SpendView } from './spend/spendView';
import { UsageIngestService } from './spend/usageIngestService';
import { PromptCostStatusBar } from './statusBar/promptCostStatusBar';

export function activate(context: vscode.ExtensionContext): TokenwiseApi {
  const config = readConfig();
  const settingWarnings = new SettingWarnings();
  settingWarnings.show(config);
  // The worker, and the tokenizer inside it, start on the first count, not here.
  const counter = new WorkerTokenCounter(context.asAbsolutePath('dist/countWorker.js'));
  const team = new TeamConfigService(vscode.Uri.joinPath(context.globalStorageUri, 'team-config.json').fsPath, config.teamConfig, config.teamConfigRefreshMinutes);
  const configInForce = new ConfigInForceService(bundledCatalog(), team);
  // The ledger lives in global storage: spend is the user's, across workspaces and windows.
  const ledgerFolder = vscode.Uri.joinPath(context.globalStorageUri, 'ledger').fsPath;
  const ledger = new Ledger(ledgerFolder);
  const spend = new SpendService(ledger, config.spendTimeZone, configInForce.catalog);
  const ingest = new UsageIngestService(ledger, spend, vscode.Uri.joinPath(context.globalStorageUri, 'usage-readers.json').fsPath, config.usageSources);
  const allowances = new AllowanceService(spend, team, context.globalState, personalAllowance(config.allowance), config.spendTimeZone);
  const spendView = new SpendView(context.extensionUri, spend, allowances, team, configInForce);
  const allowanceStatusBar = new AllowanceStatusBar(allowances);
  const documents = new DocumentCounter(counter);
  const activePrompt = new ActivePromptCounter(counter, documents, config);
  const promptContext = new PromptContext(counter, context.workspaceState, activePrompt, config);
  const meter = new PromptMeter(activePrompt, promptContext, configInForce);
  const statusBar = new PromptCostStatusBar(meter, configInForce, allowances, config.statusBarEnabled);

  const selectModel = async (modelId?: string) => {
    const { catalog, config: inForce } = configInForce;
    const id = modelId ?? (await pickModel(catalog, inForce.defaultModel, inForce.favoriteModels));
    if (!id) return;
    if (!catalog.find(id)) {
      void vscode.window.showErrorMessage(`Tokenwise: "${id}" is not in the price catalog (prices of ${catalog.snapshotDate}).`);
      return;
    }
    await updateUserSetting('model', id);
  };
  const comparison = new ComparisonPanel(context.extensionUri, meter, allowances, selectModel);

  context.subscriptions.push(
    { dispose: () => counter.dispose() },
    activePrompt,
    promptContext,
    meter,
    statusBar,
    comparison,
    new ContextTreeView(promptContext),
    registerContextCommands(promptContext),
    registerRecordCommands(meter, ledger, () => spend.reload(), () => confirmOverHardAllowance(allowances)),
    team,
    configInForce,
    allowances,
    allowanceStatusBar,
    spend,
    ingest,
    spendView,
    configInForce.onDidChange(() => spend.setCatalog(configInForce.catalog)),
    onDidChangeConfig((changed) => {
      settingWarnings.show(changed);
      activePrompt.updateConfig(changed);
      promptContext.updateConfig(changed);
      statusBar.setEnabled(changed.statusBarEnabled);
      spend.setTimeZone(changed.spendTimeZone);
      ingest.updateSettings(changed.usageSources);
      team.update(changed.teamConfig, changed.teamConfigRefreshMinutes);
      allowances.updateSettings(personalAllowance(changed.allowance), changed.spendTimeZone);
    }),
    vscode.commands.registerCommand(Commands.rescanUsage, () => ingest.scan(true)),
    vscode.commands.registerCommand(Commands.syncTeamConfig, () => team.refresh(true)),
    vscode.commands.registerCommand(Commands.exportSpend, (args?: ExportArguments) => exportSpend(spend, () => readConfig().spendTimeZone, args)),
    vscode.commands.registerCommand(Commands.showTokenCountDetails, () => statusBar.showDetails()),
    vscode.commands.registerCommand(Commands.selectModel, selectModel),
    vscode.commands.registerCommand(Commands.compareModels, () => comparison.show()),
  );
  // The first scan waits for start-up to settle; it reads only what was added since the last one.
  void team.refresh();
  const firstScan = setTimeout(() => void spend.reload().then(() => ingest.scan(true, 'ifNew')), 1500);
  context.subscriptions.push({ dispose: () => clearTimeout(firstScan) });

  return {
    spendView: () => spendView.model(),
    allowances: () => ({
      statusBar: allowanceStatusBar.text,
      team: { source: team.current.source, error: team.current.error, notApplied: team.current.notApplied, team: team.current.config?.team },
      usages: allowances.usages.map((usage) => ({ id: usage.allowance.id, origin: usage.allowance.origin, used: usage.used, amount: usage.amount, status: usage.status })),
    }),
    tokenCountStatus: () => statusBar.snapshot(),
    comparison: () => comparison.snapshot(),
    countingStats: () => ({ ...documents.stats }),
    ledgerFolder,
    settingWarnings: () => settingWarnings.current,
    teamConfigRefreshMs: () => team.refreshMs,
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
