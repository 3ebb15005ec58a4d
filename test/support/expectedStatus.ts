// The status bar text a prompt should produce, worked out from reference counts
// and the bundled catalog, independently of the extension's own counting.
import { bundledCatalog, estimateForModel, formatCount, formatTotal, type PriceCatalog } from '../../src/core';
import { referenceCount } from './referenceCount';

export interface ExpectedPrompt {
  readonly prompt: string;
  readonly context?: readonly string[];
  readonly model?: string;
  readonly selection?: boolean;
  readonly expectedOutputTokens?: number;
  /** Prices to expect; default the bundled catalog's. */
  readonly catalog?: PriceCatalog;
}

export function expectedStatusText({
  prompt,
  context = [],
  model = 'gpt-5.1',
  selection = false,
  expectedOutputTokens = 500,
  catalog = bundledCatalog(),
}: ExpectedPrompt): string {
  const sum = (texts: readonly string[], encoding: 'o200k_base' | 'cl100k_base') =>
    texts.reduce((total, text) => total + referenceCount(text, encoding), 0);
  const counts = {
    prompt: { o200k_base: referenceCount(prompt), cl100k_base: referenceCount(prompt, 'cl100k_base') },
    context: { o200k_base: sum(context, 'o200k_base'), cl100k_base: sum(context, 'cl100k_base') },
  };
  const estimate = estimateForModel(model, catalog.find(model), counts, { expectedOutput: { defaultTokens: expectedOutputTokens } });
  const approx = estimate.estimate ? '≈' : '';
  return `$(symbol-number) ${approx}${formatCount(estimate.inputTokens.expected)} tok${selection ? ' selected' : ''} · ${formatTotal(estimate.totalUsd, estimate).replace(/ \+ .*/, '+')} · ${estimate.modelId}`;
}
