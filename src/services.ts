import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { AllowanceService } from './allowances/allowanceService';
import { CalibrationService } from './calibration/calibrationService';
import { AllowanceStatusBar } from './allowances/allowanceStatusBar';
import { ComparisonPanel } from './compare/comparisonPanel';
import { ContextTreeView } from './context/contextTreeView';
import { PromptContext } from './context/promptContext';
import { bundledCatalog, DocumentCounter, Ledger, WorkerTokenCounter } from './core';
import { Disposable, toDisposable } from './base/lifecycle';
import { selectModel } from './models/modelPicker';
import { PriceDataService } from './models/priceDataService';
import { LanguageModelTools } from './lmTools/languageModelTools';
import { ActivePromptCounter } from './prompt/activePromptCounter';
import { CountedEncodings } from './prompt/countedEncodings';
import { TeamLedgerService } from './teamLedger/teamLedgerService';
import { PromptMeter } from './meter/promptMeter';
import { SettingsService, SettingWarnings } from './base/settings';
import { SpendService } from './spend/spendService';
import { SpendView } from './spendView/spendView';
import { UsageIngestService } from './spend/usageIngestService';
import { PromptCostStatusBar } from './statusBar/promptCostStatusBar';
import { ConfigInForceService } from './teamConfig/configInForceService';
import { TeamConfigService } from './teamConfig/teamConfigService';

/** How long the first log scan waits after activation, so it does not compete with the editor's start-up. */
const FIRST_SCAN_DELAY_MS = 1500;

/** Builds every service of the extension, in dependency order, and disposes them in reverse. */
export class Services extends Disposable {
  readonly settings = this._register(new SettingsService());
  readonly settingWarnings = this._register(new SettingWarnings(this.settings));
  // The worker, and the tokenizer inside it, start on the first count, not here.
  readonly counter: WorkerTokenCounter;
  readonly documents: DocumentCounter;
  readonly team: TeamConfigService;
  readonly configInForce: ConfigInForceService;
  readonly priceData: PriceDataService;
  /** The ledger lives in global storage: spend is the user's, across workspaces and windows. */
  readonly ledger: Ledger;
  readonly spend: SpendService;
  readonly ingest: UsageIngestService;
  readonly allowances: AllowanceService;
  /** The team ledger (PostgreSQL) the team config names: sync and the team's spend. */
  readonly teamLedger: TeamLedgerService;
  /** Which encodings prompts are counted in: those of the models in view. */
  readonly encodings: CountedEncodings;
  readonly activePrompt: ActivePromptCounter;
  readonly promptContext: PromptContext;
  readonly meter: PromptMeter;
  readonly statusBar: PromptCostStatusBar;
  readonly allowanceStatusBar: AllowanceStatusBar;
  readonly spendView: SpendView;
  readonly comparison: ComparisonPanel;
  /** The `Tokenwise` output channel: what each scan read, and where. */
  readonly log = this._register(vscode.window.createOutputChannel('Tokenwise', { log: true }));
  /** State kept across windows and reloads (the export's last folder, the allowances announced). */
  readonly globalState: vscode.Memento;
  readonly calibration: CalibrationService;
  /** VS Code's secret storage: the API keys of the provider counts. */
  readonly secrets: vscode.SecretStorage;

  constructor(context: vscode.ExtensionContext) {
    super();
    this.globalState = context.globalState;
    this.secrets = context.secrets;
    const storage = (name: string) => vscode.Uri.joinPath(context.globalStorageUri, name).fsPath;
    const { settings } = this;
    this.counter = this._register(new WorkerTokenCounter(context.asAbsolutePath('dist/countWorker.js')));
    this.documents = new DocumentCounter(this.counter);
    this.team = this._register(new TeamConfigService(storage('team-config.json'), settings));
    this.configInForce = this._register(new ConfigInForceService(bundledCatalog(), this.team, settings));
    this.priceData = this._register(new PriceDataService(storage('price-data.json'), settings, this.configInForce));
    this.ledger = new Ledger(storage('ledger'));
    this.spend = this._register(new SpendService(this.ledger, settings, this.configInForce));
    this.ingest = this._register(
      new UsageIngestService(
        this.ledger,
        this.spend,
        storage('usage-readers.json'),
        settings,
        this.log,
        dirname(dirname(context.globalStorageUri.fsPath)),
        this.counter,
        () => this.configInForce.baseCatalog,
      ),
    );
    this.calibration = this._register(
      new CalibrationService(storage('calibration.json'), this.ingest, this.counter, this.configInForce, this.log),
    );
    this.teamLedger = this._register(
      new TeamLedgerService(this.configInForce, this.spend, settings, context.secrets, {
        ledger: this.ledger.folder,
        cursor: storage('team-sync.json'),
        cache: storage('team-ledger-cache.json'),
      }),
    );
    this.allowances = this._register(new AllowanceService(this.spend, this.configInForce, settings, context.globalState, this.teamLedger));
    this.encodings = this._register(new CountedEncodings(this.configInForce));
    this.activePrompt = this._register(new ActivePromptCounter(this.counter, this.documents, settings, this.encodings));
    this.promptContext = this._register(
      new PromptContext(this.counter, context.workspaceState, this.activePrompt, settings, this.encodings),
    );
    this.meter = this._register(new PromptMeter(this.activePrompt, this.promptContext, this.configInForce, this.settings));
    this.statusBar = this._register(new PromptCostStatusBar(this.meter, this.configInForce, this.allowances, settings));
    this.allowanceStatusBar = this._register(new AllowanceStatusBar(this.allowances));
    this.spendView = this._register(
      new SpendView(context.extensionUri, this.spend, this.allowances, this.team, this.configInForce, this.ingest, this.teamLedger),
    );
    this.comparison = this._register(
      new ComparisonPanel(context.extensionUri, this.meter, this.allowances, this.configInForce, this.settings, this.encodings, (id) =>
        this.selectModel(id),
      ),
    );
    this._register(new ContextTreeView(this.promptContext));
    this._register(new LanguageModelTools(this.counter, this.configInForce, this.allowances, this.spend, settings));
  }

  /** Picks a model (or takes the one given) and makes it the user's. */
  selectModel(modelId?: string): Promise<void> {
    return selectModel(this.configInForce, this.settings, modelId);
  }

  /** Reads the team config now, and agent usage once start-up has settled (only what was added since the last scan). */
  start(): void {
    // The team config read first: it says whether there is a team ledger to sync with.
    void this.team.refresh().then(() => this.teamLedger.sync());
    this.priceData.start();
    const firstScan = setTimeout(() => void this.spend.reload().then(() => this.ingest.scan(true, 'ifNew')), FIRST_SCAN_DELAY_MS);
    this._register(toDisposable(() => clearTimeout(firstScan)));
  }
}
