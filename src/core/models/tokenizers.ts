// Which tokenizer counts a model's tokens: exactly where the tokenizer is public, else an estimate from the
// o200k_base count times a per-family factor (always shown as an estimate, with its range).
import type { EncodingName } from '../counting/encodings';
import { defaultTokenizerFactors, type TokenizerFactors } from './tokenizerFactors';

/** Public tokenizers the project counts with exactly. */
export type TokenizerEncoding = 'o200k_base' | 'cl100k_base' | 'o200k_harmony';
/** The encodings the token counter itself loads. */
export type CountingEncoding = EncodingName;

export interface ExactTokenizer {
  readonly kind: 'exact';
  readonly encoding: TokenizerEncoding;
  /**
   * The encoding to count with. o200k_harmony is o200k_base's ranks plus chat-format special tokens, so plain
   * prompt text counts the same with o200k_base.
   */
  readonly countWith: CountingEncoding;
}

export interface EstimatedTokenizer {
  readonly kind: 'estimate';
  readonly baseEncoding: 'o200k_base';
  readonly family: string;
  readonly label: string;
  readonly factor: number;
  readonly low: number;
  readonly high: number;
  /** The factor was fitted from this many of the user's requests. */
  readonly calibratedOn?: number;
}

export type TokenizerSpec = ExactTokenizer | EstimatedTokenizer;

export interface TokenRange {
  readonly low: number;
  readonly expected: number;
  readonly high: number;
}

type Rule = { readonly match: RegExp } & ({ readonly encoding: TokenizerEncoding } | { readonly family: string });

/**
 * Model id → tokenizer, first match wins. The project keeps its own map: js-tiktoken's model map throws on models
 * newer than the library.
 */
const RULES: readonly Rule[] = [
  { match: /^gpt-oss/, encoding: 'o200k_harmony' },
  // gpt-4 (not gpt-4o / gpt-4.1 / gpt-4.5), gpt-3.5 and the text-embedding-3 / ada-002 models.
  { match: /^(ft:)?(gpt-4(?![o.])|gpt-3\.5|gpt-35)|^text-embedding-(3|ada-002)/, encoding: 'cl100k_base' },
  {
    match: /^(ft:)?(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|chatgpt-4o|o1|o3|o4|codex-mini|gpt-realtime|gpt-audio|gpt-image|computer-use)/,
    encoding: 'o200k_base',
  },
  // Claude Opus 4.7 and later, and every Claude 5-generation model, use the newer tokenizer.
  { match: /claude-(opus-4[-.][7-9]|4[-.][7-9]-opus|[a-z]+-[5-9]|[5-9][-.])|claude-fable/, family: 'claude-2026' },
  { match: /claude/, family: 'claude' },
  { match: /gemini|gemma/, family: 'gemini' },
  { match: /deepseek/, family: 'deepseek-v3' },
  { match: /qwen/, family: 'qwen3' },
];

const COUNT_WITH: Readonly<Record<TokenizerEncoding, CountingEncoding>> = {
  o200k_base: 'o200k_base',
  cl100k_base: 'cl100k_base',
  o200k_harmony: 'o200k_base',
};

/** A model id without a provider prefix such as `openai/` or `anthropic/`, as the providers' own APIs name models. */
export function withoutProviderPrefix(modelId: string): string {
  return modelId.trim().replace(/^[a-z0-9-]+\//i, '');
}

/** The tokenizer of a model id (a provider prefix such as `openai/` is ignored). Unknown models get the `other` estimate. */
export function tokenizerFor(modelId: string, factors: TokenizerFactors = defaultTokenizerFactors): TokenizerSpec {
  const id = withoutProviderPrefix(modelId).toLowerCase();
  for (const rule of RULES) {
    if (!rule.match.test(id)) continue;
    if ('encoding' in rule) return { kind: 'exact', encoding: rule.encoding, countWith: COUNT_WITH[rule.encoding] };
    return estimated(rule.family, factors);
  }
  return estimated('other', factors);
}

function estimated(family: string, factors: TokenizerFactors): EstimatedTokenizer {
  const entry = factors[family] ?? factors.other ?? defaultTokenizerFactors.other;
  return {
    kind: 'estimate',
    baseEncoding: 'o200k_base',
    family,
    label: entry.label,
    factor: entry.factor,
    low: entry.low,
    high: entry.high,
    ...(entry.calibratedOn === undefined ? {} : { calibratedOn: entry.calibratedOn }),
  };
}

/**
 * A count in the model's own tokens. `count` is in the tokenizer's counting encoding: exact → the count itself (low =
 * expected = high); estimate → the o200k_base count times the family's low / expected / high factors, rounded.
 */
export function modelTokens(count: number, tokenizer: TokenizerSpec): TokenRange {
  if (tokenizer.kind === 'exact') return { low: count, expected: count, high: count };
  return {
    low: Math.round(count * tokenizer.low),
    expected: Math.round(count * tokenizer.factor),
    high: Math.round(count * tokenizer.high),
  };
}

/** The encoding to count a model's text with. */
export function countingEncodingFor(tokenizer: TokenizerSpec): CountingEncoding {
  return tokenizer.kind === 'exact' ? tokenizer.countWith : tokenizer.baseEncoding;
}
