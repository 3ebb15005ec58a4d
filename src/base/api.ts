import type { SpendViewModel } from '../webview/spend/protocol';

/** What the status bar item currently shows. */
export interface StatusBarSnapshot {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
  readonly warning: boolean;
}

/** One model in the comparison, as the comparison view shows it. */
export interface ComparisonRowSnapshot {
  readonly modelId: string;
  readonly name: string;
  readonly provider: string;
  readonly kind: string;
  readonly contextWindow: number | undefined;
  readonly inputTokens: number;
  readonly totalUsd: number | undefined;
  readonly fits: string;
  /** Fully priced and known to fit: the view marks the cheapest of these among the rows it shows. */
  readonly cheapestEligible: boolean;
  /** The cheapest of all the models known to fit. */
  readonly cheapest: boolean;
  readonly favourite: boolean;
  readonly current: boolean;
  /** In the suggested set the panel shows by default. */
  readonly suggested: boolean;
  /** What the prompt would leave of the tightest allowance, as the view shows it. */
  readonly leaves: string | undefined;
  readonly priceNote: string | undefined;
}

/**
 * The object `activate` returns, reachable through
 * `extensions.getExtension('tokenwise.tokenwise').exports`; the integration
 * tests read the extension's state through it.
 */
export interface TokenwiseApi {
  /** The allowances in force, the team config's state and the allowance status bar text. */
  readonly allowances: () => {
    readonly statusBar: string | undefined;
    readonly team: {
      readonly source: string;
      readonly error: string | undefined;
      readonly notApplied: string | undefined;
      readonly team: string | undefined;
    };
    readonly usages: readonly {
      readonly id: string;
      readonly origin: string;
      readonly used: number;
      readonly amount: number;
      readonly status: string;
      /** A team-scope allowance's split, when it has one. */
      readonly team: { readonly memberUsed: number; readonly othersUsed: number; readonly asOf: string | undefined } | undefined;
    }[];
    /** Why the last sync with the team ledger failed, if it did. */
    readonly teamLedgerProblem: string | undefined;
  };
  /** What the Spend view shows. */
  readonly spendView: () => SpendViewModel;
  readonly tokenCountStatus: () => StatusBarSnapshot;
  readonly comparison: () => readonly ComparisonRowSnapshot[];
  /** How many document counts sent the whole text, and how many only the edits since the last count. */
  readonly countingStats: () => { readonly fullSyncs: number; readonly incrementalUpdates: number };
  /** How often the heavy work ran since activation: log scans, ledger reads, context recounts and file reads, prompt counts. */
  readonly activity: () => {
    readonly scans: number;
    readonly ledgerReads: number;
    readonly contextRefreshes: number;
    readonly contextFileReads: number;
    readonly promptCounts: number;
  };
  /** Where the spend ledger's files are. */
  readonly ledgerFolder: string;
  /** Settings not applied as given (out of bounds, not a time zone), as last warned about. */
  readonly settingWarnings: () => readonly string[];
  /** Milliseconds between scheduled re-reads of the team config; undefined when none are scheduled. */
  readonly teamConfigRefreshMs: () => number | undefined;
  /** The base prices in force (bundled, or fetched by the price update) and the last update's error. */
  readonly priceData: () => {
    readonly source: string;
    readonly dataDate: string;
    readonly updated: boolean;
    readonly lastError: string | undefined;
  };
  /** A model's headline input rate in the catalog in force (USD per million tokens). */
  readonly inputRate: (model: string) => number | undefined;
  readonly contextFiles: () => readonly { readonly path: string; readonly origin: string; readonly tokens: number | undefined }[];
}
