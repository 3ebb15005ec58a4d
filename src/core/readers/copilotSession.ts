// A GitHub Copilot Chat session as far as spend needs it: its id, title and, per request, the id, time, model, first
// words of the prompt and the result's token fields. VS Code writes a session as one `.json` document, or (newer) as a
// `.jsonl` mutation log: kind 0 is the whole state, 1 sets the value at path `k`, 2 pushes `v` (if any) to the array at
// `k` after cutting it to length `i` (if given), 3 deletes at `k` (VS Code's `objectMutationLog.ts`). Only what is
// kept here is replayed, so a reader's state stays small however long the answers are.
import { isRecord } from './usageRow';

/** A request with only the fields spend uses; `result` keeps only its token and model fields. */
export interface ChatRequest {
  requestId?: string;
  timestamp?: number;
  modelId?: string;
  /** The prompt's first characters, for the session title when the file has none. */
  prompt?: string;
  result?: Record<string, unknown>;
}

export interface ChatSessionState {
  sessionId?: string;
  title?: string;
  requests: ChatRequest[];
}

const PROMPT_CHARS = 80;
const RESULT_KEYS = ['usage', 'promptTokens', 'outputTokens', 'completionTokens', 'metadata', 'errorDetails'] as const;
const USAGE_KEYS = ['promptTokens', 'completionTokens', 'outputTokens'];
const METADATA_KEYS = ['promptTokens', 'outputTokens', 'resolvedModel'];

function pick(value: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const kept: Record<string, unknown> = {};
  for (const key of keys) if (value[key] !== undefined) kept[key] = value[key];
  return kept;
}

/** The result's fields spend reads: token counts (three layouts over the versions), the resolved model, an error. */
export function reduceResult(value: unknown): Record<string, unknown> | undefined {
  const result = pick(value, RESULT_KEYS);
  if (!result) return undefined;
  if (result.usage !== undefined) result.usage = pick(result.usage, USAGE_KEYS);
  if (result.metadata !== undefined) result.metadata = pick(result.metadata, METADATA_KEYS);
  if (result.errorDetails !== undefined) result.errorDetails = isRecord(result.errorDetails) ? {} : undefined;
  return result;
}

function promptOf(message: unknown): string | undefined {
  const text = isRecord(message) && typeof message.text === 'string' ? message.text.trim() : undefined;
  return text ? text.slice(0, PROMPT_CHARS) : undefined;
}

export function reduceRequest(value: unknown): ChatRequest {
  if (!isRecord(value)) return {};
  const request: ChatRequest = {};
  if (typeof value.requestId === 'string') request.requestId = value.requestId;
  if (typeof value.timestamp === 'number') request.timestamp = value.timestamp;
  if (typeof value.modelId === 'string') request.modelId = value.modelId;
  const prompt = promptOf(value.message);
  if (prompt) request.prompt = prompt;
  const result = reduceResult(value.result);
  if (result) request.result = result;
  return request;
}

/** The state a session document (or a kind-0 snapshot) describes. */
export function reduceSession(value: unknown): ChatSessionState {
  const session: ChatSessionState = { requests: [] };
  if (!isRecord(value)) return session;
  if (typeof value.sessionId === 'string') session.sessionId = value.sessionId;
  if (typeof value.customTitle === 'string' && value.customTitle.trim()) session.title = value.customTitle.trim();
  if (Array.isArray(value.requests)) session.requests = value.requests.map(reduceRequest);
  return session;
}

/** At most this much of a request's prompt or answer is counted for an estimate (a pasted log is not a prompt's size). */
const MAX_ESTIMATE_CHARS = 512 * 1024;

/** A request's prompt and answer as the file holds them: the text parts of `message` and of `response`. */
export function requestTexts(value: unknown): { input: string; output: string } {
  if (!isRecord(value)) return { input: '', output: '' };
  const input = isRecord(value.message) && typeof value.message.text === 'string' ? value.message.text : '';
  const parts: string[] = [];
  for (const part of Array.isArray(value.response) ? value.response : []) {
    if (!isRecord(part)) continue;
    if (typeof part.value === 'string') parts.push(part.value);
    else if (isRecord(part.content) && typeof part.content.value === 'string') parts.push(part.content.value);
  }
  return { input: input.slice(0, MAX_ESTIMATE_CHARS), output: parts.join('').slice(0, MAX_ESTIMATE_CHARS) };
}

type PathKey = string | number;

/** Why a mutation could not be applied, or undefined when it was (or touched nothing spend reads). */
export type MutationProblem = string | undefined;

/** Applies one line of the mutation log to `session`. */
export function applyMutation(session: ChatSessionState, entry: Record<string, unknown>): MutationProblem {
  const { kind } = entry;
  if (kind === 0) {
    Object.assign(session, { sessionId: undefined, title: undefined }, reduceSession(entry.v));
    return undefined;
  }
  if (!Array.isArray(entry.k) || !entry.k.every((key) => typeof key === 'string' || typeof key === 'number')) {
    return 'a change without a valid path';
  }
  const path = entry.k as PathKey[];
  if (kind === 1) return setAt(session, path, entry.v);
  if (kind === 2) return pushAt(session, path, entry.v, entry.i);
  if (kind === 3) return setAt(session, path, undefined);
  return `an unknown kind of change (${JSON.stringify(kind)})`;
}

function setAt(session: ChatSessionState, path: PathKey[], value: unknown): MutationProblem {
  const [head, index, field, ...rest] = path;
  if (head === 'customTitle' && path.length === 1) {
    session.title = typeof value === 'string' && value.trim() ? value.trim() : undefined;
    return undefined;
  }
  if (head === 'sessionId' && path.length === 1) {
    if (typeof value === 'string') session.sessionId = value;
    return undefined;
  }
  if (head !== 'requests') return undefined;
  if (path.length === 1) {
    session.requests = Array.isArray(value) ? value.map(reduceRequest) : [];
    return undefined;
  }
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return 'a change to a request with no valid index';
  if (index > session.requests.length) return `a change to request ${index} of ${session.requests.length}`;
  if (path.length === 2) {
    if (value === undefined) session.requests.splice(index, 1);
    else session.requests[index] = reduceRequest(value);
    return undefined;
  }
  const request = (session.requests[index] ??= {});
  if (field === 'result') {
    if (rest.length === 0) request.result = reduceResult(value);
    else request.result = reduceResult(setPath({ ...request.result }, rest, value));
    return undefined;
  }
  if (rest.length > 0) {
    if (field === 'message' && rest.length === 1 && rest[0] === 'text') request.prompt = promptOf({ text: value });
    return undefined;
  }
  const kept = KEPT_FIELDS[String(field)];
  if (kept) Object.assign(request, { [kept]: reduceRequest({ [String(field)]: value })[kept] });
  return undefined;
}

/** A request's fields in the file, and the field of `ChatRequest` each becomes (as `reduceRequest` reads them). */
const KEPT_FIELDS: Readonly<Record<string, Exclude<keyof ChatRequest, 'result'>>> = {
  requestId: 'requestId',
  timestamp: 'timestamp',
  modelId: 'modelId',
  message: 'prompt',
};

function setPath(target: Record<string, unknown>, path: PathKey[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  const name = String(key);
  if (rest.length === 0) {
    if (value === undefined) delete target[name];
    else target[name] = value;
  } else {
    target[name] = setPath(isRecord(target[name]) ? { ...target[name] } : {}, rest, value);
  }
  return target;
}

function pushAt(session: ChatSessionState, path: PathKey[], value: unknown, cutTo: unknown): MutationProblem {
  if (path.length !== 1 || path[0] !== 'requests') return undefined; // pushes to answers and tool calls
  if (cutTo !== undefined) {
    if (typeof cutTo !== 'number' || !Number.isInteger(cutTo) || cutTo < 0) return 'a push with an invalid length';
    session.requests.length = Math.min(session.requests.length, cutTo);
  }
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return 'a push of something that is not a list';
  for (const item of value) session.requests.push(reduceRequest(item));
  return undefined;
}
