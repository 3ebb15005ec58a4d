import { Tiktoken } from 'js-tiktoken/lite';

/** Encodings Tokenwise can count exactly. */
export type EncodingName = 'o200k_base';

export const DEFAULT_ENCODING: EncodingName = 'o200k_base';

/** Builds a js-tiktoken encoder. Slow (about a second) and large: call once, off the UI path. */
export function loadEncoder(name: EncodingName): Tiktoken {
  switch (name) {
    case 'o200k_base':
      // Required here, not imported at the top, so the 2 MB rank table is only
      // parsed by the code that counts (the worker), never at activation.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return new Tiktoken(require('js-tiktoken/ranks/o200k_base') as ConstructorParameters<typeof Tiktoken>[0]);
  }
}

/**
 * Counts tokens exactly as the model would see plain text: special-token
 * strings such as `<|endoftext|>` are ordinary text in a prompt, so they are
 * neither allowed as specials nor rejected (js-tiktoken throws by default).
 */
export function countWith(encoder: Tiktoken, text: string): number {
  return encoder.encode(text, [], []).length;
}
