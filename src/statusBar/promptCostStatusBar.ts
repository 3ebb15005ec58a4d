import * as vscode from 'vscode';
import { notify } from '../base/notify';
import { Disposable } from '../base/lifecycle';
import type { SettingsService } from '../base/settings';
import type { AllowanceService } from '../allowances/allowanceService';
import type { StatusBarSnapshot } from '../base/api';
import { allowancesLeft, describeFieldOrigin, describePriceSource, staleCatalogNote } from '../core';
import { Commands } from '../base/commands';
import type { MeterState, PromptMeter } from '../meter/promptMeter';
import type { ConfigInForceService } from '../teamConfig/configInForceService';
import { COUNTING_PRESENTATION, presentPromptCost, type StatusPresentation } from './presentPromptCost';

/** Commands the tooltip's links may run. */
const TOOLTIP_COMMANDS = [Commands.compareModels, Commands.selectModel];

/** The status bar item: the pending prompt's tokens and cost on the selected model. Click opens the comparison. */
export class PromptCostStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('tokenwise.tokenCount', vscode.StatusBarAlignment.Right, 100));
  private presentation: StatusPresentation | undefined;

  constructor(
    private readonly meter: PromptMeter,
    private readonly configInForce: ConfigInForceService,
    private readonly allowances: AllowanceService,
    private readonly settings: SettingsService,
  ) {
    super();
    this.item.name = 'Tokenwise Prompt Cost';
    this.item.command = Commands.compareModels;
    // The meter follows the config in force; allowances change with spend.
    this._registerAll(
      meter.onDidChange((state) => this.render(state)),
      allowances.onDidChange(() => this.render(meter.current)),
      settings.watch(['statusBarEnabled'], () => this.render(meter.current)),
    );
    this.render(meter.current);
  }

  snapshot(): StatusBarSnapshot {
    const shown = this.presentation !== undefined;
    return {
      visible: shown,
      text: shown ? this.item.text : '',
      tooltip: this.presentation?.tooltip ?? '',
      warning: this.presentation?.severity === 'warning',
    };
  }

  /** The tooltip's facts in a dialog, line by line, for keyboard and screen reader users. */
  async showDetails(): Promise<void> {
    const shown = this.presentation;
    if (!shown) return;
    const compare = 'Compare Models';
    const chosen = await notify.info(shown.ariaLabel, { modal: true, detail: shown.details ?? shown.ariaLabel }, compare);
    if (chosen === compare) await vscode.commands.executeCommand(Commands.compareModels);
  }

  private render(state: MeterState): void {
    const { prompt } = state;
    if (!this.settings.current.statusBarEnabled || prompt.kind === 'none' || !prompt.editorActive) {
      this.presentation = undefined;
      this.item.hide();
      return;
    }
    this.show(
      prompt.kind === 'counting'
        ? COUNTING_PRESENTATION
        : presentPromptCost({
            promptName: prompt.name,
            outcome: prompt.outcome,
            estimate: state.estimate,
            modelSetting: this.meter.modelSetting,
            contextFiles: state.contextFiles,
            contextLeftOut: state.contextLeftOut,
            priceSource: [describePriceSource(this.meter.catalog), staleCatalogNote(this.meter.catalog)].filter(Boolean).join('. '),
            modelOrigin: describeFieldOrigin(this.configInForce.merged.origins.defaultModel, this.configInForce.config.team),
            allowancesLeft: state.estimate ? allowancesLeft(this.allowances.usages, state.estimate) : [],
          }),
    );
  }

  private show(presentation: StatusPresentation): void {
    this.presentation = presentation;
    this.item.text = presentation.text;
    const tooltip = new vscode.MarkdownString(presentation.tooltip, true);
    tooltip.isTrusted = { enabledCommands: TOOLTIP_COMMANDS };
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: presentation.ariaLabel, role: 'button' };
    this.item.backgroundColor = presentation.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}
