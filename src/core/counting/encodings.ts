import { Tiktoken } from 'js-tiktoken/lite';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { CountingEngine } from './countingEngine';
import type { TiktokenRankData } from './rankTable';
import { parseVocabulary, vocabularyTokenization } from './vocabularyTokenization';

/** OpenAI's encodings, counted from js-tiktoken's rank data. */
export type RankEncodingName = 'o200k_base' | 'cl100k_base';
/** Published vocabularies, converted at build time (scripts/generateVocabularies.mjs). */
export type VocabularyName = 'llama3' | 'qwen3' | 'deepseek_v3' | 'gemma3' | 'mistral_nemo';
/** Encodings Tokenwise can count exactly. */
export type EncodingName = RankEncodingName | VocabularyName;

export const ENCODING_NAMES: readonly RankEncodingName[] = ['o200k_base', 'cl100k_base'];
export const VOCABULARY_NAMES: readonly VocabularyName[] = ['llama3', 'qwen3', 'deepseek_v3', 'gemma3', 'mistral_nemo'];

function isRankEncoding(name: EncodingName): name is RankEncodingName {
  return name === 'o200k_base' || name === 'cl100k_base';
}

/**
 * The converted vocabulary file: beside the bundle that counts (dist/vocabularies), or, for the compiled tests, in
 * the build's output.
 */
export function vocabularyPath(name: VocabularyName): string {
  const candidates = [join(__dirname, 'vocabularies'), join(__dirname, '..', '..', '..', '..', 'dist', 'vocabularies')];
  const directory = candidates.find((candidate) => existsSync(join(candidate, `${name}.bin`))) ?? candidates[0];
  return join(directory, `${name}.bin`);
}

/**
 * js-tiktoken's rank data for an encoding. Required here, not imported at the
 * top, so the multi-megabyte rank strings are only parsed by the code that
 * counts (the worker), never at activation.
 */
export function loadRankData(name: RankEncodingName): TiktokenRankData {
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
export function loadEncoder(name: RankEncodingName): Tiktoken {
  return new Tiktoken(loadRankData(name));
}

/**
 * Builds the counting engine Tokenwise counts with: exact, fast and without
 * pathological inputs. A few hundred milliseconds: call once, off the UI path.
 */
export function loadEngine(name: EncodingName): CountingEngine {
  if (isRankEncoding(name)) return CountingEngine.fromRankData(loadRankData(name));
  const file = brotliDecompressSync(readFileSync(vocabularyPath(name)));
  return new CountingEngine(vocabularyTokenization(parseVocabulary(file)));
}

/**
 * Counts tokens exactly as the model would see plain text: special-token
 * strings such as `<|endoftext|>` are ordinary text in a prompt, so they are
 * neither allowed as specials nor rejected (js-tiktoken throws by default).
 */
export function countWith(encoder: Tiktoken | CountingEngine, text: string): number {
  return encoder instanceof CountingEngine ? encoder.count(text) : encoder.encode(text, [], []).length;
}
