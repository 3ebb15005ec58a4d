// Messages between the comparison panel (extension host) and its webview.
// Imported by both sides: no `vscode`, no DOM.

export type FitState = 'fits' | 'may-exceed' | 'exceeds' | 'unknown';

/** One model, formatted by the host; `*Value` fields are for sorting (undefined sorts last). */
export interface ComparisonRowView {
  readonly modelId: string;
  readonly name: string;
  readonly provider: string;
  readonly providerName: string;
  readonly favourite: boolean;
  readonly selected: boolean;
  readonly cheapest: boolean;
  readonly estimate: boolean;
  readonly tokens: string;
  readonly tokensValue: number;
  /** The estimate's range and tokenizer, for the tokens cell's title. */
  readonly tokensTitle: string;
  readonly input: string;
  readonly inputValue: number | undefined;
  readonly output: string;
  readonly outputValue: number | undefined;
  readonly total: string;
  readonly totalValue: number | undefined;
  readonly cached: string;
  readonly cachedValue: number | undefined;
  readonly fit: FitState;
  readonly fitText: string;
  readonly fitTitle: string;
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
  readonly expectedOutput: string;
}

/** Host → webview. */
export type ToWebviewMessage = {
  readonly type: 'update';
  readonly prompt: PromptSummaryView | undefined;
  readonly rows: readonly ComparisonRowView[];
  readonly providers: readonly { readonly id: string; readonly name: string }[];
  /** `@pydantic/genai-prices 0.1.8, prices of 2026-11-24`. */
  readonly priceSource: string;
  /** Whether any allowance is set (the "Leaves" column shows then). */
  readonly allowances: boolean;
};

/** Webview → host. */
export type FromWebviewMessage =
  /** The script is listening; the host posts the first update only after this. */
  | { readonly type: 'ready' }
  /** Make this the model of the status bar. */
  | { readonly type: 'selectModel'; readonly modelId: string };

export type SortKey = 'name' | 'provider' | 'tokens' | 'input' | 'output' | 'total' | 'cached' | 'fit' | 'leaves';
