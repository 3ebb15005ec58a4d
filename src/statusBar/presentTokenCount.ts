// How a count outcome reads in the status bar. Plain strings (Markdown for the
// tooltip) so it can be unit-tested without VS Code.
import { formatBytes, formatTokens, type CountOutcome } from '../core';

export interface TokenCountPresentation {
  /** Status bar text, with codicons. */
  readonly text: string;
  /** Markdown tooltip. */
  readonly tooltip: string;
  /** Screen reader label. */
  readonly ariaLabel: string;
  /** True when the item should draw attention (warning background). */
  readonly warning: boolean;
}

const PRIVACY_NOTE = 'Counted on this machine; no text leaves it.';

export function presentTokenCount(outcome: CountOutcome, documentName: string): TokenCountPresentation {
  const where = outcome.scope === 'selection' ? `the selection in ${documentName}` : documentName;
  switch (outcome.kind) {
    case 'counted': {
      const tokens = formatTokens(outcome.tokens);
      const suffix = outcome.scope === 'selection' ? ' (selection)' : '';
      return {
        text: `$(symbol-number) ${tokens}${suffix}`,
        tooltip: [
          `**${tokens}** in ${where}`,
          '',
          `Tokenizer: \`${outcome.encoding}\` (js-tiktoken), exact count.`,
          '',
          PRIVACY_NOTE,
        ].join('\n'),
        ariaLabel: `${tokens} in ${where}`,
        warning: false,
      };
    }
    case 'tooLarge':
      return {
        text: '$(symbol-number) Too large to count',
        tooltip: [
          `**Not counted:** ${where} is ${formatBytes(outcome.bytes)}, over the limit of ${formatBytes(outcome.maxBytes)}.`,
          '',
          'Raise `tokenwise.counting.maxDocumentSizeKB` to count it anyway.',
        ].join('\n'),
        ariaLabel: `Not counted: ${where} is larger than the token counting limit`,
        warning: false,
      };
    case 'timedOut':
      return {
        text: '$(watch) Token count timed out',
        tooltip: [
          `**Not counted:** tokenizing ${where} took longer than ${outcome.timeoutMs / 1000} s and was stopped.`,
          '',
          'Very long runs of one character (minified code, lock files, logs) are slow to tokenize. Raise `tokenwise.counting.timeoutMs` to wait longer.',
        ].join('\n'),
        ariaLabel: `Token count of ${where} timed out`,
        warning: true,
      };
    case 'failed':
      return {
        text: '$(error) Token count failed',
        tooltip: `**Counting ${where} failed:** ${outcome.message}`,
        ariaLabel: `Token count of ${where} failed: ${outcome.message}`,
        warning: true,
      };
  }
}

/** Shown while the first count of an editor is under way. */
export const COUNTING_PRESENTATION: TokenCountPresentation = {
  text: '$(loading~spin) Counting tokens',
  tooltip: `Loading the tokenizer and counting. ${PRIVACY_NOTE}`,
  ariaLabel: 'Counting tokens',
  warning: false,
};
