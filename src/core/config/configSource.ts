// Where a team config comes from: a file (a workspace's `.tokenwise.json`, a shared drive) or an https URL.
// A URL is fetched with a timeout, a size limit and ETag revalidation; the last good copy is kept in a cache file and
// returned, with the error, whenever a load fails, so the previous config stays in force and its age can be shown.
import { readFileSync, statSync } from 'node:fs';
import { readJsonFile, writeJsonAtomic } from '../files/atomicJson';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeText, fetchConfig, isConfigUrl, SourceError, type ConfigRequest } from './configTransport';
import { formatJsonPath, parseTeamConfig, type ParsedTeamConfig } from './teamConfig';

export { isConfigUrl, isLoopbackHost, MAX_CONFIG_REDIRECTS, refuseConfigUrl, type ConfigRequest } from './configTransport';

export const DEFAULT_CONFIG_TIMEOUT_MS = 5000;
export const DEFAULT_CONFIG_MAX_BYTES = 256 * 1024;

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

/** A text that arrived but does not load as a config. */
class RejectedTextError extends SourceError {
  constructor(
    message: string,
    readonly text: string,
  ) {
    super(message);
  }
}

/** Loads a team config from a file path or URL; never throws. */
export async function loadConfigSource(spec: string, options: LoadConfigOptions = {}): Promise<LoadedConfigSource> {
  const now = options.now ?? (() => new Date());
  const trimmed = spec.trim();
  const kind: ConfigSourceKind = isConfigUrl(trimmed) ? 'url' : 'file';
  let origin: string;
  try {
    origin =
      kind === 'url'
        ? new URL(trimmed).href
        : resolve(options.baseDir ?? process.cwd(), /^file:/i.test(trimmed) ? fileURLToPath(trimmed) : trimmed);
  } catch {
    return fail(kind, trimmed, `Not a valid URL: ${trimmed}.`, undefined);
  }
  const cached = readCache(options.cacheFile, origin);
  // The default validation parses the text; that parse is handed back so the caller need not parse it again.
  let parsed: LoadedConfigSource['parsed'];
  const validate =
    options.validate ??
    ((text: string, from: string) => {
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
    const message =
      error instanceof SourceError
        ? error.message
        : `Could not load the team config: ${error instanceof Error ? error.message : String(error)}.`;
    return {
      ...fail(kind, origin, message, cached, error instanceof RejectedTextError ? error.text : undefined),
      ...(parsed ? { parsed } : {}),
    };
  }
}

/** A loaded text as a team config: the parse the loader validated with when it has it, otherwise parsed now. */
export function parseLoadedText(loaded: LoadedConfigSource, text: string): ParsedTeamConfig {
  return loaded.parsed?.text === text ? loaded.parsed.result : parseTeamConfig(text, loaded.origin);
}

function fail(
  kind: ConfigSourceKind,
  origin: string,
  error: string,
  cached: CachedConfig | undefined,
  rejectedText?: string,
): LoadedConfigSource {
  const rejected = rejectedText !== undefined ? { rejectedText } : {};
  if (!cached) return { status: 'failed', kind, origin, error, ...rejected };
  return {
    status: 'stale',
    kind,
    origin,
    text: cached.text,
    etag: cached.etag,
    fetchedAt: cached.fetchedAt,
    checkedAt: cached.checkedAt,
    error,
    ...rejected,
  };
}

/** Refuses a text that does not load as a team config, naming its first errors with line:column. */
function refusal(parsed: ParsedTeamConfig, origin: string): string | undefined {
  if (parsed.config) return undefined;
  const errors = parsed.problems.filter((problem) => problem.severity === 'error');
  const shown = errors
    .slice(0, 3)
    .map(
      (problem) => `${problem.line}:${problem.column} ${problem.path.length ? `(${formatJsonPath(problem.path)}) ` : ''}${problem.message}`,
    );
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
    throw new SourceError(
      code === 'ENOENT'
        ? `The team config file ${path} does not exist.`
        : `Could not read the team config file ${path}: ${(error as Error).message}.`,
    );
  }
  if (size > maxBytes) throw new SourceError(`The team config file ${path} is ${size} bytes, more than the ${maxBytes}-byte limit.`);
  try {
    return decodeText(readFileSync(path), path);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`Could not read the team config file ${path}: ${(error as Error).message}.`);
  }
}

export function readCache(cacheFile: string | undefined, origin?: string): CachedConfig | undefined {
  if (!cacheFile) return undefined;
  const read = readJsonFile(cacheFile);
  if (typeof read !== 'object' || read === null) return undefined;
  const value = read as Partial<CachedConfig>;
  if (typeof value.text !== 'string' || typeof value.url !== 'string' || typeof value.fetchedAt !== 'string') return undefined;
  if (origin !== undefined && value.url !== origin) return undefined;
  return {
    text: value.text,
    ...(typeof value.etag === 'string' ? { etag: value.etag } : {}),
    fetchedAt: value.fetchedAt,
    checkedAt: typeof value.checkedAt === 'string' ? value.checkedAt : value.fetchedAt,
    url: value.url,
  };
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
