// js-tiktoken used directly, as the reference every count is checked against.
import { Tiktoken } from 'js-tiktoken/lite';

let o200k: Tiktoken | undefined;

export function referenceCount(text: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  o200k ??= new Tiktoken(require('js-tiktoken/ranks/o200k_base'));
  return o200k.encode(text, [], []).length;
}
