import { Tiktoken } from 'js-tiktoken/lite';
import { CountingEngine } from './countingEngine';
import type { TiktokenRankData } from './rankTable';

/** Encodings Tokenwise can count exactly. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

export const ENCODING_NAMES: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

/**
 * js-tiktoken's rank data for an encoding. Required here, not imported at the
 * top, so the multi-megabyte rank strings are only parsed by the code that
 * counts (the worker), never at activation.
 */
export function loadRankData(name: EncodingName): TiktokenRankData {
  switch (name) {
    case 'o200k_base':
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require('js-tiktoken/ranks/o200k_base') as TiktokenRankData;
    case 'cl100k_base':
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require('js-tiktoken/ranks/cl100k_base') as TiktokenRankData;
  }
}

/** Builds a js-tiktoken encoder. Slow (about a second) and large: call once, off the UI path. */
export function loadEncoder(name: EncodingName): Tiktoken {
  return new Tiktoken(loadRankData(name));
}

/**
 * Builds the counting engine Tokenwise counts with: exact, fast and without
 * pathological inputs. A few hundred milliseconds: call once, off the UI path.
 */
export function loadEngine(name: EncodingName): CountingEngine {
  return CountingEngine.fromRankData(loadRankData(name));
}

/**
 * Counts tokens exactly as the model would see plain text: special-token
 * strings such as `<|endoftext|>` are ordinary text in a prompt, so they are
 * neither allowed as specials nor rejected (js-tiktoken throws by default).
 */
export function countWith(encoder: Tiktoken | CountingEngine, text: string): number {
  return encoder instanceof CountingEngine ? encoder.count(text) : encoder.encode(text, [], []).length;
}
