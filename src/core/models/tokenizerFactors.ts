// How many tokens a model whose tokenizer is not public uses for a text, relative to a count this project makes of it:
// o200k_base's for the estimated families, the published vocabulary's for a vendor that uses one without saying it is
// identical (the `…-on-…` families, 1 with a small range until the user's logs calibrate it). Plain data so that a
// team configuration can replace it. The starting values come from published comparisons and this project's
// measurements, as each entry's basis says.

export interface TokenizerFactor {
  /** Shown in tooltips, e.g. `Claude 3 to 4.6`. */
  readonly label: string;
  /** Expected ratio of the model's token count to the base count (o200k_base's, or the published vocabulary's). */
  readonly factor: number;
  /** Lower end of the plausible ratio. */
  readonly low: number;
  /** Upper end of the plausible ratio. */
  readonly high: number;
  /** Where the numbers come from. */
  readonly basis: string;
  /** Fitted from this many of the user's own requests (`calibration/`), rather than published. */
  readonly calibratedOn?: number;
}

/** Family name → factor. The families are assigned to models in tokenizers.ts. */
export type TokenizerFactors = Readonly<Record<string, TokenizerFactor>>;

function publishedVocabulary(label: string, vocabulary: string): TokenizerFactor {
  return {
    label,
    factor: 1,
    low: 0.97,
    high: 1.03,
    basis: `Counted with ${vocabulary}, which the vendor uses without saying it is identical: 1 (0.97–1.03) of its count.`,
  };
}

export const defaultTokenizerFactors: TokenizerFactors = {
  claude: {
    label: 'Claude 3 to 4.6',
    factor: 1.2,
    low: 1.16,
    high: 1.3,
    basis: 'Published comparisons of Claude 3–4.6 and o200k_base counts: about 1.20 (1.16–1.30).',
  },
  'claude-2026': {
    label: 'Claude Opus 4.7 and later',
    // The newer tokenizer counts 1.0–1.35× the older one: 1.16 × 1.0 = 1.16, 1.20 × 1.175 ≈ 1.41, 1.30 × 1.35 ≈ 1.76.
    factor: 1.41,
    low: 1.16,
    high: 1.76,
    basis: "Claude 3–4.6 factor (1.20, 1.16–1.30) times the newer tokenizer's published 1.0–1.35× of the older one.",
  },
  gemini: {
    label: 'Gemini',
    factor: 1.14,
    low: 1.08,
    high: 1.2,
    basis: 'Published comparisons of Gemini and o200k_base counts: 1.08–1.20 (midpoint shown).',
  },
  'deepseek-v3': {
    label: 'DeepSeek V3',
    factor: 1.04,
    low: 1.0,
    high: 1.1,
    basis: 'Published comparison: about 1.04. The range is provisional.',
  },
  qwen3: {
    label: 'Qwen 3',
    factor: 1.06,
    low: 1.0,
    high: 1.12,
    basis: 'Published comparison: about 1.06. The range is provisional.',
  },
  llama3: {
    label: 'Llama 3',
    factor: 1.0,
    low: 0.95,
    high: 1.1,
    basis: "Measured by this project on its own README and sources with Llama 3's published vocabulary: 0.997.",
  },
  mistral: {
    label: 'Mistral (Tekken)',
    factor: 1.05,
    low: 0.98,
    high: 1.15,
    basis: "Measured by this project on its own README and sources with Mistral Nemo's published Tekken vocabulary: 1.047.",
  },
  // A vendor's model counted with a published vocabulary the vendor does not call its own: its own count is taken to
  // be within 3 % of that vocabulary's until the user's logs say how far.
  'gemini-on-gemma3': publishedVocabulary('Gemini on Gemma 3', "Gemma 3's published vocabulary"),
  'deepseek-on-v3': publishedVocabulary('DeepSeek on DeepSeek V3', "DeepSeek V3's published vocabulary"),
  'qwen-on-qwen3': publishedVocabulary('Qwen on Qwen 3', "Qwen 3's published vocabulary"),
  'mistral-on-tekken': publishedVocabulary('Mistral on Tekken', "Mistral Nemo's published Tekken vocabulary"),
  other: {
    label: 'Unknown tokenizer',
    factor: 1.1,
    low: 0.9,
    high: 1.4,
    basis: 'No comparison available: a wide provisional range around o200k_base.',
  },
};
