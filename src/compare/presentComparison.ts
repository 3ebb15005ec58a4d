// Formats comparison rows for the webview. Plain data in, plain data out (no `vscode`).
import {
  describeTokenizer, formatCount, formatTokenLimit, formatTokens, formatTotal, formatUsd,
  type ComparisonRow, type PriceCatalog,
} from '../core';
import type { ComparisonRowView, FitState, PromptSummaryView, ToWebviewMessage } from '../webview/compare/protocol';

const FIT_TEXT: Readonly<Record<FitState, string>> = { fits: 'fits', 'may-exceed': 'may not fit', exceeds: 'does not fit', unknown: 'unknown' };

export function presentRow(row: ComparisonRow, selectedModelId: string | undefined): ComparisonRowView {
  const approx = row.estimate ? '≈' : '';
  const range = row.estimate ? `${formatCount(row.inputTokens.low)}–${formatCount(row.inputTokens.high)} tokens; ` : '';
  return {
    modelId: row.modelId,
    name: row.model?.name ?? row.modelId,
    provider: row.model?.provider ?? '',
    providerName: row.model?.providerName ?? '',
    favourite: row.favourite,
    selected: row.modelId === selectedModelId,
    cheapest: row.cheapest,
    estimate: row.estimate,
    tokens: `${approx}${formatCount(row.inputTokens.expected)}`,
    tokensValue: row.inputTokens.expected,
    tokensTitle: `${range}${describeTokenizer(row.tokenizer)}`,
    input: `${approx}${formatUsd(row.inputUsd.expected)}`.replace('≈no price', 'no price'),
    inputValue: row.inputUsd.expected,
    output: formatUsd(row.outputUsd.expected),
    outputValue: row.outputUsd.expected,
    total: formatTotal(row.totalUsd, row),
    totalValue: row.unpricedTokens > 0 ? undefined : row.totalUsd.expected,
    cached: row.cachedTotalUsd ? formatTotal(row.cachedTotalUsd, row) : '—',
    cachedValue: row.cachedTotalUsd?.expected,
    fit: row.fit.status,
    fitText: FIT_TEXT[row.fit.status],
    fitTitle: row.fit.problems.length > 0
      ? row.fit.problems.join(' ')
      : `Context window ${formatTokenLimit(row.fit.window.limit)}, max output ${formatTokenLimit(row.fit.output.limit)}`,
  };
}

export interface ComparisonInput {
  readonly rows: readonly ComparisonRow[];
  readonly catalog: PriceCatalog;
  readonly selectedModelId: string | undefined;
  readonly prompt: { readonly name: string; readonly promptTokens: number; readonly contextTokens: number; readonly contextFiles: number; readonly expectedOutput: number } | undefined;
}

export function presentComparison(input: ComparisonInput): ToWebviewMessage {
  const { prompt, catalog } = input;
  const summary: PromptSummaryView | undefined = prompt && {
    name: prompt.name,
    description: `${formatTokens(prompt.promptTokens)} (o200k_base)${prompt.contextFiles > 0 ? ` + ${prompt.contextFiles} context ${prompt.contextFiles === 1 ? 'file' : 'files'} (${formatTokens(prompt.contextTokens)})` : ''}`,
    expectedOutput: `${formatTokens(prompt.expectedOutput)} of output expected`,
  };
  return {
    type: 'update',
    prompt: summary,
    rows: input.rows.map((row) => presentRow(row, input.selectedModelId)),
    providers: catalog.providers.map((provider) => ({ id: provider.id, name: provider.name })),
    priceSource: `${catalog.source.name} ${catalog.source.version}, prices of ${catalog.snapshotDate}`,
  };
}
