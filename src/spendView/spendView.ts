import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { AllowanceService } from '../allowances/allowanceService';
import type { ConfigInForceService } from '../teamConfig/configInForceService';
import type { TeamConfigService } from '../teamConfig/teamConfigService';
import {
  SPEND_VIEW_COMMANDS,
  type FromSpendViewMessage,
  type SpendPartView,
  type SpendViewCommand,
  type SpendViewModel,
  type TeamSpendView,
  type ToSpendViewMessage,
} from '../webview/spend/protocol';
import { webviewHtml, webviewRoots } from '../webviewHost/webviewHtml';
import { presentAllowances, presentTeamConfig } from './presentAllowances';
import { presentSpend } from './presentSpend';
import { presentWaste } from './presentWaste';
import { presentLookups } from './presentLookups';
import type { UsageIngestService } from '../spend/usageIngestService';
import {
  analyzeWaste,
  defaultComparisonSet,
  describeTeamLedger,
  isRangeId,
  repriceOnModel,
  shiftDay,
  startOfDayText,
  TEAM_DIMENSIONS,
  type RangeRequest,
  type TeamDimension,
} from '../core';
import type { TeamLedgerService } from '../teamLedger/teamLedgerService';
import { presentTeamSpend } from './presentTeamSpend';
import type { SpendService } from '../spend/spendService';

/** The arguments each command the webview may ask for is run with: fixed here, never taken from the webview. */
const COMMAND_ARGUMENTS: Readonly<Record<SpendViewCommand, readonly unknown[]>> = {
  'tokenwise.configureUsageSources': [],
  'tokenwise.exportSpend': [],
  'tokenwise.recordPromptAsSent': [],
  'tokenwise.rescanUsage': [],
  'tokenwise.syncTeamConfig': [],
  'tokenwise.syncTeamLedger': [],
  'tokenwise.connectTeamLedger': [],
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
  /** The range the view shows, as the webview last asked; undefined until then (a range that has spend). */
  private range: RangeRequest | undefined;
  /** The model the range's requests are re-priced on, once the user picks one. */
  private repriceModel: string | undefined;
  private cached: { readonly key: string; readonly part: SpendPartView } | undefined;
  /** What the Team section groups the team's spend by, as the webview last asked. */
  private teamBy: TeamDimension = 'member';

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spend: SpendService,
    private readonly allowances: AllowanceService,
    private readonly team: TeamConfigService,
    private readonly configInForce: ConfigInForceService,
    private readonly ingest: UsageIngestService,
    private readonly teamLedger: TeamLedgerService,
  ) {
    super();
    this._registerAll(
      ingest.onDidScan(() => this.post()),
      vscode.window.registerWebviewViewProvider(SpendView.id, this),
      spend.onDidChange(() => this.post()),
      allowances.onDidChange(() => this.post()),
      team.onDidChange(() => this.post()),
      teamLedger.onDidChange(() => this.post()),
      configInForce.onDidChange(() => {
        this.cached = undefined; // favourites and the default model change what can be re-priced on
        this.post();
      }),
    );
    const refresh = setInterval(() => this.post(), REFRESH_MS);
    this._register(toDisposable(() => clearInterval(refresh)));
  }

  /** What the view shows now; the integration tests read it. */
  model(): SpendViewModel {
    const part = this.spendPart();
    return {
      ...part,
      allowances: presentAllowances(this.allowances.usages),
      teamConfig: presentTeamConfig(this.team.current, this.configInForce.merged),
      lookups: presentLookups(this.ingest.lookups(), this.spend.summaryTimeZone),
      teamSpend: this.teamSpend(part.range),
    };
  }

  /** The Team section: the team's spend in the view's range (its days in the view's time zone), when there is a team ledger. */
  private teamSpend(range: SpendPartView['range']): TeamSpendView | undefined {
    const config = this.teamLedger.config;
    if (!config) return undefined;
    const timeZone = this.spend.summaryTimeZone;
    const from = new Date(startOfDayText(range.from, timeZone));
    const to = new Date(startOfDayText(shiftDay(range.to, 1), timeZone));
    return presentTeamSpend(this.teamLedger.teamSpend(this.teamBy, from, to), this.teamBy, describeTeamLedger(config.url), range.dates);
  }

  /**
   * The spend, its waste figures and the re-pricing: the costly part (hundreds of ms over a large ledger), so it is
   * worked out again only when the spend, the range, the prices or the quarter-hour changed, not on every redraw.
   */
  private spendPart(): SpendPartView {
    const key = `${this.spend.version}|${Math.floor(Date.now() / 900_000)}`;
    if (this.cached?.key === key) return this.cached.part;
    const summary = this.spend.summary(this.range);
    const { catalog, config } = this.configInForce;
    const target = this.repriceModel ? catalog.find(this.repriceModel) : undefined;
    const waste = presentWaste(
      analyzeWaste(summary.inRange, catalog),
      defaultComparisonSet(catalog, { current: config.defaultModel, favourites: config.favoriteModels }).models,
      target?.id,
      target ? repriceOnModel(summary.inRange, target, config.tokenizerFactors) : undefined,
    );
    const part = presentSpend(summary, waste, this.spend.problems, this.spend.repricing);
    this.cached = { key, part };
    return part;
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
        this.setRange(message.range);
      } else if (message.type === 'setRange') {
        this.setRange(message);
      } else if (message.type === 'reprice' && typeof message.modelId === 'string' && message.modelId.length <= 200) {
        this.repriceModel = message.modelId || undefined;
        this.cached = undefined;
        this.post();
      } else if (message.type === 'setTeamBy' && (TEAM_DIMENSIONS as readonly unknown[]).includes(message.by)) {
        this.teamBy = message.by as TeamDimension;
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

  /** Takes a range from the webview, checked: a known id, and dates only as text (the core checks them). */
  private setRange(asked: { id?: unknown; from?: unknown; to?: unknown } | undefined): void {
    if (asked && isRangeId(asked.id)) {
      const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 20) : undefined);
      this.range = { id: asked.id, from: text(asked.from), to: text(asked.to) };
      this.cached = undefined;
    }
    this.post();
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
