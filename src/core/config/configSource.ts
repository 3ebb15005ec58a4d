// Where a team config comes from: a file (a workspace's `.tokenwise.json`, a shared drive) or an https URL.
// A URL is fetched with a timeout, a size limit and ETag revalidation; the last good copy is kept in a cache file and
// returned, with the error, whenever a load fails, so the previous config stays in force and its age can be shown.
import { readFileSync, statSync } from 'node:fs';
import { writeJsonAtomic } from '../files/atomicJson';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatJsonPath, parseTeamConfig, type ParsedTeamConfig } from './teamConfig';

export const DEFAULT_CONFIG_TIMEOUT_MS = 5000;
export const DEFAULT_CONFIG_MAX_BYTES = 256 * 1024;
export const MAX_CONFIG_REDIRECTS = 3;

/** What the cache file holds: the last copy that loaded without errors. */
export interface CachedConfig {
  readonly text: string;
  readonly etag?: string;
  /** ISO time the text was last downloaded (or read). */
  readonly fetchedAt: string;
  /** ISO time the text was last confirmed current (a download or a 304). */
  readonly checkedAt: string;
  /** The URL or absolute path it came from. */
  readonly url: string;
}

/** One HTTP(S) GET, for tests or a proxy-aware transport. Defaults to Node's `http.request` / `https.request`. */
export type ConfigRequest = (url: URL, options: http.RequestOptions, onResponse: (response: http.IncomingMessage) => void) => http.ClientRequest;

export interface LoadConfigOptions {
  /** Where the last good copy is kept. Without it nothing is cached. */
  readonly cacheFile?: string;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Replaces Node's request functions (both protocols); the URL rules still apply. */
  readonly fetch?: ConfigRequest;
  /**
   * Checks a downloaded or read text before it is accepted and cached; returns an error message or undefined.
   * Defaults to parsing it as a team config and refusing it on any error.
   */
  readonly validate?: (text: string, origin: string) => string | undefined;
  /** For file paths that are relative. Default: the process's working directory. */
  readonly baseDir?: string;
  readonly now?: () => Date;
}

export type ConfigSourceKind = 'file' | 'url';

/**
 * - `fresh`: new text was read or downloaded and accepted.
 * - `unchanged`: the server answered 304; `text` is the cached copy.
 * - `stale`: the load failed; `text` is the last good copy, `error` says why.
 * - `failed`: the load failed and there is no good copy.
 */
export type ConfigLoadStatus = 'fresh' | 'unchanged' | 'stale' | 'failed';

export interface LoadedConfigSource {
  readonly status: ConfigLoadStatus;
  readonly kind: ConfigSourceKind;
  /** The URL or absolute file path. */
  readonly origin: string;
  /** The text to use: new, or the last good copy. Undefined only when `failed`. */
  readonly text?: string;
  readonly etag?: string;
  /** When `text` was downloaded or read. */
  readonly fetchedAt?: string;
  /** When `text` was last confirmed current; its age is shown from this. */
  readonly checkedAt?: string;
  /** Why the load failed (`stale`, `failed`). */
  readonly error?: string;
  /** The text that arrived but was refused by `validate`: parse it to show each problem at its line. */
  readonly rejectedText?: string;
  /** With the default validation: the parse of `rejectedText` if there is one, else of `text` when it was read now. */
  readonly parsed?: { readonly text: string; readonly result: ParsedTeamConfig };
}

/** Thrown inside a load; its message is shown to the user. */
class SourceError extends Error {}

/** A text that arrived but does not load as a config. */
class RejectedTextError extends SourceError {
  constructor(message: string, readonly text: string) {
    super(message);
  }
}

/** True for 127.0.0.0/8, ::1 and `localhost`, the only hosts that may be reached over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

/** Whether a `tokenwise.teamConfig` value names a URL (rather than a file path). */
export function isConfigUrl(spec: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(spec.trim()) && !/^file:/i.test(spec.trim());
}

/** Checks a URL against the transport rules; returns the reason it is refused, or undefined. */
export function refuseConfigUrl(url: URL, from?: URL): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `Only https URLs can serve a team config, not ${url.protocol.replace(/:$/, '')}.`;
  if (url.username || url.password) return 'A team config URL must not carry a user name or password.';
  if (from?.protocol === 'https:' && url.protocol === 'http:') return `Refused a redirect from https to plain http (${url.href}).`;
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return `Plain http is only allowed for this machine (localhost); use https for ${url.host}.`;
  return undefined;
}

/** Loads a team config from a file path or URL; never throws. */
export async function loadConfigSource(spec: string, options: LoadConfigOptions = {}): Promise<LoadedConfigSource> {
  const now = options.now ?? (() => new Date());
  const trimmed = spec.trim();
  const kind: ConfigSourceKind = isConfigUrl(trimmed) ? 'url' : 'file';
  let origin: string;
  try {
    origin = kind === 'url' ? new URL(trimmed).href : resolve(options.baseDir ?? process.cwd(), /^file:/i.test(trimmed) ? fileURLToPath(trimmed) : trimmed);
  } catch {
    return fail(kind, trimmed, `Not a valid URL: ${trimmed}.`, undefined);
  }
  const cached = readCache(options.cacheFile, origin);
  // The default validation parses the text; that parse is handed back so the caller need not parse it again.
  let parsed: LoadedConfigSource['parsed'];
  const validate = options.validate ?? ((text: string, from: string) => {
    parsed = { text, result: parseTeamConfig(text, from) };
    return refusal(parsed.result, from);
  });
  const maxBytes = options.maxBytes ?? DEFAULT_CONFIG_MAX_BYTES;

  try {
    let text: string;
    let etag: string | undefined;
    if (kind === 'file') {
      text = readConfigFile(origin, maxBytes);
    } else {
      const response = await fetchConfig(new URL(origin), {
        etag: cached?.etag,
        timeoutMs: options.timeoutMs ?? DEFAULT_CONFIG_TIMEOUT_MS,
        maxBytes,
        request: options.fetch,
      });
      if (response.notModified) {
        if (!cached) throw new SourceError('The server answered 304 Not Modified, but there is no cached copy.');
        const checkedAt = now().toISOString();
        const updated: CachedConfig = { ...cached, checkedAt };
        writeCache(options.cacheFile, updated);
        return { status: 'unchanged', kind, origin, text: cached.text, etag: cached.etag, fetchedAt: cached.fetchedAt, checkedAt };
      }
      text = response.text;
      etag = response.etag;
    }
    const invalid = validate(text, origin);
    if (invalid !== undefined) throw new RejectedTextError(invalid, text);
    const stamp = now().toISOString();
    const entry: CachedConfig = { text, ...(etag !== undefined ? { etag } : {}), fetchedAt: stamp, checkedAt: stamp, url: origin };
    writeCache(options.cacheFile, entry);
    return { status: 'fresh', kind, origin, text, etag, fetchedAt: stamp, checkedAt: stamp, ...(parsed ? { parsed } : {}) };
  } catch (error) {
    const message = error instanceof SourceError ? error.message : `Could not load the team config: ${error instanceof Error ? error.message : String(error)}.`;
    return { ...fail(kind, origin, message, cached, error instanceof RejectedTextError ? error.text : undefined), ...(parsed ? { parsed } : {}) };
  }
}

/** A loaded text as a team config: the parse the loader validated with when it has it, otherwise parsed now. */
export function parseLoadedText(loaded: LoadedConfigSource, text: string): ParsedTeamConfig {
  return loaded.parsed?.text === text ? loaded.parsed.result : parseTeamConfig(text, loaded.origin);
}

function fail(kind: ConfigSourceKind, origin: string, error: string, cached: CachedConfig | undefined, rejectedText?: string): LoadedConfigSource {
  const rejected = rejectedText !== undefined ? { rejectedText } : {};
  if (!cached) return { status: 'failed', kind, origin, error, ...rejected };
  return { status: 'stale', kind, origin, text: cached.text, etag: cached.etag, fetchedAt: cached.fetchedAt, checkedAt: cached.checkedAt, error, ...rejected };
}

/** Refuses a text that does not load as a team config, naming its first errors with line:column. */
function refusal(parsed: ParsedTeamConfig, origin: string): string | undefined {
  if (parsed.config) return undefined;
  const errors = parsed.problems.filter((problem) => problem.severity === 'error');
  const shown = errors.slice(0, 3).map((problem) => `${problem.line}:${problem.column} ${problem.path.length ? `(${formatJsonPath(problem.path)}) ` : ''}${problem.message}`);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
  return `The team config at ${origin} is invalid: ${shown.join('; ')}${more}`;
}

function readConfigFile(path: string, maxBytes: number): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new SourceError(`The team config ${path} is not a file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof SourceError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new SourceError(code === 'ENOENT' ? `The team config file ${path} does not exist.` : `Could not read the team config file ${path}: ${(error as Error).message}.`);
  }
  if (size > maxBytes) throw new SourceError(`The team config file ${path} is ${size} bytes, more than the ${maxBytes}-byte limit.`);
  try {
    return decodeText(readFileSync(path), path);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`Could not read the team config file ${path}: ${(error as Error).message}.`);
  }
}

function decodeText(bytes: Buffer, origin: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new SourceError(`The team config from ${origin} is not UTF-8 text.`);
  }
}

interface FetchResult {
  readonly notModified: boolean;
  readonly text: string;
  readonly etag?: string;
}

interface FetchOptions {
  readonly etag?: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly request?: ConfigRequest;
}

/** Content types a config may be served as; a missing one is accepted too. */
function acceptableContentType(header: string | undefined): boolean {
  if (!header) return true;
  const type = header.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json') || type === 'text/json' || type === 'text/plain' || type === 'application/octet-stream' || type === '';
}

/** GETs the URL, following up to three redirects, within one overall deadline. */
async function fetchConfig(start: URL, options: FetchOptions): Promise<FetchResult> {
  const refused = refuseConfigUrl(start);
  if (refused) throw new SourceError(refused);
  const deadline = Date.now() + options.timeoutMs;
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const hop = await fetchOnce(url, options, deadline - Date.now());
    if (hop.kind === 'done') return hop.result;
    if (redirects >= MAX_CONFIG_REDIRECTS) throw new SourceError(`Too many redirects (more than ${MAX_CONFIG_REDIRECTS}) from ${start.href}.`);
    let next: URL;
    try {
      next = new URL(hop.location, url);
    } catch {
      throw new SourceError(`The server redirected to an invalid address: ${hop.location}.`);
    }
    const refusedNext = refuseConfigUrl(next, url);
    if (refusedNext) throw new SourceError(refusedNext);
    url = next;
  }
}

type Hop = { readonly kind: 'done'; readonly result: FetchResult } | { readonly kind: 'redirect'; readonly location: string };

function fetchOnce(url: URL, options: FetchOptions, remainingMs: number): Promise<Hop> {
  return new Promise<Hop>((resolvePromise, reject) => {
    if (remainingMs <= 0) {
      reject(new SourceError(`Timed out after ${options.timeoutMs} ms fetching ${url.href}.`));
      return;
    }
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const headers: Record<string, string> = { Accept: 'application/json, text/plain;q=0.5', 'Accept-Encoding': 'identity', 'User-Agent': 'Tokenwise', Connection: 'close' };
    if (options.etag) headers['If-None-Match'] = options.etag;
    const send: ConfigRequest = options.request
      ?? ((target, requestOptions, onResponse) => (target.protocol === 'https:' ? https.request(target, requestOptions, onResponse) : http.request(target, requestOptions, onResponse)));

    const request = send(url, { method: 'GET', headers }, (response) => {
      const status = response.statusCode ?? 0;
      const finishWith = (outcome: () => void) => {
        settle(outcome);
        response.resume();
        request.destroy();
      };
      if (status >= 300 && status < 400 && status !== 304) {
        const location = response.headers.location;
        if (!location) return finishWith(() => reject(new SourceError(`The server answered ${status} without saying where to (no Location header).`)));
        return finishWith(() => resolvePromise({ kind: 'redirect', location }));
      }
      if (status === 304) {
        return finishWith(() => resolvePromise({ kind: 'done', result: { notModified: true, text: '' } }));
      }
      if (status < 200 || status >= 300) {
        const reason = status === 404 ? 'Not Found: check the URL' : (response.statusMessage ?? 'error');
        return finishWith(() => reject(new SourceError(`The server answered ${status} (${reason}) for ${url.href}.`)));
      }
      const contentType = response.headers['content-type'];
      if (!acceptableContentType(contentType)) {
        return finishWith(() => reject(new SourceError(`The server sent ${contentType?.split(';')[0]}, not JSON, for ${url.href}.`)));
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        return finishWith(() => reject(new SourceError(tooLarge(options.maxBytes, url))));
      }
      const encoding = response.headers['content-encoding'];
      if (encoding && encoding.toLowerCase() !== 'identity') {
        return finishWith(() => reject(new SourceError(`The server sent a ${encoding}-encoded response, which is not supported.`)));
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        received += chunk.length;
        if (received > options.maxBytes) {
          settle(() => reject(new SourceError(tooLarge(options.maxBytes, url))));
          response.destroy();
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        settle(() => {
          try {
            const text = decodeText(Buffer.concat(chunks), url.href);
            const etag = response.headers.etag;
            resolvePromise({ kind: 'done', result: { notModified: false, text, ...(etag ? { etag } : {}) } });
          } catch (error) {
            reject(error);
          }
        });
      });
      response.on('error', (error) => settle(() => reject(networkError(error, url))));
      response.on('aborted', () => settle(() => reject(new SourceError(`The connection to ${url.host} closed before the whole config arrived.`))));
    });
    const timer = setTimeout(() => {
      settle(() => reject(new SourceError(`Timed out after ${options.timeoutMs} ms fetching ${url.href}.`)));
      request.destroy();
    }, remainingMs);
    request.on('error', (error) => settle(() => reject(networkError(error, url))));
    request.end();
  });
}

function tooLarge(maxBytes: number, url: URL): string {
  return `The response from ${url.href} is larger than the ${Math.round(maxBytes / 1024)} KB limit for a team config.`;
}

function networkError(error: Error, url: URL): SourceError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ECONNREFUSED' ? 'the connection was refused (is the server down?)'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `${url.hostname} could not be found (offline?)`
      : code === 'ECONNRESET' ? 'the connection was reset'
        : error.message;
  return new SourceError(`Could not fetch ${url.href}: ${reason}.`);
}

/** The cached copy for this origin, if the cache file holds one. */
export function readCache(cacheFile: string | undefined, origin?: string): CachedConfig | undefined {
  if (!cacheFile) return undefined;
  try {
    const value = JSON.parse(readFileSync(cacheFile, 'utf8')) as Partial<CachedConfig>;
    if (typeof value.text !== 'string' || typeof value.url !== 'string' || typeof value.fetchedAt !== 'string') return undefined;
    if (origin !== undefined && value.url !== origin) return undefined;
    return {
      text: value.text,
      ...(typeof value.etag === 'string' ? { etag: value.etag } : {}),
      fetchedAt: value.fetchedAt,
      checkedAt: typeof value.checkedAt === 'string' ? value.checkedAt : value.fetchedAt,
      url: value.url,
    };
  } catch {
    return undefined;
  }
}

function writeCache(cacheFile: string | undefined, entry: CachedConfig): void {
  if (!cacheFile) return;
  try {
    writeJsonAtomic(cacheFile, entry, { pretty: true });
  } catch {
    // A cache that cannot be written only costs the offline copy.
  }
}

/** How old a copy is, for the UI: `just now`, `5 minutes ago`, `3 hours ago`, `2 days ago`. */
export function describeConfigAge(checkedAt: string | undefined, now: Date = new Date()): string {
  if (!checkedAt) return 'never loaded';
  const then = Date.parse(checkedAt);
  if (!Number.isFinite(then)) return 'of unknown age';
  const seconds = Math.max(0, Math.round((now.getTime() - then) / 1000));
  if (seconds < 60) return 'just now';
  const unit = (count: number, name: string) => `${count} ${name}${count === 1 ? '' : 's'} ago`;
  if (seconds < 3600) return unit(Math.floor(seconds / 60), 'minute');
  if (seconds < 86400) return unit(Math.floor(seconds / 3600), 'hour');
  return unit(Math.floor(seconds / 86400), 'day');
}
