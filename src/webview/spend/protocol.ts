// Messages between the Spend view (extension host) and its webview. No `vscode`, no DOM.

export interface PeriodView {
  readonly label: string;
  readonly cost: string;
  readonly detail: string;
}

/** What the chart's bars are stacked by. */
export type StackBy = 'model' | 'source';

/** A stacked series: a model or a source (or "Other", key ''), with its colour's index in the theme's chart colours. */
export interface SeriesView {
  readonly key: string;
  readonly label: string;
  readonly color: number;
}

export interface BarView {
  /** `Nov 24` (a day, or a week's first day). */
  readonly label: string;
  /** `Nov 24`, or `Nov 23 – Nov 29` for a week. */
  readonly longLabel: string;
  readonly cost: string;
  /** Known cost in USD, for the bar's height. */
  readonly value: number;
  /** The bar in words, for screen readers and the focused bar's line. */
  readonly spoken: string;
  /** Cost per series, in the order of `ChartView.series`. */
  readonly stacks: Readonly<Record<StackBy, readonly number[]>>;
  /** The same, formatted, for the text table. */
  readonly stackCosts: Readonly<Record<StackBy, readonly string[]>>;
}

export interface ChartView {
  readonly bucket: 'day' | 'week';
  readonly title: string;
  readonly bars: readonly BarView[];
  /** The scale's top in USD, and its ticks. */
  readonly max: number;
  readonly ticks: readonly { readonly value: number; readonly label: string }[];
  readonly series: Readonly<Record<StackBy, readonly SeriesView[]>>;
}

/** One figure of "where it was wasted", explained in a line with its basis. */
export interface WasteLineView {
  readonly title: string;
  readonly value: string;
  readonly basis: string;
}

export interface WasteView {
  readonly lines: readonly WasteLineView[];
  /** Sessions worth a look: runaway context, cache writes never read. */
  readonly sessions: readonly { readonly title: string; readonly detail: string }[];
  /** Models to re-price the range on, and the result for the one chosen. */
  readonly repriceModels: readonly { readonly id: string; readonly label: string }[];
  readonly repriceModel: string | undefined;
  readonly repriced: string | undefined;
}

export interface BreakdownRowView {
  readonly label: string;
  readonly cost: string;
  /** Share of the range's total, 0 to 1, for the bar. */
  readonly share: number;
  /** `42%`. */
  readonly percent: string;
  readonly detail: string;
  /** A line under the row: Copilot's AI credits and its estimate range. */
  readonly note?: string;
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
  /** The agent's display name. */
  readonly agent: string;
  readonly project: string;
  /** The session's title where the agent's file has one (a Copilot chat's title or first prompt's words). */
  readonly title?: string;
  /** `Nov 24, 09:30 – 11:05`, or with both dates when it crosses midnight. */
  readonly when: string;
  /** The day it started, `Nov 24`, for the collapsed row. */
  readonly date: string;
  /** ISO time of the last request, for sorting. */
  readonly lastTime: string;
  readonly usd: number;
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
  /** For a team-scope allowance: the member's share, the rest of the team's and the team ledger's age. */
  readonly team: string | undefined;
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

/** One agent in "Where Tokenwise looked". */
export interface LookupView {
  readonly name: string;
  readonly enabled: boolean;
  readonly folders: readonly { readonly path: string; readonly state: 'found' | 'not there' }[];
  /** What the last scan found, in words. */
  readonly found: string;
  /** Why lines were skipped. */
  readonly reasons: readonly string[];
}

export interface SpendViewModel {
  /** No spend recorded yet: the spend part shows its empty state (allowances and team config still show). */
  readonly empty: boolean;
  readonly timeZone: string;
  readonly ranges: readonly { readonly id: string; readonly label: string }[];
  readonly range: { readonly id: string; readonly label: string; readonly from: string; readonly to: string; readonly dates: string };
  /** Why the range asked for was not used. */
  readonly rangeError: string | undefined;
  /** Said when the current month has no spend while another range is shown, or events are dated in the future. */
  readonly notes: readonly string[];
  readonly periods: readonly PeriodView[];
  readonly chart: ChartView;
  readonly topSessions: readonly SessionView[];
  readonly waste: WasteView;
  readonly breakdowns: readonly { readonly title: string; readonly rows: readonly BreakdownRowView[] }[];
  readonly sessions: readonly SessionView[];
  readonly basis: readonly { readonly basis: string; readonly label: string; readonly cost: string; readonly count: number }[];
  /** Set when some spend has no known price. */
  readonly unpricedNote: string | undefined;
  /** Problems reading the ledger (torn or malformed lines), in words. */
  readonly problems: readonly string[];
  readonly allowances: readonly AllowanceCardView[];
  readonly teamConfig: TeamConfigView;
  readonly lookups: readonly LookupView[];
  /** Undefined when the team config names no team ledger. */
  readonly teamSpend: TeamSpendView | undefined;
}

/** The team's spend in the view's range, from the team ledger (shown when the team config names one). */
export interface TeamSpendView {
  /** What the rows are by: member, model, source (agent) or project. */
  readonly by: string;
  readonly rows: readonly BreakdownRowView[];
  /** `$482.10 for the team in Nov 1 – Nov 30, 2026`, or what is missing. */
  readonly total: string;
  /** Where and when it was read, or why it could not be. */
  readonly note: string;
  readonly problem: boolean;
}

/** The spend part of the model, without the allowances and the team config. */
export type SpendPartView = Omit<SpendViewModel, 'allowances' | 'teamConfig' | 'lookups' | 'teamSpend'>;

/**
 * Commands the webview may ask for. The host runs only these, with arguments it
 * fixes itself (a webview never chooses what a command is given).
 */
export const SPEND_VIEW_COMMANDS = [
  'tokenwise.configureUsageSources',
  'tokenwise.exportSpend',
  'tokenwise.recordPromptAsSent',
  'tokenwise.rescanUsage',
  'tokenwise.syncTeamConfig',
  'tokenwise.syncTeamLedger',
  'tokenwise.connectTeamLedger',
  'workbench.action.openSettings',
] as const;

export type SpendViewCommand = (typeof SPEND_VIEW_COMMANDS)[number];

/** Host → webview. */
export type ToSpendViewMessage = { readonly type: 'update'; readonly model: SpendViewModel };

/** Webview → host. */
export type FromSpendViewMessage =
  | { readonly type: 'ready'; readonly range?: { readonly id: string; readonly from?: string; readonly to?: string } }
  | { readonly type: 'command'; readonly command: SpendViewCommand }
  | { readonly type: 'setRange'; readonly id: string; readonly from?: string; readonly to?: string }
  | { readonly type: 'reprice'; readonly modelId: string }
  | { readonly type: 'setTeamBy'; readonly by: string };
