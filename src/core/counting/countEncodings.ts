import type { EncodingName } from './encodings';
import { countTexts, type CountLimits, type CountOutcome, type CountScope, type TextCounter } from './countTexts';

/** Token counts of one text in each encoding counted; `o200k_base` is always there. */
export type EncodingCounts = { readonly o200k_base: number } & Partial<Record<EncodingName, number>>;

/**
 * Counts texts in every encoding the price catalog's exact tokenizers use
 * (o200k_base is also the base of the estimates); undefined counts when the
 * o200k_base count did not succeed, with the outcome saying why.
 */
export async function countEncodings(
  counter: TextCounter,
  texts: readonly string[],
  scope: CountScope,
  limits: CountLimits,
): Promise<{ outcome: CountOutcome; counts: EncodingCounts | undefined }> {
  const [o200k, cl100k] = await Promise.all([
    countTexts(counter, texts, scope, 'o200k_base', limits),
    countTexts(counter, texts, scope, 'cl100k_base', limits),
  ]);
  if (o200k.kind !== 'counted') return { outcome: o200k, counts: undefined };
  return { outcome: o200k, counts: { o200k_base: o200k.tokens, ...(cl100k.kind === 'counted' ? { cl100k_base: cl100k.tokens } : {}) } };
}
