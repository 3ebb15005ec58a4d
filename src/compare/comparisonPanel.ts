import * as vscode from 'vscode';
import { boundedSetting, defaultComparisonSet, type ComparisonSet } from '../core';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { AllowanceService } from '../allowances/allowanceService';
import type { ComparisonRowSnapshot } from '../base/api';
import type { SettingsService } from '../base/settings';
import type { PromptMeter } from '../meter/promptMeter';
import type { CountedEncodings } from '../prompt/countedEncodings';
import type { ConfigInForceService } from '../teamConfig/configInForceService';
import type { AssumptionsView, FromWebviewMessage, ToWebviewMessage } from '../webview/compare/protocol';
import { webviewHtml, webviewRoots } from '../webviewHost/webviewHtml';
import { presentComparison, presentRow } from './presentComparison';

const VIEW_TYPE = 'tokenwise.compare';

/** The settings each editable assumption is saved to. */
const ASSUMPTION_SETTINGS = { outputTokens: 'expectedOutputTokens', reasoningTokens: 'expectedReasoningTokens' } as const;

/**
 * The "Compare Models" panel: the current prompt priced on the suggested models (or all of them), updated live as the
 * prompt, its context or the settings change; the expected output and reasoning can be changed in it.
 */
export class ComparisonPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly meter: PromptMeter,
    private readonly allowances: AllowanceService,
    private readonly configInForce: ConfigInForceService,
    private readonly settings: SettingsService,
    private readonly encodings: CountedEncodings,
    private readonly selectModel: (modelId: string) => Thenable<void>,
  ) {
    super();
    this._registerAll(
      toDisposable(() => this.panel?.dispose()),
      meter.onDidChange(() => this.post()),
      allowances.onDidChange(() => this.post()),
      settings.watch(['comparisonModels'], () => this.post()),
      // Restores the panel after a reload, with the state its script saved.
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, { deserializeWebviewPanel: (panel) => this.attach(panel) }),
    );
  }

  /** Opens the panel as an editor of its own, with the focus in it (on the table). */
  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'Compare Models',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: webviewRoots(this.extensionUri) },
    );
    await this.attach(panel);
  }

  /** The suggested models for the prompt: favourites, the current model, and the pinned set or the line-ups. */
  suggested(): ComparisonSet {
    return defaultComparisonSet(this.meter.catalog, {
      current: this.meter.modelSetting,
      favourites: this.meter.favourites,
      pinned: this.settings.current.comparisonModels,
    });
  }

  /** The rows as the view has them, for tests and accessibility tooling. */
  snapshot(): ComparisonRowSnapshot[] {
    const rows = this.meter.compare();
    const current = rows.find((row) => row.model !== undefined && row.model === this.meter.catalog.find(this.meter.modelSetting));
    const suggested = new Set(this.suggested().reasons.keys());
    return rows.map((row) => {
      const view = presentRow(row, current, suggested, this.allowances.usages);
      return {
        modelId: row.modelId,
        name: view.name,
        provider: row.model?.provider ?? '',
        kind: row.model?.facts.kind ?? 'chat',
        contextWindow: row.model?.contextWindow,
        inputTokens: row.inputTokens.expected,
        totalUsd: view.totalValue,
        fits: row.fit.status,
        cheapestEligible: view.cheapestEligible,
        cheapest: row.cheapest,
        favourite: row.favourite,
        current: view.current,
        suggested: view.suggested,
        leaves: view.leaves,
        priceNote: row.model?.priceNote,
      };
    });
  }

  private async attach(panel: vscode.WebviewPanel): Promise<void> {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.encodings.show(VIEW_TYPE, []);
    });
    panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => this.receive(message));
    panel.webview.html = await webviewHtml(panel.webview, this.extensionUri, {
      template: 'media/compare.html',
      script: 'dist/webview/compare.js',
      style: 'media/compare.css',
    });
  }

  /** A message from the webview: checked as it enters, like any input from outside. */
  private async receive(message: FromWebviewMessage): Promise<void> {
    if (message?.type === 'ready') {
      this.ready = true;
      this.post();
    } else if (message?.type === 'selectModel' && typeof message.modelId === 'string') {
      const model = this.meter.catalog.find(message.modelId);
      if (!model) return;
      await this.selectModel(model.id);
      this.postMessage({ type: 'selected', name: model.name });
    } else if (message?.type === 'setAssumption' && Object.hasOwn(ASSUMPTION_SETTINGS, message.field)) {
      const key = ASSUMPTION_SETTINGS[message.field];
      const checked = boundedSetting(key, message.tokens);
      if (checked.warning || !Number.isInteger(message.tokens)) return;
      await this.settings.updateUserSetting(key, message.tokens);
    }
  }

  private assumptions(): AssumptionsView {
    const { config, origins } = this.configInForce.merged;
    const origin = (field: string) => origins[field]?.origin ?? 'bundled defaults';
    return {
      outputTokens: config.expectedOutputTokens,
      reasoningTokens: config.expectedReasoningTokens,
      outputOrigin: origin('expectedOutputTokens'),
      reasoningOrigin: origin('expectedReasoningTokens'),
    };
  }

  private post(): void {
    if (!this.panel || !this.ready) return;
    // The suggested models are counted with their own vocabularies (a new one is counted, then posted again).
    this.encodings.show(
      VIEW_TYPE,
      this.suggested().models.map((model) => model.id),
    );
    const { prompt, counts, contextFiles } = this.meter.current;
    this.postMessage(
      presentComparison({
        rows: this.meter.compare(),
        suggested: new Set(this.suggested().reasons.keys()),
        catalog: this.meter.catalog,
        currentModel: this.meter.modelSetting,
        usages: this.allowances.usages,
        assumptions: this.assumptions(),
        prompt:
          prompt.kind === 'counted' && counts
            ? {
                name: prompt.name,
                promptTokens: counts.prompt.o200k_base,
                contextTokens: counts.context.o200k_base,
                contextFiles,
              }
            : undefined,
      }),
    );
  }

  private postMessage(message: ToWebviewMessage): void {
    void this.panel?.webview.postMessage(message);
  }
}
