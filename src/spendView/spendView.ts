import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { AllowanceService } from '../allowances/allowanceService';
import type { ConfigInForceService } from '../teamConfig/configInForceService';
import type { TeamConfigService } from '../teamConfig/teamConfigService';
import {
  SPEND_VIEW_COMMANDS,
  type FromSpendViewMessage,
  type SpendViewCommand,
  type SpendViewModel,
  type ToSpendViewMessage,
} from '../webview/spend/protocol';
import { webviewHtml, webviewRoots } from '../webviewHost/webviewHtml';
import { presentAllowances, presentTeamConfig } from './presentAllowances';
import { presentSpend } from './presentSpend';
import type { SpendService } from '../spend/spendService';

/** The arguments each command the webview may ask for is run with: fixed here, never taken from the webview. */
const COMMAND_ARGUMENTS: Readonly<Record<SpendViewCommand, readonly unknown[]>> = {
  'tokenwise.exportSpend': [],
  'tokenwise.recordPromptAsSent': [],
  'tokenwise.rescanUsage': [],
  'tokenwise.syncTeamConfig': [],
  'workbench.action.openSettings': ['tokenwise.allowance'],
};

/** While the view is visible, it is redrawn this often: ages ("checked 5 minutes ago"), today and the forecasts move on. */
const REFRESH_MS = 60_000;

const isAllowed = (command: unknown): command is SpendViewCommand => (SPEND_VIEW_COMMANDS as readonly unknown[]).includes(command);

/** The "Spend" view in the Tokenwise side bar: spend, allowances and the team config. */
export class SpendView extends Disposable implements vscode.WebviewViewProvider {
  static readonly id = 'tokenwise.spend';
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private postQueued = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spend: SpendService,
    private readonly allowances: AllowanceService,
    private readonly team: TeamConfigService,
    private readonly configInForce: ConfigInForceService,
  ) {
    super();
    this._registerAll(
      vscode.window.registerWebviewViewProvider(SpendView.id, this),
      spend.onDidChange(() => this.post()),
      allowances.onDidChange(() => this.post()),
      team.onDidChange(() => this.post()),
      configInForce.onDidChange(() => this.post()),
    );
    const refresh = setInterval(() => this.post(), REFRESH_MS);
    this._register(toDisposable(() => clearInterval(refresh)));
  }

  /** What the view shows now; the integration tests read it. */
  model(): SpendViewModel {
    return {
      ...presentSpend(this.spend.summary(), this.spend.problems),
      allowances: presentAllowances(this.allowances.usages),
      teamConfig: presentTeamConfig(this.team.current, this.configInForce.merged),
    };
  }

  async resolveWebviewView(view: vscode.WebviewView): Promise<void> {
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    view.onDidDispose(() => {
      this.view = undefined;
    });
    view.onDidChangeVisibility(() => this.post());
    view.webview.onDidReceiveMessage((message: FromSpendViewMessage) => {
      if (message.type === 'ready') {
        this.ready = true;
        this.post();
      } else if (message.type === 'command' && isAllowed(message.command)) {
        void vscode.commands.executeCommand(message.command, ...COMMAND_ARGUMENTS[message.command]);
      }
    });
    view.webview.html = await webviewHtml(view.webview, this.extensionUri, {
      template: 'media/spend.html',
      script: 'dist/webview/spend.js',
      style: 'media/spend.css',
    });
  }

  /**
   * Posts once per burst of changes: new spend fires the spend service and then
   * the allowance service (which recomputes from it), and the model is only
   * whole after both.
   */
  private post(): void {
    if (this.postQueued) return;
    this.postQueued = true;
    queueMicrotask(() => {
      this.postQueued = false;
      if (!this.view?.visible || !this.ready) return;
      const message: ToSpendViewMessage = { type: 'update', model: this.model() };
      void this.view.webview.postMessage(message);
    });
  }
}
