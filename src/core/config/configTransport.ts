// How a team config is fetched from a URL: https only (plain http to this machine alone), no credentials in the URL,
// a few redirects, a timeout, a size limit, JSON content types and ETag revalidation.
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';

export const MAX_CONFIG_REDIRECTS = 3;

/** One HTTP(S) GET, for tests or a proxy-aware transport. Defaults to Node's `http.request` / `https.request`. */
export type ConfigRequest = (
  url: URL,
  options: http.RequestOptions,
  onResponse: (response: http.IncomingMessage) => void,
) => http.ClientRequest;

/** Thrown inside a load; its message is shown to the user. */
export class SourceError extends Error {}

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
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `Only https URLs can serve a team config, not ${url.protocol.replace(/:$/, '')}.`;
  }
  if (url.username || url.password) return 'A team config URL must not carry a user name or password.';
  if (from?.protocol === 'https:' && url.protocol === 'http:') return `Refused a redirect from https to plain http (${url.href}).`;
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `Plain http is only allowed for this machine (localhost); use https for ${url.host}.`;
  }
  return undefined;
}

export function decodeText(bytes: Buffer, origin: string): string {
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
  return (
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'text/json' ||
    type === 'text/plain' ||
    type === 'application/octet-stream' ||
    type === ''
  );
}

/** GETs the URL, following up to three redirects, within one overall deadline. */
export async function fetchConfig(start: URL, options: FetchOptions): Promise<FetchResult> {
  const refused = refuseConfigUrl(start);
  if (refused) throw new SourceError(refused);
  const deadline = Date.now() + options.timeoutMs;
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const hop = await fetchOnce(url, options, deadline - Date.now());
    if (hop.kind === 'done') return hop.result;
    if (redirects >= MAX_CONFIG_REDIRECTS) {
      throw new SourceError(`Too many redirects (more than ${MAX_CONFIG_REDIRECTS}) from ${start.href}.`);
    }
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
    const headers: Record<string, string> = {
      Accept: 'application/json, text/plain;q=0.5',
      'Accept-Encoding': 'identity',
      'User-Agent': 'Tokenwise',
      Connection: 'close',
    };
    if (options.etag) headers['If-None-Match'] = options.etag;
    const send: ConfigRequest =
      options.request ??
      ((target, requestOptions, onResponse) =>
        target.protocol === 'https:'
          ? https.request(target, requestOptions, onResponse)
          : http.request(target, requestOptions, onResponse));

    const request = send(url, { method: 'GET', headers }, (response) => {
      const status = response.statusCode ?? 0;
      const finishWith = (outcome: () => void) => {
        settle(outcome);
        response.resume();
        request.destroy();
      };
      if (status >= 300 && status < 400 && status !== 304) {
        const location = response.headers.location;
        if (!location) {
          return finishWith(() => reject(new SourceError(`The server answered ${status} without saying where to (no Location header).`)));
        }
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
      response.on('aborted', () =>
        settle(() => reject(new SourceError(`The connection to ${url.host} closed before the whole config arrived.`))),
      );
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
  const reason =
    code === 'ECONNREFUSED'
      ? 'the connection was refused (is the server down?)'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `${url.hostname} could not be found (offline?)`
        : code === 'ECONNRESET'
          ? 'the connection was reset'
          : error.message;
  return new SourceError(`Could not fetch ${url.href}: ${reason}.`);
}

/** The cached copy for this origin, if the cache file holds one. */
