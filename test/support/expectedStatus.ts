// The status bar text a prompt should produce, worked out from reference counts
// and the bundled catalog, independently of the extension's own counting.
import { bundledCatalog, estimateForModel, formatCount, formatTotal, type EncodingName, type PriceCatalog } from '../../src/core';
import { referenceCount } from './referenceCount';

export interface ExpectedPrompt {
  readonly prompt: string;
  readonly context?: readonly string[];
  readonly model?: string;
  readonly selection?: boolean;
  readonly expectedOutputTokens?: number;
  /** Reasoning tokens projected for models that always reason (the setting's default, 2,000). */
  readonly reasoningTokens?: number;
  /** Prices to expect; default the bundled catalog's. */
  readonly catalog?: PriceCatalog;
  /** The prompt's reference counts in other encodings (a published vocabulary's, from its own tokenizer). */
  readonly promptCounts?: Partial<Record<EncodingName, number>>;
}

export function expectedStatusText({
  prompt,
  context = [],
  model = 'gpt-5.1',
  selection = false,
  expectedOutputTokens = 500,
  reasoningTokens = 2000,
  catalog = bundledCatalog(),
  promptCounts = {},
}: ExpectedPrompt): string {
  // A selection is priced alone: its context files are not added.
  const attached = selection ? [] : context;
  const sum = (texts: readonly string[], encoding: 'o200k_base' | 'cl100k_base') =>
    texts.reduce((total, text) => total + referenceCount(text, encoding), 0);
  const counts = {
    prompt: { ...promptCounts, o200k_base: referenceCount(prompt), cl100k_base: referenceCount(prompt, 'cl100k_base') },
    context: { o200k_base: sum(attached, 'o200k_base'), cl100k_base: sum(attached, 'cl100k_base') },
  };
  const estimate = estimateForModel(model, catalog.find(model), counts, {
    expectedOutput: { defaultTokens: expectedOutputTokens, reasoningTokens },
  });
  const approx = estimate.estimate ? '≈' : '';
  const files = attached.length > 0 ? ` +${attached.length} ${attached.length === 1 ? 'file' : 'files'}` : '';
  const cost = formatTotal(estimate.totalUsd, estimate).replace(/ \+ .*/, '+');
  return `$(symbol-number) ${approx}${formatCount(estimate.inputTokens.expected)} tok${selection ? ' selected' : ''}${files} · ${cost} · ${estimate.modelId}`;
}
