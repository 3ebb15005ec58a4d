// js-tiktoken used directly, as the reference every count is checked against.
import { Tiktoken } from 'js-tiktoken/lite';

type Encoding = 'o200k_base' | 'cl100k_base';
const encoders = new Map<Encoding, Tiktoken>();

export function referenceCount(text: string, encoding: Encoding = 'o200k_base'): number {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    encoder = new Tiktoken(encoding === 'o200k_base' ? require('js-tiktoken/ranks/o200k_base') : require('js-tiktoken/ranks/cl100k_base'));
    encoders.set(encoding, encoder);
  }
  return encoder.encode(text, [], []).length;
}
