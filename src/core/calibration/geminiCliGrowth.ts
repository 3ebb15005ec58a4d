// Prompt growths in Gemini CLI's chat recordings (`promptGrowth.ts`). The provider's count of a request's prompt is
// its message's `tokens.input` (promptTokenCount, cached tokens included). The text between two requests is the first
// response's text and tool calls, the tool calls' results (recorded on the response that asked for them) and the
// user's next message; thought parts are left out, as Gemini CLI keeps them out of the history it sends.
//
// A message is appended again each time it changes, whole: the last record per id stands, and a message counts once
// a record of another message follows it (so a pass ends with the newest message still open, kept as numbers). A
// pair is left out when its growth cannot be the text between: the model changed, the prompt shrank (a compression),
// the text between holds inline or file data (tokens without text), the conversation was rewound or rewritten
// (`$rewindTo`, `$set` of the messages), or a response has no token count. Only `.jsonl` recordings are followed: an
// older `.json` one is rewritten whole, and is copied into a `.jsonl` one when its session is resumed.
import { findGeminiCliFiles } from '../readers/geminiCli';
import { isRecord, str } from '../readers/usageRow';
import {
  growthSince,
  isCount,
  isPendingResponse,
  type CountForModel,
  type GrowthSource,
  type GrowthTracker,
  type PendingResponse,
  type PromptGrowth,
} from './promptGrowth';

/** The newest message, still open to later records of it. */
interface OpenMessage {
  readonly id: string;
  readonly type: 'user' | 'gemini';
  readonly model?: string;
  /** The provider's count of the request that gave this response. */
  readonly prompt?: number;
  /** Its text, counted in an earlier pass (`texts` is then empty), and whether it holds something not text. */
  readonly counted: number;
  readonly texts: readonly string[];
  readonly excluded: boolean;
}

interface GeminiPending {
  readonly last?: PendingResponse;
  readonly open?: Omit<OpenMessage, 'texts'>;
}

function checkOpen(value: unknown): Omit<OpenMessage, 'texts'> | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || (value.type !== 'user' && value.type !== 'gemini')) return undefined;
  const optional = (value.model === undefined || typeof value.model === 'string') && (value.prompt === undefined || isCount(value.prompt));
  if (!optional || !isCount(value.counted) || typeof value.excluded !== 'boolean') return undefined;
  return value as unknown as Omit<OpenMessage, 'texts'>;
}

/** The countable text of a part list (or a string, or one part); false when it holds something that is not text. */
function partTexts(content: unknown, into: string[]): boolean {
  if (typeof content === 'string') {
    into.push(content);
    return true;
  }
  for (const part of Array.isArray(content) ? content : content === undefined || content === null ? [] : [content]) {
    if (typeof part === 'string') into.push(part);
    else if (!isRecord(part) || part.thought === true) continue;
    else if (typeof part.text === 'string') into.push(part.text);
    else if (isRecord(part.functionCall)) into.push(JSON.stringify({ name: part.functionCall.name, args: part.functionCall.args }));
    else if (isRecord(part.functionResponse)) {
      into.push(JSON.stringify({ name: part.functionResponse.name, response: part.functionResponse.response }));
    } else if (!Object.keys(part).every((key) => key === 'thoughtSignature')) return false; // inline or file data, code
  }
  return true;
}

function openMessage(record: Record<string, unknown>, type: 'user' | 'gemini'): OpenMessage {
  const texts: string[] = [];
  let text = partTexts(record.content, texts);
  if (type === 'gemini' && Array.isArray(record.toolCalls)) {
    for (const call of record.toolCalls) {
      if (!isRecord(call)) continue;
      texts.push(JSON.stringify({ name: call.name, args: call.args }));
      if (!partTexts(call.result, texts)) text = false;
    }
  }
  const input = isRecord(record.tokens) ? record.tokens.input : undefined;
  const model = type === 'gemini' ? str(record.model) : undefined;
  return {
    id: record.id as string,
    type,
    ...(model ? { model } : {}),
    ...(isCount(input) ? { prompt: input } : {}),
    counted: 0,
    texts,
    excluded: !text,
  };
}

/** Follows one chat recording's lines and gives the prompt growths between its consecutive requests. */
export class GeminiCliGrowthTracker implements GrowthTracker {
  private last: PendingResponse | undefined;
  /** The text added since `last`, not yet counted. */
  private texts: string[] = [];
  private open: OpenMessage | undefined;
  /** Messages closed in this pass: a later record of one means the history changed under it. */
  private readonly closed = new Set<string>();

  constructor(pending?: unknown) {
    if (!isRecord(pending)) return;
    this.last = isPendingResponse(pending.last) ? pending.last : undefined;
    const open = checkOpen(pending.open);
    this.open = open && { ...open, texts: [] };
  }

  line(entry: Record<string, unknown>): PromptGrowth | undefined {
    if ('$rewindTo' in entry || (isRecord(entry.$set) && 'messages' in entry.$set)) {
      const growth = this.close();
      this.exclude();
      return growth;
    }
    if (typeof entry.id !== 'string' || (entry.type !== 'user' && entry.type !== 'gemini')) return undefined; // info, errors
    if (this.open?.id === entry.id) {
      this.open = openMessage(entry, entry.type); // the whole message again, changed
      return undefined;
    }
    const growth = this.close();
    if (this.closed.has(entry.id)) this.exclude();
    this.open = openMessage(entry, entry.type);
    return growth;
  }

  async settle(count: CountForModel): Promise<GeminiPending> {
    const last = this.last && { ...this.last, countedTokens: this.last.countedTokens + (await count(this.texts, this.last.model)) };
    if (!this.open) return last ? { last } : {};
    // An open user message's text joins the last response's; an open response's starts its own.
    const { texts, ...open } = this.open;
    const model = open.type === 'user' ? last?.model : open.model;
    const counted = open.counted + (model ? await count(texts, model) : 0);
    return { ...(last ? { last } : {}), open: { ...open, counted } };
  }

  /** Closes the open message: a user message adds its text, a response ends a growth and starts the next. */
  private close(): PromptGrowth | undefined {
    const message = this.open;
    this.open = undefined;
    if (!message) return undefined;
    this.closed.add(message.id);
    if (message.type === 'user') {
      this.texts.push(...message.texts);
      if (this.last) this.last = { ...this.last, countedTokens: this.last.countedTokens + message.counted };
      if (message.excluded) this.exclude();
      return undefined;
    }
    if (message.prompt === undefined || !message.model) {
      this.exclude(); // a response without a count: what the next prompt grew from is not known
      return undefined;
    }
    const growth = growthSince(this.last, message.model, message.prompt, this.texts);
    this.last = {
      messageId: message.id,
      model: message.model,
      prompt: message.prompt,
      countedTokens: message.counted,
      excluded: message.excluded,
    };
    this.texts = [...message.texts];
    return growth;
  }

  private exclude(): void {
    if (this.last) this.last = { ...this.last, excluded: true };
  }
}

export const geminiCliGrowth: GrowthSource = {
  source: 'gemini-cli',
  find: async (root) => (await findGeminiCliFiles(root)).filter((file) => file.endsWith('.jsonl')),
  tracker: (pending) => new GeminiCliGrowthTracker(pending),
};
