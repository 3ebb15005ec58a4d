// Formats a spend summary over a range for the Spend view. Plain data in and out (no `vscode`).
import {
  COPILOT_SOURCES,
  formatCount,
  formatCredits,
  formatUsd,
  localDay,
  plural,
  RANGE_IDS,
  RANGE_LABELS,
  sourceDisplayName,
  TOKEN_KIND_INFO,
  TOKEN_KINDS,
  totalTokens,
  type SessionSummary,
  type SpendBucket,
  type SpendEvent,
  type SpendSummary,
  type SpendTotals,
  noPriceReason,
  type UnpricedModel,
} from '../core';
import type { BreakdownRowView, SessionView, SpendPartView, WasteView } from '../webview/spend/protocol';
import { presentChart } from './presentSpendChart';

const BASIS_LABELS: Readonly<Record<string, string>> = {
  recorded: 'recorded by the agent',
  calculated: 'calculated from tokens',
  estimated: 'estimated from a local count, or from input whose cached share is not recorded',
};

function cost(totals: SpendTotals): string {
  if (totals.count === 0) return '$0.00';
  return totals.usd === undefined ? 'no price' : `${formatUsd(totals.usd)}${totals.unpricedTokens > 0 ? '+' : ''}`;
}

/** `estimate $4.18–$8.50` for totals with estimated costs that have a range. */
function rangeWords(totals: SpendTotals): string | undefined {
  return totals.usdLow === undefined ? undefined : `estimate ${formatUsd(totals.usdLow)}–${formatUsd(totals.usd ?? 0)}`;
}

/** `850 AI credits · estimate $4.18–$8.50`: what a Copilot row adds, shown under it. */
function creditNote(totals: SpendTotals): string | undefined {
  const parts = [totals.usd === undefined ? undefined : formatCredits(totals.usd), rangeWords(totals)].filter((part) => part !== undefined);
  return parts.length ? parts.join(' · ') : undefined;
}

function detail(totals: SpendTotals, credits = false): string {
  const parts = [
    `${formatCount(totalTokens(totals.tokens))} tokens`,
    `${formatCount(totals.count)} ${totals.count === 1 ? 'request' : 'requests'}`,
  ];
  const costWords = credits ? creditNote(totals) : rangeWords(totals);
  if (costWords) parts.push(costWords);
  if (totals.unpricedTokens > 0) parts.push(`${formatCount(totals.unpricedTokens)} tokens unpriced`);
  return parts.join(' · ');
}

/** Copilot bills in AI credits: its rows say how many. */
const billedInCredits = (source: string) => COPILOT_SOURCES.includes(source);

function breakdown(
  buckets: readonly SpendBucket[],
  whole: SpendTotals,
  label: (key: string) => string,
  credits: (key: string) => boolean = () => false,
  limit = 8,
): BreakdownRowView[] {
  const total = whole.usd ?? 0;
  return buckets.slice(0, limit).map((bucket) => {
    const share = total > 0 ? (bucket.usd ?? 0) / total : 0;
    const row = { label: label(bucket.key), cost: cost(bucket), share, percent: `${Math.round(share * 100)}%` };
    const note = credits(bucket.key) ? creditNote(bucket) : undefined;
    return { ...row, detail: detail(bucket, credits(bucket.key)), ...(note ? { note } : {}) };
  });
}

/** Tokens of each kind with their share of all tokens (the costs per kind need rates the events do not carry). */
function kindRows(byKind: SpendSummary['byKind']): BreakdownRowView[] {
  const all = TOKEN_KINDS.reduce((sum, kind) => sum + byKind[kind], 0);
  return TOKEN_KINDS.filter((kind) => byKind[kind] > 0).map((kind) => {
    const share = all > 0 ? byKind[kind] / all : 0;
    return {
      label: TOKEN_KIND_INFO[kind].label,
      cost: `${formatCount(byKind[kind])} tok`,
      share,
      percent: `${Math.round(share * 100)}%`,
      detail: TOKEN_KIND_INFO[kind].description,
    };
  });
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const lastPart = (path: string) => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

function formatters(timeZone: string) {
  const make = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { hourCycle: 'h23', timeZone, ...options });
  return {
    date: make({ month: 'short', day: 'numeric' }),
    dateTime: make({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
    time: make({ hour: '2-digit', minute: '2-digit' }),
    seconds: make({ hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  };
}

function presentSession(session: SessionSummary & { requests?: readonly SpendEvent[] }, timeZone: string): SessionView {
  const format = formatters(timeZone);
  const first = new Date(session.firstTime);
  const last = new Date(session.lastTime);
  const sameDay = localDay(first, timeZone) === localDay(last, timeZone);
  const when = sameDay
    ? `${format.dateTime.format(first)} – ${format.time.format(last)}`
    : `${format.dateTime.format(first)} – ${format.dateTime.format(last)}`;
  return {
    key: `${session.source}:${session.sessionId}`,
    agent: sourceDisplayName(session.source),
    project: session.projects.length ? session.projects.map(lastPart).join(', ') : '(no project)',
    ...(session.title === undefined ? {} : { title: session.title }),
    when,
    date: format.date.format(first),
    lastTime: session.lastTime,
    usd: session.usd ?? 0,
    duration: duration(session.durationMs),
    cost: cost(session),
    tokens: `${formatCount(totalTokens(session.tokens))} tokens`,
    models: session.models.join(', '),
    requests: (session.requests ?? []).map((request) => ({
      time: sameDay ? format.seconds.format(new Date(request.time)) : format.dateTime.format(new Date(request.time)),
      model: request.model,
      tokens: formatCount(totalTokens(request.tokens)),
      cost: request.usd === undefined ? noPriceReason(request) : formatUsd(request.usd),
      basis: request.costBasis,
    })),
  };
}

/** Costs the ledger calculated that the team's prices changed. */
export interface Repricing {
  readonly events: number;
  readonly before: number;
  readonly after: number;
}

function notes(summary: SpendSummary, repricing: Repricing | undefined): string[] {
  const format = formatters(summary.timeZone);
  const list: string[] = [];
  const thisMonth = summary.range.id === 'this-month' || summary.range.id === 'today' || summary.range.id === 'this-week';
  if (!thisMonth && summary.month.count === 0 && summary.events > 0) list.push('Nothing spent yet this month.');
  if (repricing) {
    list.push(
      `${formatCount(repricing.events)} costs calculated from tokens are re-priced with the team's prices: ` +
        `${formatUsd(repricing.before)} at the prices they were recorded with, ${formatUsd(repricing.after)} now (all time).`,
    );
  }
  if (summary.future.count > 0) {
    list.push(
      `${plural(summary.future.count, 'request is', 'requests are')} dated in the future ` +
        `(latest ${format.dateTime.format(new Date(summary.future.latest!))}): kept, and counted when that time comes.`,
    );
  }
  return list;
}

export function presentSpend(
  summary: SpendSummary,
  waste: WasteView,
  problems: readonly string[] = [],
  repricing?: Repricing,
): SpendPartView {
  const { timeZone, range, total } = summary;
  const unpriced = total.unpricedTokens;
  const dates = range.from === range.to ? dayName(range.from) : `${dayName(range.from)} – ${dayName(range.to)}`;
  return {
    empty: summary.events === 0,
    timeZone,
    ranges: RANGE_IDS.map((id) => ({ id, label: RANGE_LABELS[id] })),
    range: { id: range.id, label: range.label, from: range.from, to: range.to, dates },
    rangeError: summary.rangeError,
    notes: notes(summary, repricing),
    periods: [
      { label: range.label, cost: cost(total), detail: detail(total) },
      { label: 'Today', cost: cost(summary.today), detail: detail(summary.today) },
      { label: 'This month', cost: cost(summary.month), detail: detail(summary.month) },
    ],
    chart: presentChart(summary),
    waste,
    breakdowns: [
      { title: 'By model', rows: breakdown(summary.byModel, total, (key) => key) },
      { title: 'By agent', rows: breakdown(summary.bySource, total, sourceDisplayName, billedInCredits) },
      { title: 'By project', rows: breakdown(summary.byProject, total, (key) => (key ? lastPart(key) : '(no project)')) },
      { title: 'By token kind', rows: kindRows(summary.byKind) },
    ],
    topSessions: summary.topSessions.map((session) => presentSession(session, timeZone)),
    sessions: summary.recentSessions.map((session) => presentSession(session, timeZone)),
    basis: Object.entries(summary.byBasis).map(([basis, totals]) => ({
      basis,
      label: BASIS_LABELS[basis] ?? basis,
      cost: cost(totals),
      count: totals.count,
    })),
    unpricedNote: unpriced > 0 ? unpricedWords(unpriced, summary.unpriced) : undefined,
    problems,
  };
}

const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const dayName = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

/** `1,200 tokens … not in the totals: claude-opus-5-5 (no price for fast mode), mystery-1 (no price).` */
function unpricedWords(tokens: number, models: readonly UnpricedModel[]): string {
  const named = models.slice(0, 3).map((entry) => `${entry.model} (${noPriceReason(entry)})`);
  const more = models.length > 3 ? `, and ${plural(models.length - 3, 'other model')}` : '';
  const which = named.length ? `: ${named.join(', ')}${more}` : '';
  return `${formatCount(tokens)} tokens in this range have no known price and are not in the totals${which}.`;
}
