// Formats a spend summary for the Spend view. Plain data in and out (no `vscode`).
import { formatCount, formatUsd, sourceDisplayName, totalTokens, type SpendBucket, type SpendSummary, type SpendTotals } from '../core';
import type { BreakdownRowView, SpendPartView } from '../webview/spend/protocol';

const BASIS_LABELS: Readonly<Record<string, string>> = {
  recorded: 'recorded by the agent',
  calculated: 'calculated from tokens',
  estimated: 'estimated from a local count',
};

function cost(totals: SpendTotals): string {
  if (totals.count === 0) return '$0.00';
  return totals.usd === undefined ? 'no price' : `${formatUsd(totals.usd)}${totals.unpricedTokens > 0 ? '+' : ''}`;
}

function detail(totals: SpendTotals): string {
  const parts = [
    `${formatCount(totalTokens(totals.tokens))} tokens`,
    `${formatCount(totals.count)} ${totals.count === 1 ? 'request' : 'requests'}`,
  ];
  if (totals.unpricedTokens > 0) parts.push(`${formatCount(totals.unpricedTokens)} tokens unpriced`);
  return parts.join(' · ');
}

function breakdown(buckets: readonly SpendBucket[], label: (key: string) => string, limit = 8): BreakdownRowView[] {
  const largest = Math.max(0, ...buckets.map((bucket) => bucket.usd ?? 0));
  return buckets.slice(0, limit).map((bucket) => ({
    label: label(bucket.key),
    cost: cost(bucket),
    share: largest > 0 ? (bucket.usd ?? 0) / largest : 0,
    detail: detail(bucket),
  }));
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const lastPart = (path: string) => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

export function presentSpend(summary: SpendSummary, problems: readonly string[] = []): SpendPartView {
  const { timeZone } = summary;
  const dayLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat('en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
  const time = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone });
  const unpriced = summary.month.unpricedTokens;
  return {
    empty: summary.events === 0,
    timeZone,
    periods: [
      { label: 'Today', cost: cost(summary.today), detail: detail(summary.today) },
      { label: 'This week', cost: cost(summary.week), detail: detail(summary.week) },
      { label: 'This month', cost: cost(summary.month), detail: detail(summary.month) },
    ],
    daily: summary.daily.map(({ day, totals }) => ({
      day,
      label: dayLabel.format(new Date(`${day}T00:00:00Z`)),
      cost: cost(totals),
      value: totals.usd ?? 0,
      unpriced: totals.unpricedTokens > 0,
    })),
    breakdowns: [
      { title: 'By model', rows: breakdown(summary.byModel, (key) => key) },
      { title: 'By source', rows: breakdown(summary.bySource, sourceDisplayName) },
      { title: 'By project', rows: breakdown(summary.byProject, (key) => (key ? lastPart(key) : '(no project)')) },
    ],
    sessions: summary.recentSessions.map((session) => ({
      key: `${session.source}:${session.sessionId}`,
      title: `${sourceDisplayName(session.source)}${session.projects.length ? ` · ${session.projects.map(lastPart).join(', ')}` : ''}`,
      when: dateTime.format(new Date(session.lastTime)),
      duration: duration(session.durationMs),
      cost: cost(session),
      tokens: `${formatCount(totalTokens(session.tokens))} tokens`,
      models: session.models.join(', '),
      requests: session.requests.map((request) => ({
        time: time.format(new Date(request.time)),
        model: request.model,
        tokens: formatCount(totalTokens(request.tokens)),
        cost: request.usd === undefined ? 'no price' : formatUsd(request.usd),
        basis: request.costBasis,
      })),
    })),
    basis: Object.entries(summary.byBasis).map(([basis, totals]) => ({
      basis,
      label: BASIS_LABELS[basis] ?? basis,
      cost: cost(totals),
      count: totals.count,
    })),
    unpricedNote: unpriced > 0 ? `${formatCount(unpriced)} tokens this month have no known price and are not in the totals.` : undefined,
    problems,
  };
}
