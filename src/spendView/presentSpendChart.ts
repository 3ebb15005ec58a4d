// The Spend view's chart as data: one bar per day or week with its cost stacked by model or by source, a scale with
// round ticks, and each bar's value in words for screen readers and the text table. Plain data in and out.
import { formatUsd, sourceDisplayName, type SpendBar, type SpendBucket, type SpendSummary } from '../core';
import type { ChartView, SeriesView, StackBy } from '../webview/spend/protocol';

/** Series shown apart in a stack; the rest are "Other". */
const MAX_SERIES = 5;

/** The smallest 1, 2 or 5 × 10ⁿ at least `value`: a scale's top. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power * (1 + 1e-9)) return step * power;
  return 10 * power;
}

const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayName = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

function barLabel(bar: SpendBar, bucket: 'day' | 'week'): { short: string; long: string } {
  if (bucket === 'day' || bar.from === bar.to) return { short: dayName(bar.from), long: dayName(bar.from) };
  return { short: dayName(bar.from), long: `${dayName(bar.from)} – ${dayName(bar.to)}` };
}

function seriesOf(buckets: readonly SpendBucket[], label: (key: string) => string): SeriesView[] {
  const priced = buckets.filter((bucket) => (bucket.usd ?? 0) > 0);
  const shown = priced.slice(0, MAX_SERIES).map((bucket, index) => ({ key: bucket.key, label: label(bucket.key), color: index }));
  if (priced.length > MAX_SERIES) shown.push({ key: '', label: 'Other', color: MAX_SERIES });
  return shown;
}

function stack(costs: Readonly<Record<string, number>>, series: readonly SeriesView[]): number[] {
  const values = series.map((entry) => (entry.key ? (costs[entry.key] ?? 0) : 0));
  const other = series.findIndex((entry) => entry.key === '');
  if (other >= 0) {
    const named = new Set(series.map((entry) => entry.key));
    values[other] = Object.entries(costs).reduce((sum, [key, usd]) => (named.has(key) ? sum : sum + usd), 0);
  }
  return values;
}

export function presentChart(summary: SpendSummary): ChartView {
  const { bucket } = summary.range;
  const series: Record<StackBy, SeriesView[]> = {
    model: seriesOf(summary.byModel, (key) => key),
    source: seriesOf(summary.bySource, sourceDisplayName),
  };
  const top = niceCeiling(Math.max(0, ...summary.bars.map((bar) => bar.totals.usd ?? 0)));
  const bars = summary.bars.map((bar) => {
    const label = barLabel(bar, bucket);
    const usd = bar.totals.usd ?? 0;
    const cost = bar.totals.count === 0 ? '$0' : bar.totals.usd === undefined ? 'no price' : formatUsd(usd);
    const unpriced = bar.totals.unpricedTokens > 0 ? ', some tokens without a price' : '';
    const stacks = { model: stack(bar.byModel, series.model), source: stack(bar.bySource, series.source) };
    return {
      label: label.short,
      longLabel: label.long,
      cost,
      value: usd,
      spoken: `${label.long}: ${cost}${unpriced}, ${bar.totals.count} ${bar.totals.count === 1 ? 'request' : 'requests'}`,
      stacks,
      stackCosts: {
        model: stacks.model.map((value) => (value > 0 ? formatUsd(value) : '—')),
        source: stacks.source.map((value) => (value > 0 ? formatUsd(value) : '—')),
      },
    };
  });
  return {
    bucket,
    title: `Spend per ${bucket}, ${bars[0]?.longLabel ?? ''} to ${bars.at(-1)?.longLabel ?? ''}`,
    bars,
    max: top,
    ticks: [0, top / 2, top].map((value) => ({ value, label: value === 0 ? '$0' : formatUsd(value) })),
    series,
  };
}
