// Exact on request: a prompt counted by its provider's own count endpoint, where the tokenizer is not public.
// Anthropic's `POST /v1/messages/count_tokens` (https://docs.anthropic.com/en/api/messages-count-tokens) answers
// `{ "input_tokens": n }` for a Messages request; Gemini's `POST /v1beta/models/{model}:countTokens`
// (https://ai.google.dev/api/tokens) answers `{ "totalTokens": n }` for `contents`. The prompt goes as one user
// message, so the count includes the few tokens the message format adds.
//
// The text leaves the machine: the caller asks first, and sends nothing unless the user turned the feature on. Here:
// the requests and their answers checked, a cache by content hash (the same prompt is not sent twice), and a rate
// limit (one request every 2 seconds, 60 an hour), so a loop or a held key cannot flood the provider.
import { createHash } from 'node:crypto';
import { requestUrlIssue } from '../input/urlRules';
import { tokenizerFor, withoutProviderPrefix } from '../models/tokenizers';

export type CountProvider = 'anthropic' | 'gemini';

export interface CountProviderInfo {
  /** How the result is labelled: "counted by Anthropic". */
  readonly name: string;
  readonly defaultBaseUrl: string;
}

export const COUNT_PROVIDERS: Readonly<Record<CountProvider, CountProviderInfo>> = {
  anthropic: { name: 'Anthropic', defaultBaseUrl: 'https://api.anthropic.com' },
  gemini: { name: 'Google', defaultBaseUrl: 'https://generativelanguage.googleapis.com' },
};

/**
 * The provider whose endpoint counts `modelId`'s tokens, by the tokenizer family `tokenizers.ts` gives it (Google's
 * API serves Gemma too; Gemini is counted with Gemma 3's published vocabulary, which Google does not call its own), or undefined: an exact tokenizer, or a family without a count endpoint.
 */
export function countProviderFor(modelId: string): CountProvider | undefined {
  const tokenizer = tokenizerFor(modelId);
  if (tokenizer.kind === 'exact') return undefined;
  if (tokenizer.kind === 'published') return tokenizer.encoding === 'gemma3' ? 'gemini' : undefined;
  if (tokenizer.family.startsWith('claude')) return 'anthropic';
  return tokenizer.family === 'gemini' ? 'gemini' : undefined;
}

/** The request that counts `text` on `model`, with the key in its header (never in the URL). */
export function countRequest(
  provider: CountProvider,
  baseUrl: string,
  model: string,
  text: string,
  key: string,
): { url: string; init: RequestInit } {
  const base = baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (provider === 'anthropic') {
    return {
      url: `${base}/v1/messages/count_tokens`,
      init: {
        method: 'POST',
        headers: { ...headers, 'x-api-key': key, 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: withoutProviderPrefix(model), messages: [{ role: 'user', content: text }] }),
      },
    };
  }
  return {
    url: `${base}/v1beta/models/${encodeURIComponent(withoutProviderPrefix(model))}:countTokens`,
    init: {
      method: 'POST',
      headers: { ...headers, 'x-goog-api-key': key },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text }] }] }),
    },
  };
}

/** The largest count either provider could give for a prompt (far past any context window). */
const MAX_TOKENS = 100_000_000;

/** The token count in a provider's answer, or why there is none (its own error message, cut short). */
export function parseCountResponse(provider: CountProvider, status: number, body: unknown): { tokens: number } | { error: string } {
  const name = COUNT_PROVIDERS[provider].name;
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (status < 200 || status >= 300) {
    const error = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : {};
    const message = typeof error.message === 'string' ? error.message.slice(0, 200) : `HTTP ${status}`;
    const hint =
      status === 401 || status === 403 ? ' (check the API key)' : status === 429 ? ' (the provider is rate limiting; try later)' : '';
    return { error: `${name} refused the count: ${message}${hint}` };
  }
  const tokens = provider === 'anthropic' ? record.input_tokens : record.totalTokens;
  if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0 || tokens > MAX_TOKENS) {
    return { error: `${name} answered without a token count` };
  }
  return { tokens };
}

export interface ProviderCountResult {
  readonly provider: CountProvider;
  readonly model: string;
  readonly tokens: number;
  /** From the cache: nothing was sent this time. */
  readonly cached: boolean;
}

export interface ProviderCounterOptions {
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** The base URLs in force, read at each count (a setting may change between two). */
  readonly baseUrls?: () => Partial<Record<CountProvider, string>>;
  readonly minIntervalMs?: number;
  readonly maxPerHour?: number;
  readonly timeoutMs?: number;
}

const CACHE_SIZE = 200;
const HOUR_MS = 3_600_000;

/** Counts prompts with the providers' endpoints, cached by content and rate limited. */
export class ProviderCounter {
  private readonly cache = new Map<string, number>();
  private sent: number[] = [];

  constructor(private readonly options: ProviderCounterOptions = {}) {}

  async count(provider: CountProvider, model: string, text: string, key: string): Promise<ProviderCountResult | { error: string }> {
    const id = createHash('sha256')
      .update(`${provider}\u0000${withoutProviderPrefix(model)}\u0000${text}`)
      .digest('hex');
    const hit = this.cache.get(id);
    if (hit !== undefined) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return { provider, model, tokens: hit, cached: true };
    }
    const baseUrl = this.options.baseUrls?.()[provider]?.trim() || COUNT_PROVIDERS[provider].defaultBaseUrl;
    const issue = requestUrlIssue(baseUrl, 'prompts are sent');
    if (issue) return { error: issue };
    const waited = this.rateLimit();
    if (waited) return { error: waited };
    const { url, init } = countRequest(provider, baseUrl, model, text, key);
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        ...init,
        redirect: 'error',
        credentials: 'omit',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      return { error: `could not reach ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}` };
    }
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      body = undefined;
    }
    const parsed = parseCountResponse(provider, response.status, body);
    if ('error' in parsed) return parsed;
    this.cache.set(id, parsed.tokens);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return { provider, model, tokens: parsed.tokens, cached: false };
  }

  /** Why a request may not go now, or undefined (and the request is counted as sent). */
  private rateLimit(): string | undefined {
    const now = (this.options.now ?? Date.now)();
    this.sent = this.sent.filter((time) => now - time < HOUR_MS);
    const last = this.sent.at(-1);
    const interval = this.options.minIntervalMs ?? 2_000;
    if (last !== undefined && now - last < interval) return `one count every ${interval / 1000} s: try again in a moment`;
    const maxPerHour = this.options.maxPerHour ?? 60;
    if (this.sent.length >= maxPerHour) return `${maxPerHour} counts an hour at most: try again later`;
    this.sent.push(now);
    return undefined;
  }
}
