// Messages between the Spend view (extension host) and its webview. No `vscode`, no DOM.

export interface PeriodView {
  readonly label: string;
  readonly cost: string;
  readonly detail: string;
}

export interface DayView {
  readonly day: string;
  /** `Nov 24`. */
  readonly label: string;
  readonly cost: string;
  /** Known cost in USD, for the bar's height. */
  readonly value: number;
  readonly unpriced: boolean;
}

export interface BreakdownRowView {
  readonly label: string;
  readonly cost: string;
  /** Share of the largest row, 0 to 1, for the bar. */
  readonly share: number;
  readonly detail: string;
}

export interface RequestView {
  readonly time: string;
  readonly model: string;
  readonly tokens: string;
  readonly cost: string;
  readonly basis: string;
}

export interface SessionView {
  readonly key: string;
  readonly title: string;
  readonly when: string;
  readonly duration: string;
  readonly cost: string;
  readonly tokens: string;
  readonly models: string;
  readonly requests: readonly RequestView[];
}

export interface SpendViewModel {
  readonly empty: boolean;
  readonly timeZone: string;
  readonly periods: readonly PeriodView[];
  readonly daily: readonly DayView[];
  readonly breakdowns: readonly { readonly title: string; readonly rows: readonly BreakdownRowView[] }[];
  readonly sessions: readonly SessionView[];
  readonly basis: readonly { readonly basis: string; readonly label: string; readonly cost: string; readonly count: number }[];
  /** Set when some spend has no known price. */
  readonly unpricedNote: string | undefined;
  /** Problems reading the ledger (torn or malformed lines), in words. */
  readonly problems: readonly string[];
}

/** Host → webview. */
export type ToSpendViewMessage = { readonly type: 'update'; readonly model: SpendViewModel };

/** Webview → host. */
export type FromSpendViewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'command'; readonly command: 'tokenwise.exportSpend' | 'tokenwise.recordPromptAsSent' | 'tokenwise.rescanUsage' };
