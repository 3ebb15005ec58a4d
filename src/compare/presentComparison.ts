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
  formatUsdFigures,
  describeStatus,
  canBeCheapest,
  type UsdRange,
  type AllowanceLeft,
  type AllowanceUsage,
  type ComparisonRow,
  type PriceCatalog,
  capitalized,
  describePriceSource,
  sentence,
  staleCatalogNote,
} from '../core';
import type { AssumptionsView, ComparisonRowView, ComparisonUpdate, FitState, PromptSummaryView } from '../webview/compare/protocol';

const FIT_TEXT: Readonly<Record<FitState, string>> = {
  fits: 'fits',
  'may-exceed': 'may not fit',
  'opt-in': 'needs opt-in',
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

/** An amount at two significant figures, `≈` for an estimate; the unpriced tokens said when part is unknown. */
function amount(usd: UsdRange | undefined, row: ComparisonRow): string {
  if (!usd || usd.expected === undefined) return 'no price';
  const text = `${row.estimate ? '≈' : ''}${formatUsdFigures(usd.expected)}`;
  return row.unpricedTokens > 0 ? `${text} + ${formatCount(row.unpricedTokens)} unpriced tokens` : text;
}

const fullyPriced = (row: ComparisonRow) => (row.unpricedTokens > 0 ? undefined : row.totalUsd.expected);

/** `×0.12` of the current model's total; `—` when either total is unknown. */
function relativeTo(row: ComparisonRow, current: ComparisonRow | undefined): { relative: string; relativeValue: number | undefined } {
  const total = fullyPriced(row);
  const base = current && fullyPriced(current);
  if (total === undefined || !base) return { relative: '—', relativeValue: undefined };
  const ratio = total / base;
  return { relative: `×${ratio >= 10 ? Math.round(ratio).toLocaleString('en-US') : Number(ratio.toPrecision(2))}`, relativeValue: ratio };
}

function assumedOutput(row: ComparisonRow): string {
  const reasoning = row.reasoningTokens > 0 ? ` + ${formatCount(row.reasoningTokens)} reasoning tokens` : '';
  const mode = row.model?.facts.reasoning === 'optional' ? ' (thinking off; it bills reasoning tokens only when asked to think)' : '';
  return `Assumed: ${formatCount(row.outputTokens)} output tokens${reasoning}${mode}. Change it above the table.`;
}

export function presentRow(
  row: ComparisonRow,
  current: ComparisonRow | undefined,
  suggested: ReadonlySet<string> = new Set(),
  usages: readonly AllowanceUsage[] = [],
): ComparisonRowView {
  const approx = row.estimate ? '≈' : '';
  const range = row.estimate ? `${formatCount(row.inputTokens.low)}–${formatCount(row.inputTokens.high)} tokens; ` : '';
  const measured = `${formatCount(row.inputTokens.expected)} input tokens, measured`;
  return {
    modelId: row.modelId,
    name: row.model?.name ?? row.modelId,
    provider: row.model?.provider ?? '',
    providerName: row.model?.providerName ?? '',
    favourite: row.favourite,
    current: row === current,
    suggested: row.model !== undefined && suggested.has(row.model.key),
    status: row.model ? describeStatus(row.model.facts) : '',
    estimate: row.estimate,
    tokens: `${approx}${formatCount(row.inputTokens.expected)}`,
    tokensValue: row.inputTokens.expected,
    tokensTitle: `${range}${describeTokenizer(row.tokenizer)}`,
    input: amount(row.inputUsd, { ...row, unpricedTokens: 0 }),
    inputValue: row.inputUsd.expected,
    output: amount(row.outputUsd, { ...row, unpricedTokens: 0, estimate: false }),
    outputValue: row.outputUsd.expected,
    outputTitle: assumedOutput(row),
    total: amount(row.totalUsd, row),
    totalValue: fullyPriced(row),
    ...relativeTo(row, current),
    cached: row.cachedTotalUsd ? amount(row.cachedTotalUsd, row) : '—',
    cachedValue: row.cachedTotalUsd?.expected,
    fit: row.fit.status as FitState,
    fitText: FIT_TEXT[row.fit.status],
    fitTitle: [
      `${measured}. Context window ${formatTokenLimit(row.fit.window.limit)}, max output ${formatTokenLimit(row.fit.output.limit)}.`,
      ...row.fit.problems,
    ].join(' '),
    cheapestEligible: canBeCheapest(row),
    ...presentLeaves(row, usages),
    priceNote: row.model?.priceNote,
  };
}

export interface ComparisonInput {
  /** Every model that answers prompts, priced for the prompt. */
  readonly rows: readonly ComparisonRow[];
  /** Keys (`provider/id`) of the suggested set. */
  readonly suggested: ReadonlySet<string>;
  readonly catalog: PriceCatalog;
  /** The model costs are shown for, as the settings name it. */
  readonly currentModel: string;
  /** The allowances in their current periods, for what the prompt would leave. */
  readonly usages?: readonly AllowanceUsage[];
  readonly assumptions: AssumptionsView;
  /** When the comparison is made (epoch ms), for the price data's age. Default: now. */
  readonly now?: number;
  readonly prompt:
    | {
        readonly name: string;
        readonly promptTokens: number;
        readonly contextTokens: number;
        readonly contextFiles: number;
      }
    | undefined;
}

export function presentComparison(input: ComparisonInput): ComparisonUpdate {
  const { prompt, catalog } = input;
  const currentModel = catalog.find(input.currentModel);
  const current = input.rows.find((row) => row.model !== undefined && row.model === currentModel);
  const largest = Math.max(0, ...input.rows.map((row) => row.inputTokens.expected));
  const context = (files: number, tokens: number) =>
    files > 0 ? ` + ${files} context ${files === 1 ? 'file' : 'files'} (${formatTokens(tokens)})` : '';
  const summary: PromptSummaryView | undefined = prompt && {
    name: prompt.name,
    description: `${formatTokens(prompt.promptTokens)} (o200k_base)${context(prompt.contextFiles, prompt.contextTokens)}`,
    inputTokens: formatTokens(largest),
  };
  return {
    type: 'update',
    prompt: summary,
    assumptions: input.assumptions,
    rows: input.rows.map((row) => presentRow(row, current, input.suggested, input.usages)),
    providers: catalog.providers.map((provider) => ({ id: provider.id, name: provider.name })),
    priceSource: [
      capitalized(describePriceSource(catalog)) +
        (input.rows.some((row) => row.model?.priceNote) ? ', with negotiated prices (marked)' : ''),
      staleCatalogNote(catalog, input.now),
    ]
      .filter((part): part is string => Boolean(part))
      .map(sentence)
      .join(' '),
    allowances: (input.usages ?? []).length > 0,
    currentModel: currentModel?.name ?? input.currentModel,
  };
}
