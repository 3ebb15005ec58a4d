// OpenAI's own tokenizer, the reference every count is checked against: tiktoken (Rust) built to WASM, npm
// `tiktoken`. Special-token strings are ordinary text in a prompt, so counts are `encode_ordinary`'s.
import { readFileSync } from 'node:fs';
import { get_encoding, Tiktoken } from 'tiktoken';

export type ReferenceEncoding = 'o200k_base' | 'cl100k_base' | 'o200k_harmony';

const encoders = new Map<ReferenceEncoding, Tiktoken>();

/** gpt-oss's chat-format special tokens (https://github.com/openai/harmony). */
export const HARMONY_SPECIALS: Readonly<Record<string, number>> = {
  '<|startoftext|>': 199998,
  '<|endoftext|>': 199999,
  '<|return|>': 200002,
  '<|constrain|>': 200003,
  '<|channel|>': 200005,
  '<|start|>': 200006,
  '<|end|>': 200007,
  '<|message|>': 200008,
  '<|call|>': 200012,
};

/**
 * o200k_harmony is o200k_base's ranks and pattern with the chat format's special tokens (tiktoken's
 * `openai_public.py`); the npm package does not ship it, so it is built from o200k_base's data the same way.
 */
function harmony(): Tiktoken {
  const base = JSON.parse(readFileSync(require.resolve('tiktoken/encoders/o200k_base.json'), 'utf8')) as {
    bpe_ranks: string;
    pat_str: string;
  };
  return new Tiktoken(base.bpe_ranks, { ...HARMONY_SPECIALS }, base.pat_str);
}

export function referenceEncoder(encoding: ReferenceEncoding): Tiktoken {
  let built = encoders.get(encoding);
  if (!built) {
    built = encoding === 'o200k_harmony' ? harmony() : get_encoding(encoding);
    encoders.set(encoding, built);
  }
  return built;
}

export function referenceCount(text: string, encoding: ReferenceEncoding = 'o200k_base'): number {
  return referenceEncoder(encoding).encode_ordinary(text).length;
}
