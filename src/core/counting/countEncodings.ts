import type { EncodingName } from './encodings';
import { countTexts, type CountLimits, type CountOutcome, type CountScope, type TextCounter } from './countTexts';

/** Token counts of one text in each encoding counted; `o200k_base` is always there. */
export type EncodingCounts = { readonly o200k_base: number } & Partial<Record<EncodingName, number>>;

/** The encodings counted besides o200k_base when the caller names none: OpenAI's older one. */
export const DEFAULT_EXTRA_ENCODINGS: readonly EncodingName[] = ['cl100k_base'];

/**
 * Counts texts in o200k_base (the base of the estimates) and in each of `encodings` (those of the models in view, see
 * `encodingsFor`); undefined counts when the o200k_base count did not succeed, with the outcome saying why. An
 * encoding whose count failed is left out, and its models fall back to their family's estimate.
 */
export async function countEncodings(
  counter: TextCounter,
  texts: readonly string[],
  scope: CountScope,
  limits: CountLimits,
  encodings: readonly EncodingName[] = DEFAULT_EXTRA_ENCODINGS,
): Promise<{ outcome: CountOutcome; counts: EncodingCounts | undefined }> {
  const extra = encodings.filter((encoding) => encoding !== 'o200k_base');
  const [o200k, ...others] = await Promise.all(
    ['o200k_base' as const, ...extra].map((encoding) => countTexts(counter, texts, scope, encoding, limits)),
  );
  if (o200k.kind !== 'counted') return { outcome: o200k, counts: undefined };
  return { outcome: o200k, counts: countsOf(o200k.tokens, extra, others) };
}

/** The counts object of an o200k_base count and the other encodings' outcomes (the counted ones). */
export function countsOf(o200k: number, encodings: readonly EncodingName[], outcomes: readonly (CountOutcome | number)[]): EncodingCounts {
  const counts: Partial<Record<EncodingName, number>> = {};
  encodings.forEach((encoding, i) => {
    const outcome = outcomes[i];
    if (typeof outcome === 'number') counts[encoding] = outcome;
    else if (outcome.kind === 'counted') counts[encoding] = outcome.tokens;
  });
  return { ...counts, o200k_base: o200k };
}
