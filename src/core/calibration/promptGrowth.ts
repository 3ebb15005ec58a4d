// How much a Claude Code conversation's prompt grew between two requests, in the provider's tokens, and the text
// that was added in between: the first response's own content and what followed it (tool results, the user's next
// message). The provider's count of a request's prompt is its usage's input, cache reads and cache writes together.
// Many such pairs, each counted with o200k_base too, give the ratio of Claude's tokenizer to o200k_base on this
// user's own text (`factorFit.ts`).
//
// A pair is left out when its growth cannot be the text between: the model changed, the conversation was compacted
// (the prompt shrank), the text between holds an image or a document (tokens without text), or the response thought
// (thinking blocks are not sent back alike by every model). Side chains (subagents) are conversations of their own.
import { isRecord, str } from '../readers/usageRow';

/** One response of the conversation's main chain, waiting for the next request; plain JSON, kept between passes. */
export interface PendingResponse {
  readonly messageId: string;
  readonly model: string;
  /** The provider's count of this request's prompt. */
  readonly prompt: number;
  /** o200k_base tokens of the text added since it, already counted (a previous pass). */
  readonly countedTokens: number;
  /** The text added since cannot be counted (an image, a document, thinking). */
  readonly excluded: boolean;
}

/** A step of the conversation: the prompt's growth in the provider's tokens and the text it grew by. */
export interface PromptGrowth {
  readonly model: string;
  readonly providerTokens: number;
  /** The text added, still to be counted with o200k_base, and what was counted of it before. */
  readonly texts: readonly string[];
  readonly countedTokens: number;
}

const promptOf = (usage: Record<string, unknown>): number | undefined => {
  const parts = [usage.input_tokens, usage.cache_read_input_tokens ?? 0, usage.cache_creation_input_tokens ?? 0];
  return parts.every((part) => typeof part === 'number' && Number.isFinite(part) && part >= 0)
    ? (parts as number[]).reduce((sum, part) => sum + part, 0)
    : undefined;
};

/** The countable text of a content block list (or string); undefined when it holds something that is not text. */
function blockTexts(content: unknown, into: string[]): boolean {
  if (typeof content === 'string') {
    into.push(content);
    return true;
  }
  if (!Array.isArray(content)) return true;
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') into.push(block.text);
    else if (block.type === 'tool_use') into.push(JSON.stringify({ name: block.name, input: block.input }));
    else if (block.type === 'tool_result') {
      if (!blockTexts(block.content, into)) return false;
    } else return false; // image, document, thinking, redacted thinking, server tool results
  }
  return true;
}

/**
 * Follows one session file's lines and gives the prompt growths between consecutive main-chain requests. Feed it
 * every parsed line in order; `pending` is the last response of a previous pass (its text counted since).
 */
export class PromptGrowthTracker {
  private last: PendingResponse | undefined;
  /** The text added since `last`, not yet counted. */
  private texts: string[] = [];

  constructor(pending?: PendingResponse) {
    this.last = pending;
  }

  /** The growth that ended at this line's request, when the line begins a new response. */
  line(entry: Record<string, unknown>): PromptGrowth | undefined {
    if (entry.isSidechain === true) return undefined;
    if (entry.type === 'summary' || (entry.type === 'system' && entry.subtype === 'compact_boundary')) {
      this.exclude();
      return undefined;
    }
    const message = isRecord(entry.message) ? entry.message : undefined;
    if (!message) return undefined;
    if (entry.type === 'user') {
      if (this.last && !blockTexts(message.content, this.texts)) this.exclude();
      return undefined;
    }
    if (entry.type !== 'assistant') return undefined;
    const messageId = str(message.id);
    const model = str(message.model);
    const prompt = isRecord(message.usage) ? promptOf(message.usage) : undefined;
    if (!messageId || !model || prompt === undefined) return undefined;
    let growth: PromptGrowth | undefined;
    if (this.last?.messageId !== messageId) {
      const previous = this.last;
      if (previous && !previous.excluded && previous.model === model && prompt > previous.prompt) {
        growth = { model, providerTokens: prompt - previous.prompt, texts: this.texts, countedTokens: previous.countedTokens };
      }
      this.last = { messageId, model, prompt, countedTokens: 0, excluded: false };
      this.texts = [];
    }
    // A response streams over several lines, one content block each: all of it is text the next prompt holds.
    if (!blockTexts(message.content, this.texts)) this.exclude();
    return growth;
  }

  /** The response waiting for its next request, with the text added since: to be counted and kept for the next pass. */
  pending(): { response: PendingResponse; texts: readonly string[] } | undefined {
    return this.last && { response: this.last, texts: this.texts };
  }

  private exclude(): void {
    if (this.last) this.last = { ...this.last, excluded: true };
  }
}
