import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { AllowanceService } from '../allowances/allowanceService';
import type { ComparisonRowSnapshot } from '../base/api';
import type { PromptMeter } from '../meter/promptMeter';
import type { FromWebviewMessage, ToWebviewMessage } from '../webview/compare/protocol';
import { webviewHtml, webviewRoots } from '../webviewHost/webviewHtml';
import { presentComparison, presentRow } from './presentComparison';

const VIEW_TYPE = 'tokenwise.compare';

/**
 * The "Compare Models" panel: the current prompt priced on every model,
 * updated live as the prompt, its context or the settings change.
 */
export class ComparisonPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly meter: PromptMeter,
    private readonly allowances: AllowanceService,
    private readonly selectModel: (modelId: string) => Thenable<void>,
  ) {
    super();
    this._registerAll(
      toDisposable(() => this.panel?.dispose()),
      meter.onDidChange(() => this.post()),
      allowances.onDidChange(() => this.post()),
      // Restores the panel after a reload, with the state its script saved.
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, { deserializeWebviewPanel: (panel) => this.attach(panel) }),
    );
  }

  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'Compare Models',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: webviewRoots(this.extensionUri),
      },
    );
    await this.attach(panel);
  }

  /** The rows as the view has them, for tests and accessibility tooling. */
  snapshot(): ComparisonRowSnapshot[] {
    return this.meter.compare().map((row) => ({
      leaves: presentRow(row, undefined, this.allowances.usages).leaves,
      priceNote: row.model?.priceNote,
      modelId: row.modelId,
      provider: row.model?.provider ?? '',
      inputTokens: row.inputTokens.expected,
      totalUsd: row.unpricedTokens > 0 ? undefined : row.totalUsd.expected,
      fits: row.fit.status,
      cheapest: row.cheapest,
    }));
  }

  private async attach(panel: vscode.WebviewPanel): Promise<void> {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    panel.onDidDispose(() => {
      this.panel = undefined;
    });
    panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => {
      if (message.type === 'ready') {
        this.ready = true;
        this.post();
      } else if (message.type === 'selectModel') {
        void this.selectModel(message.modelId);
      }
    });
    panel.webview.html = await webviewHtml(panel.webview, this.extensionUri, {
      template: 'media/compare.html',
      script: 'dist/webview/compare.js',
      style: 'media/compare.css',
    });
  }

  private post(): void {
    if (!this.panel || !this.ready) return;
    const { prompt, context, counts, estimate } = this.meter.current;
    const message: ToWebviewMessage = presentComparison({
      rows: this.meter.compare(),
      catalog: this.meter.catalog,
      selectedModelId: estimate?.modelId,
      usages: this.allowances.usages,
      prompt:
        prompt.kind === 'counted' && counts && estimate
          ? {
              name: prompt.name,
              promptTokens: counts.prompt.o200k_base,
              contextTokens: counts.context.o200k_base,
              contextFiles: context.files.filter((file) => file.count.kind === 'counted').length,
              expectedOutput: estimate.outputTokens,
            }
          : undefined,
    });
    void this.panel.webview.postMessage(message);
  }
}
