// Messages between the comparison panel (extension host) and its webview.
// Imported by both sides: no `vscode`, no DOM.

export type FitState = 'fits' | 'may-exceed' | 'opt-in' | 'exceeds' | 'unknown';

/** One model, formatted by the host; `*Value` fields are for sorting (undefined sorts last). */
export interface ComparisonRowView {
  readonly modelId: string;
  readonly name: string;
  readonly provider: string;
  readonly providerName: string;
  readonly favourite: boolean;
  /** The model costs are shown for (the status bar's). */
  readonly current: boolean;
  /** In the suggested set (favourites, the current model, the major providers' line-ups or the pinned set). */
  readonly suggested: boolean;
  /** `legacy`, `deprecated (retires …)`, `retired …`, `preview`; empty for a current model. */
  readonly status: string;
  readonly estimate: boolean;
  readonly tokens: string;
  readonly tokensValue: number;
  /** The estimate's range and tokenizer, for the tokens cell's title. */
  readonly tokensTitle: string;
  /** Input at the input price: what was measured. */
  readonly input: string;
  readonly inputValue: number | undefined;
  /** Expected output (and reasoning) at its price: what is assumed. */
  readonly output: string;
  readonly outputValue: number | undefined;
  readonly outputTitle: string;
  readonly total: string;
  readonly totalValue: number | undefined;
  /** The total as a multiple of the current model's (`×0.12`), `—` when either is unknown. */
  readonly relative: string;
  readonly relativeValue: number | undefined;
  readonly cached: string;
  readonly cachedValue: number | undefined;
  readonly fit: FitState;
  readonly fitText: string;
  readonly fitTitle: string;
  /** Fully priced and known to fit: it may be marked cheapest among the rows shown. */
  readonly cheapestEligible: boolean;
  /** What the prompt on this model would leave of the tightest allowance; undefined without allowances. */
  readonly leaves: string | undefined;
  /** The fraction of that allowance left after the prompt (negative: overspent), for sorting. */
  readonly leavesValue: number | undefined;
  /** Every allowance, for the cell's title. */
  readonly leavesTitle: string | undefined;
  /** Set when a team's negotiated price applies to this model. */
  readonly priceNote: string | undefined;
}

export interface PromptSummaryView {
  readonly name: string;
  /** e.g. `123 tokens (o200k_base) + 2 context files (456 tokens)`. */
  readonly description: string;
  /** The largest input on any row, in words, for the "nothing fits" statement. */
  readonly inputTokens: string;
}

/** What the projection assumes, editable in the panel; each change is saved to the user's settings. */
export interface AssumptionsView {
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  /** Who set each value: `user settings`, the team config, or the defaults. */
  readonly outputOrigin: string;
  readonly reasoningOrigin: string;
}

/** Host → webview. */
export type ToWebviewMessage =
  | {
      readonly type: 'update';
      readonly prompt: PromptSummaryView | undefined;
      readonly assumptions: AssumptionsView;
      readonly rows: readonly ComparisonRowView[];
      readonly providers: readonly { readonly id: string; readonly name: string }[];
      /** `prices of 2026-08-21 (@pydantic/genai-prices 0.1.8, published 2026-09-23)`, and the data's age once it is stale. */
      readonly priceSource: string;
      /** Whether any allowance is set (the "Leaves" column shows then). */
      readonly allowances: boolean;
      /** The current model's name, or its id when the catalog does not know it. */
      readonly currentModel: string;
    }
  /** A model was made the current one from the panel. */
  | { readonly type: 'selected'; readonly name: string };

/** The update message, as the presenter builds it. */
export type ComparisonUpdate = Extract<ToWebviewMessage, { readonly type: 'update' }>;

export type AssumptionField = 'outputTokens' | 'reasoningTokens';

/** Webview → host. */
export type FromWebviewMessage =
  /** The script is listening; the host posts the first update only after this. */
  | { readonly type: 'ready' }
  /** Make this the model of the status bar. */
  | { readonly type: 'selectModel'; readonly modelId: string }
  /** Change what the projection assumes (saved to the user's settings). */
  | { readonly type: 'setAssumption'; readonly field: AssumptionField; readonly tokens: number };

export type SortKey = 'name' | 'tokens' | 'input' | 'output' | 'total' | 'relative' | 'cached' | 'fit' | 'leaves';
