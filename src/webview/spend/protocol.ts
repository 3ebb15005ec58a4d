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

/** One allowance held against the user's spend, as its card shows it. */
export interface AllowanceCardView {
  readonly key: string;
  readonly name: string;
  /** `Personal · daily · soft`. */
  readonly origin: string;
  /** `$8.50 of $10.00` or `120,000 tokens of 200,000 tokens`. */
  readonly usedOfAmount: string;
  /** `85%`. */
  readonly percent: string;
  /** Used over amount, 0 to 1 (an overspent allowance stays at 1), for the bar's width. */
  readonly bar: number;
  /** The share used in whole percent, for `aria-valuenow` (0 to 100). */
  readonly valueNow: number;
  /** The soft thresholds within the bar, in percent, with whether each is reached. */
  readonly marks: readonly { readonly percent: number; readonly reached: boolean }[];
  readonly status: 'ok' | 'warning' | 'exceeded';
  /** The status in words, so it never rests on colour alone: `80% threshold reached`. */
  readonly statusText: string;
  /** `Nov 24, 2026 (UTC)` or `Nov 23 – Nov 29, 2026 (Europe/Berlin)`. */
  readonly period: string;
  /** `Forecast: $12.00 by the period's end; runs out Nov 24, 18:40`, or `Forecast: not enough data yet`. */
  readonly forecast: string;
  /** Set when tokens without a known price are left out of a USD allowance. */
  readonly unpriced: string | undefined;
  /** The bar's tooltip and accessible description. */
  readonly detail: string;
}

/** One line of "In force": a setting, its value and who set it. */
export interface InForceRowView {
  readonly setting: string;
  readonly value: string;
  /** `bundled defaults`, `team (.tokenwise.json)` or `user settings`. */
  readonly setBy: string;
  /** The full path or URL behind a team's entry, for the tooltip. */
  readonly origin: string;
}

/** Where the team config comes from and how it stands. */
export interface TeamConfigView {
  /** `No team config`, `Workspace .tokenwise.json` or `tokenwise.teamConfig setting`. */
  readonly source: string;
  readonly configured: boolean;
  /** The file path or URL. */
  readonly origin: string | undefined;
  readonly team: string | undefined;
  /** `checked 2 hours ago`. */
  readonly checked: string | undefined;
  /** The latest read failed: why, and what stays in force. */
  readonly error: string | undefined;
  /** Why a workspace config is shown but not applied (an untrusted workspace). */
  readonly notApplied: string | undefined;
  readonly inForce: readonly InForceRowView[];
}

export interface SpendViewModel {
  /** No spend recorded yet: the spend part shows its empty state (allowances and team config still show). */
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
  readonly allowances: readonly AllowanceCardView[];
  readonly teamConfig: TeamConfigView;
}

/** The spend part of the model, without the allowances and the team config. */
export type SpendPartView = Omit<SpendViewModel, 'allowances' | 'teamConfig'>;

/**
 * Commands the webview may ask for. The host runs only these, with arguments it
 * fixes itself (a webview never chooses what a command is given).
 */
export const SPEND_VIEW_COMMANDS = [
  'tokenwise.exportSpend',
  'tokenwise.recordPromptAsSent',
  'tokenwise.rescanUsage',
  'tokenwise.syncTeamConfig',
  'workbench.action.openSettings',
] as const;

export type SpendViewCommand = (typeof SPEND_VIEW_COMMANDS)[number];

/** Host → webview. */
export type ToSpendViewMessage = { readonly type: 'update'; readonly model: SpendViewModel };

/** Webview → host. */
export type FromSpendViewMessage = { readonly type: 'ready' } | { readonly type: 'command'; readonly command: SpendViewCommand };
