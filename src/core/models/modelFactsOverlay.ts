// Hand-kept model facts the price data does not carry: retirements and deprecations with their dates, moving aliases,
// names the data gets wrong, and generations an id does not spell. Keys are `provider/id` as in the catalog; every
// entry names its source. The rules in modelFacts.ts derive everything else.
import type { ModelKind, ModelStatus, ReasoningMode } from './modelFacts';

export interface FactsOverlayEntry {
  readonly kind?: ModelKind;
  readonly status?: ModelStatus;
  /** `YYYY-MM-DD`: the retirement date (for a deprecated model, the announced one). */
  readonly statusDate?: string;
  readonly reasoning?: ReasoningMode;
  readonly family?: string;
  readonly generation?: number;
  readonly released?: string;
  /** A moving name that stands for whichever model the provider points it at. */
  readonly alias?: boolean;
  readonly name?: string;
  readonly source: string;
}

const ANTHROPIC = 'https://platform.claude.com/docs/en/about-claude/model-deprecations';
const OPENAI = 'https://platform.openai.com/docs/deprecations';
const GOOGLE = 'https://ai.google.dev/gemini-api/docs/deprecations';
const OPENAI_MODELS = 'https://platform.openai.com/docs/models';
const DEEPSEEK = 'https://api-docs.deepseek.com/quick_start/pricing';
const MISTRAL = 'https://docs.mistral.ai/getting-started/models/models_overview/';

const retired = (statusDate: string | undefined, source: string): FactsOverlayEntry => ({ status: 'retired', statusDate, source });

export const factsOverlay: Readonly<Record<string, FactsOverlayEntry>> = {
  // Anthropic
  'anthropic/claude-v1': retired('2024-11-06', ANTHROPIC),
  'anthropic/claude-2': retired('2025-07-21', ANTHROPIC),
  'anthropic/claude-3-sonnet': retired('2025-07-21', ANTHROPIC),
  'anthropic/claude-3-5-sonnet': retired('2025-10-28', ANTHROPIC),
  'anthropic/claude-3-opus-latest': retired('2026-01-05', ANTHROPIC),
  'anthropic/claude-3-7-sonnet-latest': retired('2026-02-19', ANTHROPIC),
  'anthropic/claude-3-5-haiku-latest': retired('2026-02-19', ANTHROPIC),
  'anthropic/claude-opus-4-0': retired('2026-06-15', ANTHROPIC),
  'anthropic/claude-sonnet-4-0': retired('2026-06-15', ANTHROPIC),
  'anthropic/claude-opus-4-1': retired('2026-08-05', ANTHROPIC),
  'anthropic/claude-opus-4-5': { status: 'deprecated', statusDate: '2027-01-22', source: ANTHROPIC },

  // OpenAI
  'openai/ada': retired('2024-01-04', OPENAI),
  'openai/babbage': retired('2024-01-04', OPENAI),
  'openai/curie': retired('2024-01-04', OPENAI),
  'openai/davinci': retired('2024-01-04', OPENAI),
  'openai/text-davinci-002': retired('2024-01-04', OPENAI),
  'openai/text-davinci-003': retired('2024-01-04', OPENAI),
  'openai/gpt-3.5-0301': retired('2024-09-13', OPENAI),
  'openai/gpt-3.5-turbo-0613': retired('2024-09-13', OPENAI),
  'openai/gpt-4-vision-preview': retired('2024-12-06', OPENAI),
  'openai/gpt-4-32k': retired('2025-06-06', OPENAI),
  'openai/gpt-4.5-preview': retired('2025-07-14', OPENAI),
  'openai/o1-preview': retired('2025-07-28', OPENAI),
  'openai/o1-mini': retired('2025-10-27', OPENAI),
  'openai/o4-mini': { name: 'o4-mini', source: `${OPENAI_MODELS}/o4-mini` },
  'openai/chatgpt-4o-latest': { alias: true, source: `${OPENAI_MODELS}/chatgpt-4o-latest` },
  'openai/gpt-chat-latest': { alias: true, source: OPENAI_MODELS },

  // Google
  'google/gemini-pro': retired(undefined, GOOGLE),
  'google/gemini-1.0-pro-vision-001': retired(undefined, GOOGLE),
  'google/gemini-1.5-flash': retired('2025-09-24', GOOGLE),
  'google/gemini-1.5-pro': retired('2025-09-24', GOOGLE),
  'google/gemini-flash-1.5': retired('2025-09-24', GOOGLE),
  'google/gemini-flash-1.5-8b': retired('2025-09-24', GOOGLE),
  'google/gemini-pro-1.5': retired('2025-09-24', GOOGLE),
  'google/gemini-3-pro-image-preview': retired('2026-06-25', GOOGLE),
  'google/gemini-3.1-flash-image-preview': retired('2026-06-25', GOOGLE),

  // DeepSeek: the API's two names follow the newest model.
  'deepseek/deepseek-chat': { alias: true, source: DEEPSEEK },
  'deepseek/deepseek-reasoner': { alias: true, source: DEEPSEEK },

  // Mistral: ids without a generation.
  'mistral/mistral-large': { generation: 2, source: MISTRAL },
  'mistral/mistral-medium-2312': { generation: 1, source: MISTRAL },
};
