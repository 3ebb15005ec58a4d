// Hand-kept model limits and price tiers that fill gaps in the generated catalog (which has context windows for most
// models, no maximum output lengths, and misses some long-context tiers). A value here is used only where the
// generated catalog has none. Keys are `provider/id` as in the catalog; every entry names where its numbers come from.
import type { PriceTier } from './types';

export interface OverlayEntry {
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
  /** A longer window offered on request, and how to ask for it ("with the context-1m beta header"). */
  readonly extendedContextWindow?: number;
  readonly extendedContextNote?: string;
  /** Long-context price tiers the data lacks (only the rates the source gives; the others stay the base rates). */
  readonly tiers?: readonly PriceTier[];
  /** The provider serves this name with another of its models from a day on (a renamed line): priced as that one then. */
  readonly routesTo?: { readonly model: string; readonly from: string };
  /** The day the provider stopped serving the name: it is offered no more (requests before it keep their price). */
  readonly retiredOn?: string;
  /** Where the numbers come from (a documentation page). */
  readonly source: string;
}

const OPENAI_MODELS = 'https://platform.openai.com/docs/models';
const ANTHROPIC_MODELS = 'https://docs.anthropic.com/en/docs/about-claude/models/overview';
const GEMINI_MODELS = 'https://ai.google.dev/gemini-api/docs/models';
const MISTRAL_MODELS = 'https://docs.mistral.ai/getting-started/models/models_overview/';
const DEEPSEEK_PRICING = 'https://api-docs.deepseek.com/quick_start/pricing';
const XAI_MODELS = 'https://docs.x.ai/docs/models';
const GROK_FAST_LONG_CONTEXT: OverlayEntry = {
  tiers: [{ aboveInputTokens: 128_000, rates: { input: 0.4, output: 1 } }],
  source: XAI_MODELS,
};

export const catalogOverlay: Readonly<Record<string, OverlayEntry>> = {
  // OpenAI
  'openai/gpt-3.5-turbo': { maxOutputTokens: 4_096, source: `${OPENAI_MODELS}/gpt-3.5-turbo` },
  'openai/gpt-4': { maxOutputTokens: 8_192, source: `${OPENAI_MODELS}/gpt-4` },
  'openai/gpt-4-turbo': { maxOutputTokens: 4_096, source: `${OPENAI_MODELS}/gpt-4-turbo` },
  'openai/gpt-4.1': { maxOutputTokens: 32_768, source: `${OPENAI_MODELS}/gpt-4.1` },
  'openai/gpt-4.1-mini': { maxOutputTokens: 32_768, source: `${OPENAI_MODELS}/gpt-4.1-mini` },
  'openai/gpt-4.1-nano': { maxOutputTokens: 32_768, source: `${OPENAI_MODELS}/gpt-4.1-nano` },
  'openai/gpt-4.5-preview': { contextWindow: 128_000, maxOutputTokens: 16_384, source: `${OPENAI_MODELS}/gpt-4.5-preview` },
  'openai/gpt-4o': { maxOutputTokens: 16_384, source: `${OPENAI_MODELS}/gpt-4o` },
  'openai/gpt-4o-mini': { maxOutputTokens: 16_384, source: `${OPENAI_MODELS}/gpt-4o-mini` },
  'openai/gpt-5': { maxOutputTokens: 128_000, source: `${OPENAI_MODELS}/gpt-5` },
  'openai/gpt-5-mini': { maxOutputTokens: 128_000, source: `${OPENAI_MODELS}/gpt-5-mini` },
  'openai/gpt-5-nano': { maxOutputTokens: 128_000, source: `${OPENAI_MODELS}/gpt-5-nano` },
  'openai/gpt-5.1': { maxOutputTokens: 128_000, source: `${OPENAI_MODELS}/gpt-5.1` },
  'openai/gpt-oss-120b': { maxOutputTokens: 131_072, source: `${OPENAI_MODELS}/gpt-oss-120b` },
  'openai/gpt-oss-20b': { maxOutputTokens: 131_072, source: `${OPENAI_MODELS}/gpt-oss-20b` },
  'openai/o1': { maxOutputTokens: 100_000, source: `${OPENAI_MODELS}/o1` },
  'openai/o3': { maxOutputTokens: 100_000, source: `${OPENAI_MODELS}/o3` },
  'openai/o3-mini': { maxOutputTokens: 100_000, source: `${OPENAI_MODELS}/o3-mini` },
  'openai/o4-mini': { maxOutputTokens: 100_000, source: `${OPENAI_MODELS}/o4-mini` },

  // Anthropic
  'anthropic/claude-3-5-haiku-latest': { maxOutputTokens: 8_192, source: ANTHROPIC_MODELS },
  'anthropic/claude-3-5-sonnet': { maxOutputTokens: 8_192, source: ANTHROPIC_MODELS },
  'anthropic/claude-3-7-sonnet-latest': { maxOutputTokens: 64_000, source: ANTHROPIC_MODELS },
  'anthropic/claude-3-haiku': { maxOutputTokens: 4_096, source: ANTHROPIC_MODELS },
  'anthropic/claude-3-opus-latest': { maxOutputTokens: 4_096, source: ANTHROPIC_MODELS },
  'anthropic/claude-haiku-4-5': { maxOutputTokens: 64_000, source: ANTHROPIC_MODELS },
  'anthropic/claude-opus-4-0': { maxOutputTokens: 32_000, source: ANTHROPIC_MODELS },
  'anthropic/claude-opus-4-1': { maxOutputTokens: 32_000, source: ANTHROPIC_MODELS },
  'anthropic/claude-opus-4-5': { maxOutputTokens: 64_000, source: ANTHROPIC_MODELS },
  'anthropic/claude-sonnet-4-0': { maxOutputTokens: 64_000, source: ANTHROPIC_MODELS },
  'anthropic/claude-sonnet-4-5': {
    maxOutputTokens: 64_000,
    extendedContextWindow: 1_000_000,
    extendedContextNote: 'with the context-1m beta header',
    source: 'https://platform.claude.com/docs/en/build-with-claude/context-windows',
  },

  // Google
  'google/gemini-1.5-flash': { maxOutputTokens: 8_192, source: GEMINI_MODELS },
  'google/gemini-1.5-pro': { maxOutputTokens: 8_192, source: GEMINI_MODELS },
  'google/gemini-2.0-flash': { maxOutputTokens: 8_192, source: GEMINI_MODELS },
  'google/gemini-2.0-flash-lite': { maxOutputTokens: 8_192, source: GEMINI_MODELS },
  'google/gemini-2.5-flash': { maxOutputTokens: 65_536, source: GEMINI_MODELS },
  'google/gemini-2.5-flash-lite': { maxOutputTokens: 65_536, source: GEMINI_MODELS },
  'google/gemini-2.5-pro': { contextWindow: 1_048_576, maxOutputTokens: 65_536, source: GEMINI_MODELS },
  'google/gemini-3-pro-preview': { contextWindow: 1_048_576, maxOutputTokens: 65_536, source: GEMINI_MODELS },

  // Mistral
  'mistral/mistral-large': { contextWindow: 131_072, source: MISTRAL_MODELS },
  'mistral/mistral-medium-3-1': { contextWindow: 131_072, source: MISTRAL_MODELS },
  'mistral/mistral-small-latest': { contextWindow: 131_072, source: MISTRAL_MODELS },

  // xAI: "higher context pricing" above 128K input tokens, input and output doubled (https://docs.x.ai/docs/models).
  'x-ai/grok-4-0709': { tiers: [{ aboveInputTokens: 128_000, rates: { input: 6, output: 30 } }], source: XAI_MODELS },
  'x-ai/grok-4-fast-reasoning': GROK_FAST_LONG_CONTEXT,
  'x-ai/grok-4-fast-non-reasoning': GROK_FAST_LONG_CONTEXT,
  'x-ai/grok-4-1-fast-reasoning': GROK_FAST_LONG_CONTEXT,
  'x-ai/grok-4-1-fast-non-reasoning': GROK_FAST_LONG_CONTEXT,

  // DeepSeek
  // DeepSeek's V4 release (April 24, 2026): the legacy names "are currently routing to deepseek-v4-flash
  // non-thinking/thinking", and "will be fully retired and inaccessible after Jul 24th, 2026, 15:59 (UTC Time)".
  'deepseek/deepseek-chat': {
    maxOutputTokens: 8_192,
    routesTo: { model: 'deepseek-v4-flash', from: '2026-04-24' },
    retiredOn: '2026-07-24',
    source: DEEPSEEK_PRICING,
  },
  'deepseek/deepseek-reasoner': {
    maxOutputTokens: 65_536,
    routesTo: { model: 'deepseek-v4-flash', from: '2026-04-24' },
    retiredOn: '2026-07-24',
    source: DEEPSEEK_PRICING,
  },
};
