// Prompt growths in Claude Code's logs (`promptGrowth.ts`). The provider's count of a request's prompt is its usage's
// input, cache reads and cache writes together.
//
// A pair is left out when its growth cannot be the text between: the model changed, the conversation was compacted
// (the prompt shrank), the text between holds an image or a document (tokens without text), or the response thought
// (thinking blocks are not sent back alike by every model). Side chains (subagents) are conversations of their own.
import { findClaudeCodeFiles } from '../readers/claudeCode';
import { isRecord, str } from '../readers/usageRow';
import {
  growthSince,
  isPendingResponse,
  type CountForModel,
  type GrowthSource,
  type GrowthTracker,
  type PendingResponse,
  type PromptGrowth,
} from './promptGrowth';

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

/** Follows one session file's lines and gives the prompt growths between consecutive main-chain requests. */
export class ClaudeCodeGrowthTracker implements GrowthTracker {
  private last: PendingResponse | undefined;
  /** The text added since `last`, not yet counted. */
  private texts: string[] = [];

  /** `pending`: the last response of a previous pass, its text counted since. */
  constructor(pending?: unknown) {
    this.last = isPendingResponse(pending) ? pending : undefined;
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
      growth = growthSince(this.last, model, prompt, this.texts);
      this.last = { messageId, model, prompt, countedTokens: 0, excluded: false };
      this.texts = [];
    }
    // A response streams over several lines, one content block each: all of it is text the next prompt holds.
    if (!blockTexts(message.content, this.texts)) this.exclude();
    return growth;
  }

  async settle(count: CountForModel): Promise<PendingResponse | undefined> {
    return this.last && { ...this.last, countedTokens: this.last.countedTokens + (await count(this.texts, this.last.model)) };
  }

  private exclude(): void {
    if (this.last) this.last = { ...this.last, excluded: true };
  }
}

export const claudeCodeGrowth: GrowthSource = {
  source: 'claude-code',
  find: findClaudeCodeFiles,
  tracker: (pending) => new ClaudeCodeGrowthTracker(pending),
};
