// Which tokenizer counts a model's tokens: exactly where the model's own tokenizer is public (OpenAI's encodings, the
// published vocabularies of Llama 3, Qwen 3, DeepSeek V3, Gemma 3 and Mistral Nemo); with a published vocabulary and a small range
// where a vendor uses one without saying it is identical (Gemini on Gemma 3's); else an estimate from the o200k_base
// count times a per-family factor (always shown as an estimate, with its range).
import type { EncodingName, VocabularyName } from '../counting/encodings';
import type { EncodingCounts } from '../counting/countEncodings';
import { defaultTokenizerFactors, type TokenizerFactor, type TokenizerFactors } from './tokenizerFactors';

/** Public tokenizers the project counts with exactly. */
export type TokenizerEncoding = 'o200k_base' | 'cl100k_base' | 'o200k_harmony' | VocabularyName;
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

/**
 * A published vocabulary the vendor's model is understood to use without the vendor saying it is identical: counted
 * with it, times the family's factor (1 until the user's logs calibrate it), shown with its range.
 */
export interface PublishedVocabularyTokenizer {
  readonly kind: 'published';
  readonly encoding: VocabularyName;
  readonly countWith: VocabularyName;
  /** Whose vocabulary, e.g. `Gemma 3`. */
  readonly label: string;
  /** The factor family, e.g. `gemini-on-gemma3`. */
  readonly family: string;
  readonly factor: number;
  readonly low: number;
  readonly high: number;
  /** The factor was fitted from this many of the user's requests. */
  readonly calibratedOn?: number;
}

export type TokenizerSpec = ExactTokenizer | PublishedVocabularyTokenizer | EstimatedTokenizer;

export interface TokenRange {
  readonly low: number;
  readonly expected: number;
  readonly high: number;
}

type Rule = { readonly match: RegExp } & (
  { readonly encoding: TokenizerEncoding } | { readonly published: VocabularyName; readonly family: string } | { readonly family: string }
);

const VOCABULARY_LABELS: Readonly<Record<VocabularyName, string>> = {
  llama3: 'Llama 3',
  qwen3: 'Qwen 3',
  deepseek_v3: 'DeepSeek V3',
  gemma3: 'Gemma 3',
  mistral_nemo: "Mistral Nemo's Tekken",
};

/** The factor family that estimates a vocabulary's count when that vocabulary was not counted. */
const ESTIMATE_FAMILY: Readonly<Record<VocabularyName, string>> = {
  llama3: 'llama3',
  qwen3: 'qwen3',
  deepseek_v3: 'deepseek-v3',
  gemma3: 'gemini',
  mistral_nemo: 'mistral',
};

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
  // Open-weights models ship the vocabulary they were trained with (Llama 3.x, Gemma 3, Qwen 3, DeepSeek V3 and R1).
  { match: /llama-?3/, encoding: 'llama3' },
  { match: /gemma-?3/, encoding: 'gemma3' },
  { match: /gemini/, published: 'gemma3', family: 'gemini-on-gemma3' },
  { match: /gemma/, family: 'gemini' },
  // V4 and the moving aliases (deepseek-chat, deepseek-reasoner) are not stated to keep V3's vocabulary.
  { match: /deepseek-(v3|r1)/, encoding: 'deepseek_v3' },
  { match: /deepseek/, published: 'deepseek_v3', family: 'deepseek-on-v3' },
  { match: /qwen-?3(?!.*(max|plus|turbo|flash))/, encoding: 'qwen3' },
  { match: /qwen|qwq/, published: 'qwen3', family: 'qwen-on-qwen3' },
  // Mistral Nemo's Tekken vocabulary, which Mistral's later models are built on without its saying each is identical.
  { match: /mistral-nemo/, encoding: 'mistral_nemo' },
  {
    match: /(ministral|codestral|pixtral|magistral|devstral|mistral-(large|medium|small))(?!.*-(23\d\d|240[0-6]))/,
    published: 'mistral_nemo',
    family: 'mistral-on-tekken',
  },
];

const COUNT_WITH: Readonly<Record<TokenizerEncoding, CountingEncoding>> = {
  o200k_base: 'o200k_base',
  cl100k_base: 'cl100k_base',
  o200k_harmony: 'o200k_base',
  llama3: 'llama3',
  qwen3: 'qwen3',
  deepseek_v3: 'deepseek_v3',
  gemma3: 'gemma3',
  mistral_nemo: 'mistral_nemo',
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
    if ('published' in rule) return published(rule.published, rule.family, factors);
    return estimated(rule.family, factors);
  }
  return estimated('other', factors);
}

function published(vocabulary: VocabularyName, family: string, factors: TokenizerFactors): PublishedVocabularyTokenizer {
  const entry = factors[family] ?? defaultTokenizerFactors[family];
  return {
    kind: 'published',
    encoding: vocabulary,
    countWith: vocabulary,
    label: VOCABULARY_LABELS[vocabulary],
    family,
    ...factorOf(entry),
  };
}

function estimated(family: string, factors: TokenizerFactors): EstimatedTokenizer {
  const entry = factors[family] ?? factors.other ?? defaultTokenizerFactors.other;
  return {
    kind: 'estimate',
    baseEncoding: 'o200k_base',
    family,
    label: entry.label,
    ...factorOf(entry),
  };
}

const factorOf = ({ factor, low, high, calibratedOn }: TokenizerFactor) => ({
  factor,
  low,
  high,
  ...(calibratedOn === undefined ? {} : { calibratedOn }),
});

/**
 * A count in the model's own tokens. `count` is in the tokenizer's counting encoding: exact → the count itself (low =
 * expected = high); published vocabulary or estimate → the base count times the family's low / expected / high
 * factors, rounded.
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
  return tokenizer.kind === 'estimate' ? tokenizer.baseEncoding : tokenizer.countWith;
}

/** The encodings the models' tokenizers count with, besides o200k_base (always counted), each once. */
export function encodingsFor(modelIds: Iterable<string>, factors: TokenizerFactors = defaultTokenizerFactors): EncodingName[] {
  const encodings = new Set<EncodingName>();
  for (const id of modelIds) encodings.add(countingEncodingFor(tokenizerFor(id, factors)));
  encodings.delete('o200k_base');
  return [...encodings];
}

/**
 * The tokenizer a count can be made with: the model's own when `counts` has its encoding, else (a vocabulary not
 * counted for this prompt) the family's estimate from the o200k_base count, shown as an estimate.
 */
export function countableTokenizer(
  tokenizer: TokenizerSpec,
  counts: EncodingCounts,
  factors: TokenizerFactors = defaultTokenizerFactors,
): TokenizerSpec {
  if (tokenizer.kind === 'estimate' || counts[tokenizer.countWith] !== undefined || counts.o200k_base === 0) return tokenizer;
  if (tokenizer.countWith === 'o200k_base' || tokenizer.countWith === 'cl100k_base') return tokenizer;
  return estimated(ESTIMATE_FAMILY[tokenizer.countWith], factors);
}
