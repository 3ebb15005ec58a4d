import * as vscode from 'vscode';
import type { FromSpendViewMessage, SpendViewModel, ToSpendViewMessage } from '../webview/spend/protocol';
import { webviewHtml, webviewRoots } from '../webview/webviewHtml';
import { presentSpend } from './presentSpend';
import type { SpendService } from './spendService';

const ALLOWED_COMMANDS = new Set(['tokenwise.exportSpend', 'tokenwise.recordPromptAsSent', 'tokenwise.rescanUsage']);

/** The "Spend" view in the Tokenwise side bar. */
export class SpendView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly id = 'tokenwise.spend';
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spend: SpendService,
  ) {
    this.subscriptions.push(
      vscode.window.registerWebviewViewProvider(SpendView.id, this),
      spend.onDidChange(() => this.post()),
    );
  }

  /** What the view shows now; the integration tests read it. */
  model(): SpendViewModel {
    return presentSpend(this.spend.summary(), this.spend.problems);
  }

  async resolveWebviewView(view: vscode.WebviewView): Promise<void> {
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    view.onDidDispose(() => { this.view = undefined; });
    view.onDidChangeVisibility(() => this.post());
    view.webview.onDidReceiveMessage((message: FromSpendViewMessage) => {
      if (message.type === 'ready') {
        this.ready = true;
        this.post();
      } else if (message.type === 'command' && ALLOWED_COMMANDS.has(message.command)) {
        void vscode.commands.executeCommand(message.command);
      }
    });
    view.webview.html = await webviewHtml(view.webview, this.extensionUri, {
      template: 'media/spend.html',
      script: 'dist/webview/spend.js',
      style: 'media/spend.css',
    });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private post(): void {
    if (!this.view?.visible || !this.ready) return;
    const message: ToSpendViewMessage = { type: 'update', model: this.model() };
    void this.view.webview.postMessage(message);
  }
}
