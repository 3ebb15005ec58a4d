import * as vscode from 'vscode';
import { confirmOverHardAllowance } from './allowances/allowanceService';
import { Commands } from './base/commands';
import { notify } from './base/notify';
import { registerContextCommands } from './context/contextCommands';
import type { Services } from './services';
import { exportSpend, type ExportArguments } from './spend/exportCommand';
import { registerRecordCommands } from './spend/recordCommands';
import { repriceSpendHistory, type RepriceArguments } from './spend/repriceCommand';
import { registerProviderCountCommands } from './providerCount/providerCountCommands';
import { configureUsageSources, type ConfigureSourceArguments } from './spend/configureUsageSources';

/** Every command of `package.json`, bound to the services that carry it out. */
export function registerCommands(services: Services): vscode.Disposable {
  const { allowances, comparison, ingest, ledger, meter, promptContext, settings, spend, statusBar, team } = services;
  return vscode.Disposable.from(
    registerContextCommands(promptContext),
    registerProviderCountCommands(meter, settings, services.secrets),
    registerRecordCommands(
      meter,
      ledger,
      () => spend.reload(),
      () => confirmOverHardAllowance(allowances),
    ),
    vscode.commands.registerCommand(Commands.rescanUsage, () => ingest.scan(true)),
    vscode.commands.registerCommand(Commands.configureUsageSources, (args?: ConfigureSourceArguments) =>
      configureUsageSources(settings, ingest, args),
    ),
    vscode.commands.registerCommand(Commands.syncTeamConfig, () => team.refresh(true)),
    vscode.commands.registerCommand(Commands.updatePrices, () => services.priceData.update(true)),
    vscode.commands.registerCommand(Commands.syncTeamLedger, () => services.teamLedger.syncAndSay()),
    vscode.commands.registerCommand(Commands.connectTeamLedger, () => services.teamLedger.connect()),
    vscode.commands.registerCommand(Commands.exportSpend, (args?: ExportArguments) =>
      exportSpend(spend, () => settings.current.spendTimeZone, services.globalState, args),
    ),
    vscode.commands.registerCommand(Commands.repriceHistory, (args?: RepriceArguments) =>
      repriceSpendHistory(spend, ledger, () => services.configInForce.baseCatalog, args),
    ),
    vscode.commands.registerCommand(Commands.showTokenCountDetails, () => statusBar.showDetails()),
    vscode.commands.registerCommand(Commands.selectModel, (modelId?: string) => services.selectModel(modelId)),
    vscode.commands.registerCommand(Commands.compareModels, () => comparison.show()),
    vscode.commands.registerCommand(Commands.resetCalibration, async () => {
      await services.calibration.reset();
      void notify.info(
        'Tokenwise: the tokenizer calibration is reset; estimates use the published factors until your logs calibrate them again.',
      );
    }),
  );
}
