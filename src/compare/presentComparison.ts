// Formats comparison rows for the webview. Plain data in, plain data out (no `vscode`).
import {
  allowanceName,
  allowancesLeft,
  describeAllowanceLeft,
  describeTokenizer,
  formatAllowanceAmount,
  formatCount,
  formatTokenLimit,
  formatTokens,
  formatTotal,
  formatUsd,
  type AllowanceLeft,
  type AllowanceUsage,
  type ComparisonRow,
  type PriceCatalog,
} from '../core';
import type { ComparisonRowView, FitState, PromptSummaryView, ToWebviewMessage } from '../webview/compare/protocol';

const FIT_TEXT: Readonly<Record<FitState, string>> = {
  fits: 'fits',
  'may-exceed': 'may not fit',
  exceeds: 'does not fit',
  unknown: 'unknown',
};

/** The fraction of the allowance that would be left; unknown costs sort last. */
const leftFraction = (entry: AllowanceLeft) => (entry.left === undefined ? undefined : entry.left / entry.usage.amount);

/** What the prompt would leave: the allowance left with the least (an unknown cost counts as least), and all of them. */
function presentLeaves(
  row: ComparisonRow,
  usages: readonly AllowanceUsage[],
): Pick<ComparisonRowView, 'leaves' | 'leavesValue' | 'leavesTitle'> {
  const entries = allowancesLeft(usages, row);
  if (entries.length === 0) return { leaves: undefined, leavesValue: undefined, leavesTitle: undefined };
  const tightest = entries.reduce((least, entry) => {
    const x = leftFraction(entry);
    const y = leftFraction(least);
    return y === undefined ? least : x === undefined || x < y ? entry : least;
  });
  const short =
    tightest.left === undefined
      ? 'unknown'
      : tightest.left >= 0
        ? formatAllowanceAmount(tightest.usage, tightest.left)
        : `${formatAllowanceAmount(tightest.usage, -tightest.left)} over`;
  return {
    leaves: short,
    leavesValue: leftFraction(tightest),
    leavesTitle: entries
      .map((entry) => `${allowanceName(entry.usage)} (${entry.usage.period.label}): ${describeAllowanceLeft(entry)}`)
      .join('\n'),
  };
}

export function presentRow(
  row: ComparisonRow,
  selectedModelId: string | undefined,
  usages: readonly AllowanceUsage[] = [],
): ComparisonRowView {
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
    fitTitle:
      row.fit.problems.length > 0
        ? row.fit.problems.join(' ')
        : `Context window ${formatTokenLimit(row.fit.window.limit)}, max output ${formatTokenLimit(row.fit.output.limit)}`,
    ...presentLeaves(row, usages),
    priceNote: row.model?.priceNote,
  };
}

export interface ComparisonInput {
  readonly rows: readonly ComparisonRow[];
  readonly catalog: PriceCatalog;
  readonly selectedModelId: string | undefined;
  /** The allowances in their current periods, for what the prompt would leave. */
  readonly usages?: readonly AllowanceUsage[];
  readonly prompt:
    | {
        readonly name: string;
        readonly promptTokens: number;
        readonly contextTokens: number;
        readonly contextFiles: number;
        readonly expectedOutput: number;
      }
    | undefined;
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
    rows: input.rows.map((row) => presentRow(row, input.selectedModelId, input.usages)),
    providers: catalog.providers.map((provider) => ({ id: provider.id, name: provider.name })),
    priceSource: `${catalog.source.name} ${catalog.source.version}, prices of ${catalog.snapshotDate}${input.rows.some((row) => row.model?.priceNote) ? ', with negotiated prices (marked)' : ''}`,
    allowances: (input.usages ?? []).length > 0,
  };
}
