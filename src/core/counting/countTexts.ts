import type { EncodingName } from './encodings';
import { CountTimeoutError } from './workerTokenCounter';

/** Anything that can count a batch of texts, such as `WorkerTokenCounter`. */
export interface TextCounter {
  count(texts: readonly string[], encoding: EncodingName, timeoutMs: number): Promise<number>;
}

export interface CountLimits {
  /** Texts whose UTF-8 size adds up to more than this are not counted. */
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** What was counted: a whole document or the selected parts of it. */
export type CountScope = 'document' | 'selection';

export type CountOutcome =
  | { readonly kind: 'counted'; readonly scope: CountScope; readonly tokens: number; readonly encoding: EncodingName }
  | { readonly kind: 'tooLarge'; readonly scope: CountScope; readonly bytes: number; readonly maxBytes: number }
  | { readonly kind: 'timedOut'; readonly scope: CountScope; readonly timeoutMs: number }
  | { readonly kind: 'failed'; readonly scope: CountScope; readonly message: string };

export function utf8Size(texts: readonly string[]): number {
  let bytes = 0;
  for (const text of texts) bytes += Buffer.byteLength(text, 'utf8');
  return bytes;
}

/**
 * Counts texts within the limits and says what happened; never throws, so a
 * caller can show every outcome as it is.
 */
export async function countTexts(
  counter: TextCounter,
  texts: readonly string[],
  scope: CountScope,
  encoding: EncodingName,
  limits: CountLimits,
): Promise<CountOutcome> {
  const bytes = utf8Size(texts);
  if (bytes > limits.maxBytes) return { kind: 'tooLarge', scope, bytes, maxBytes: limits.maxBytes };
  try {
    const tokens = await counter.count(texts, encoding, limits.timeoutMs);
    return { kind: 'counted', scope, tokens, encoding };
  } catch (error) {
    if (error instanceof CountTimeoutError) return { kind: 'timedOut', scope, timeoutMs: error.timeoutMs };
    return { kind: 'failed', scope, message: error instanceof Error ? error.message : String(error) };
  }
}
