// What a calibration source gives: how much a conversation's prompt grew between two consecutive requests, in the
// provider's tokens, and the text that was added in between (the first response's own content and what followed it:
// tool results, the user's next message). Many such pairs, each counted with the tokenizer the model's count is based
// on, give the ratio of the model's tokenizer to it on this user's own text (`factorFit.ts`). Each agent's log has
// its own tracker (`claudeCodeGrowth.ts`, `geminiCliGrowth.ts`).

/** A step of the conversation: the prompt's growth in the provider's tokens and the text it grew by. */
export interface PromptGrowth {
  readonly model: string;
  readonly providerTokens: number;
  /** The text added, still to be counted, and what was counted of it before (a previous pass). */
  readonly texts: readonly string[];
  readonly countedTokens: number;
}

/** Counts texts with the tokenizer `model`'s count is based on (0 for a model that is not calibrated). */
export type CountForModel = (texts: readonly string[], model: string) => Promise<number>;

/** Follows one log file's parsed lines, in order, and gives the growths between its requests. */
export interface GrowthTracker {
  /** The growth that ended at this line's request, when the line completes one. */
  line(entry: Record<string, unknown>): PromptGrowth | undefined;
  /** What waits for the next pass (its text counted now): plain JSON, numbers and ids only, no text. */
  settle(count: CountForModel): Promise<unknown>;
}

/** One agent's logs as a calibration source. */
export interface GrowthSource {
  readonly source: 'claude-code' | 'gemini-cli';
  /** The files to follow under a root (append-only JSONL only: each line is read once). */
  find(root: string): Promise<string[]>;
  /** A tracker that goes on from what `settle` left in a previous pass (stored, so checked by the tracker). */
  tracker(pending: unknown): GrowthTracker;
}

/** The last request a tracker saw, waiting for the next one; plain JSON, kept between passes. */
export interface PendingResponse {
  readonly messageId: string;
  readonly model: string;
  /** The provider's count of this request's prompt. */
  readonly prompt: number;
  /** Tokens of the text added since it, already counted (a previous pass). */
  readonly countedTokens: number;
  /** The text added since cannot be counted (an image, a document, thinking). */
  readonly excluded: boolean;
}

/** A token count as a log or the stored state may hold one. */
export const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

export function isPendingResponse(value: unknown): value is PendingResponse {
  if (typeof value !== 'object' || value === null) return false;
  const pending = value as Record<string, unknown>;
  return (
    typeof pending.messageId === 'string' &&
    typeof pending.model === 'string' &&
    isCount(pending.prompt) &&
    isCount(pending.countedTokens) &&
    typeof pending.excluded === 'boolean'
  );
}

/** The growth from `previous` to a request of `model` whose prompt is `prompt`, when it can be the text between. */
export function growthSince(
  previous: PendingResponse | undefined,
  model: string,
  prompt: number,
  texts: readonly string[],
): PromptGrowth | undefined {
  if (!previous || previous.excluded || previous.model !== model || prompt <= previous.prompt) return undefined;
  return { model, providerTokens: prompt - previous.prompt, texts, countedTokens: previous.countedTokens };
}
