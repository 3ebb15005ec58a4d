// How the prompt's tokens and cost read in the status bar. Plain strings
// (Markdown for the tooltip) so it can be unit-tested without VS Code.
import {
  allowanceName,
  describeAllowanceLeft,
  describeTokenizer,
  escapeMarkdown as md,
  formatBytes,
  formatCount,
  formatTokenLimit,
  formatTotal,
  formatUsd,
  formatUsdSpan,
  plainLabel,
  type AllowanceLeft,
  describeContextLeftOut,
  type ContextLeftOut,
  type CountOutcome,
  type ModelEstimate,
  type TokenRange,
  capitalized,
  sentence,
} from '../core';

export interface StatusPresentation {
  /** Status bar text, with codicons. */
  readonly text: string;
  /** Markdown tooltip. */
  readonly tooltip: string;
  /** Screen reader label. */
  readonly ariaLabel: string;
  /** `warning` when the prompt does not fit the model or counting failed. */
  readonly severity: 'normal' | 'warning';
  /** The whole breakdown as plain lines, for *Show Prompt Cost Details* (keyboard and screen reader users). */
  readonly details?: string;
}

export interface PromptCostView {
  readonly promptName: string;
  /** The prompt's o200k_base count outcome. */
  readonly outcome: CountOutcome;
  /** The selected model's estimate, when the prompt was counted. */
  readonly estimate: ModelEstimate | undefined;
  /** The model as configured (shown when the catalog does not know it). */
  readonly modelSetting: string;
  /** Context files added to the count. */
  readonly contextFiles: number;
  /** Why the context files there are were not added (a selection, a file that is not a prompt), if so. */
  readonly contextLeftOut?: ContextLeftOut;
  /** `@pydantic/genai-prices 0.1.8, 2026-11-24`. */
  readonly priceSource: string;
  /** Who chose the model: `your settings`, a team config, the bundled defaults. */
  readonly modelOrigin?: string;
  /** What the prompt on this model would leave of each allowance. */
  readonly allowancesLeft?: readonly AllowanceLeft[];
}

const PRIVACY_NOTE = 'Counted on this machine; no text leaves it.';
const LINKS = '[Compare models](command:tokenwise.compareModels) · [Select model](command:tokenwise.selectModel)';

function tokens(range: TokenRange, estimate: boolean): string {
  return `${estimate ? '≈' : ''}${formatCount(range.expected)}`;
}

/** Where the count came from, as Markdown: the file name is the user's (or a repository's), so it is escaped. */
function whereIn(view: PromptCostView): string {
  return view.outcome.scope === 'selection' ? `the selection in ${md(view.promptName)}` : md(view.promptName);
}

// Every string below that did not come from the extension itself is escaped with `md`: file names, settings, the
// team config's names and terms, error messages. Only LINKS are trusted Markdown.
function counted(view: PromptCostView, estimate: ModelEstimate): StatusPresentation {
  const where = whereIn(view);
  const approx = estimate.estimate;
  const model = estimate.model
    ? `**${md(estimate.model.name)}** (${md(estimate.model.providerName)})`
    : `**${md(view.modelSetting)}** (not in the price catalog)`;
  const total = formatTotal(estimate.totalUsd, estimate);
  const fit = estimate.fit;
  const reasoning = estimate.reasoningTokens > 0 ? ` + ${formatCount(estimate.reasoningTokens)} reasoning` : '';
  // One list of lines for the tooltip's table and the plain details.
  const lines: { label: string; tokens: string; cost: string }[] = [
    { label: `Prompt${view.outcome.scope === 'selection' ? ' (selection)' : ''}`, tokens: tokens(estimate.promptTokens, approx), cost: '' },
    ...(view.contextFiles > 0
      ? [
          {
            label: `Context (${view.contextFiles} ${view.contextFiles === 1 ? 'file' : 'files'})`,
            tokens: tokens(estimate.contextTokens, approx),
            cost: '',
          },
        ]
      : []),
    { label: 'Input, measured', tokens: tokens(estimate.inputTokens, approx), cost: formatUsd(estimate.inputUsd.expected) },
    { label: 'Output, assumed', tokens: `${formatCount(estimate.outputTokens)}${reasoning}`, cost: formatUsd(estimate.outputUsd.expected) },
    { label: 'Total', tokens: '', cost: total },
    ...(estimate.cachedTotalUsd
      ? [{ label: 'Context cached (follow-up turn)', tokens: '', cost: formatTotal(estimate.cachedTotalUsd, estimate) }]
      : []),
  ];
  const rows = [
    '| | Tokens | Cost |',
    '|:--|--:|--:|',
    ...lines.map((line) =>
      line.label === 'Total' ? `| **Total** | | **${line.cost}** |` : `| ${line.label} | ${line.tokens} | ${line.cost} |`,
    ),
  ];
  const windowLine =
    fit.problems.length > 0
      ? `$(warning) ${md(fit.problems.join(' '))}`
      : fit.window.limit === undefined
        ? 'Context window: unknown for this model.'
        : `Fits the ${formatTokenLimit(fit.window.limit)} context window (${formatCount(fit.window.tokens.expected)} tokens with the expected output).`;
  const left = view.allowancesLeft ?? [];
  const leftOut = view.contextLeftOut ? describeContextLeftOut(view.contextLeftOut) : undefined;
  const plainModel = estimate.model
    ? `${estimate.model.name} (${estimate.model.providerName})`
    : `${view.modelSetting} (not in the price catalog)`;
  const details = [
    `${view.outcome.scope === 'selection' ? `The selection in ${view.promptName}` : view.promptName} on ${plainModel}:`,
    ...lines.map((line) => `${line.label}: ${[line.tokens && `${line.tokens} tokens`, line.cost].filter(Boolean).join(', ')}`),
    ...(leftOut ? [leftOut.replace(/`/g, '')] : []),
    windowLine.replace('$(warning) ', '').replace(/\\/g, ''),
    ...left.map((each) => `After this prompt, ${allowanceName(each.usage)} (${each.usage.period.label}): ${describeAllowanceLeft(each)}`),
    `Tokenizer: ${describeTokenizer(estimate.tokenizer)}.`,
    `${sentence(capitalized(view.priceSource))} ${PRIVACY_NOTE}`,
  ].join('\n');
  const tooltip = [
    `${where} on ${model}${view.modelOrigin ? `, the model set by ${md(view.modelOrigin)}` : ''}`,
    '',
    ...rows,
    '',
    ...(leftOut ? [leftOut, ''] : []),
    windowLine,
    ...(left.length
      ? [
          '',
          '**After this prompt**',
          '',
          ...left.map((each) => `- ${md(allowanceName(each.usage))} (${md(each.usage.period.label)}): ${md(describeAllowanceLeft(each))}`),
        ]
      : []),
    '',
    `Tokenizer: ${describeTokenizer(estimate.tokenizer)}${approx ? `; total ${formatUsdSpan(estimate.totalUsd)}` : ''}.`,
    '',
    `${md(sentence(capitalized(view.priceSource)))}${estimate.model?.priceNote ? ` ${md(estimate.model.priceNote)}` : ''} ${PRIVACY_NOTE}`,
    '',
    LINKS,
  ].join('\n');
  const selected = view.outcome.scope === 'selection' ? ' selected' : '';
  const files = view.contextFiles > 0 ? ` +${view.contextFiles} ${view.contextFiles === 1 ? 'file' : 'files'}` : '';
  const filesSpoken = view.contextFiles > 0 ? ` with ${view.contextFiles} context ${view.contextFiles === 1 ? 'file' : 'files'}` : '';
  return {
    text: `$(symbol-number) ${tokens(estimate.inputTokens, approx)} tok${selected}${files} · ${total.replace(/ \+ .*/, '+')} · ${plainLabel(estimate.modelId)}`,
    tooltip,
    ariaLabel: `${tokens(estimate.inputTokens, approx)} tokens${selected}${filesSpoken}, ${total} on ${estimate.modelId}`,
    severity: fit.status === 'exceeds' ? 'warning' : 'normal',
    details,
  };
}

export function presentPromptCost(view: PromptCostView): StatusPresentation {
  const where = whereIn(view);
  const plainWhere = view.outcome.scope === 'selection' ? `the selection in ${view.promptName}` : view.promptName;
  const outcome = view.outcome;
  switch (outcome.kind) {
    case 'counted':
      if (view.estimate) return counted(view, view.estimate);
      return { text: '$(symbol-number) —', tooltip: 'No estimate.', ariaLabel: 'No estimate', severity: 'normal' };
    case 'tooLarge':
      return {
        text: '$(symbol-number) Too large to count',
        tooltip: [
          `**Not counted:** ${where} is ${formatBytes(outcome.bytes)}, over the limit of ${formatBytes(outcome.maxBytes)}.`,
          '',
          'Raise `tokenwise.counting.maxDocumentSizeKB` to count it anyway.',
        ].join('\n'),
        ariaLabel: `Not counted: ${plainWhere} is larger than the token counting limit`,
        severity: 'normal',
      };
    case 'timedOut':
      return {
        text: '$(watch) Token count timed out',
        tooltip: [
          `**Not counted:** tokenizing ${where} took longer than ${outcome.timeoutMs / 1000} s and was stopped.`,
          '',
          'Raise `tokenwise.counting.timeoutMs` to wait longer.',
        ].join('\n'),
        ariaLabel: `Token count of ${plainWhere} timed out`,
        severity: 'warning',
      };
    case 'failed':
      return {
        text: '$(error) Token count failed',
        tooltip: `**Counting ${where} failed:** ${md(outcome.message)}`,
        ariaLabel: `Token count of ${plainWhere} failed: ${outcome.message}`,
        severity: 'warning',
      };
  }
}

/** Shown while the first count of an editor is under way. */
export const COUNTING_PRESENTATION: StatusPresentation = {
  text: '$(loading~spin) Counting tokens',
  tooltip: `Loading the tokenizer and counting. ${PRIVACY_NOTE}`,
  ariaLabel: 'Counting tokens',
  severity: 'normal',
};
