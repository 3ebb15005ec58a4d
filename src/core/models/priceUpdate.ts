// The opt-in price update: a GET of a price data file in the genai-prices format (theirs by default), checked and
// converted like the bundled data, kept as the last good copy. Nothing is sent but the request itself: no cookies, no
// body, no identifying headers. Plain http is refused except on this machine, and so is a redirect to it.
import { readJsonFile, writeJsonAtomic } from '../files/atomicJson';
import { requestUrlIssue } from '../input/urlRules';
import { convertGenaiPrices, newestStartDate } from './genaiPrices';
import type { CatalogData } from './types';

/** The price data `@pydantic/genai-prices` itself updates from. */
export const DEFAULT_PRICE_DATA_URL = 'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json';

/** A price data file larger than this is not price data (the full genai-prices file is about 1 MB). */
export const MAX_PRICE_DATA_BYTES = 16 * 1024 * 1024;
/** A file with fewer usable models than this is refused: a page of something else, or a truncated file. */
const MIN_MODELS = 10;
const MAX_REDIRECTS = 3;

/** The last good copy: what was fetched, from where and when. */
export interface PriceDataCopy {
  readonly url: string;
  /** ISO time of the fetch. */
  readonly fetchedAt: string;
  /** The fetched file as parsed JSON, converted again when it is loaded (one check for both ways in). */
  readonly data: unknown;
}

export type PriceFetchOutcome = { readonly copy: PriceDataCopy; readonly catalog: CatalogData } | { readonly error: string };

/** Why `url` may not be fetched, or undefined: https anywhere, http only on this machine (a local mirror, tests). */
export function priceUrlIssue(url: string): string | undefined {
  return requestUrlIssue(url, 'prices are fetched');
}

/** The catalog data a copy holds, or why it holds none. */
export function catalogFromCopy(copy: PriceDataCopy): { catalog: CatalogData } | { error: string } {
  const day = copy.fetchedAt.slice(0, 10);
  let converted;
  try {
    converted = convertGenaiPrices(copy.data, day);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (converted.models.length < MIN_MODELS) {
    return { error: `the file holds ${converted.models.length} usable models (at least ${MIN_MODELS} expected)` };
  }
  const host = new URL(copy.url).host;
  return {
    catalog: {
      snapshotDate: day,
      dataDate: newestStartDate(converted.models, day) ?? day,
      source: { name: `price data from ${host}`, version: `fetched ${day}`, license: 'as published', url: copy.url },
      providers: converted.providers,
      models: converted.models,
    },
  };
}

export interface FetchOptions {
  readonly timeoutMs?: number;
  readonly now?: Date;
  /** For tests; the runtime's `fetch` by default. */
  readonly fetch?: typeof fetch;
}

/** Fetches, checks and converts the price data at `url`; never throws. */
export async function fetchPriceData(url: string, options: FetchOptions = {}): Promise<PriceFetchOutcome> {
  const get = options.fetch ?? fetch;
  let target = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const issue = priceUrlIssue(target);
    if (issue) return { error: hop === 0 ? issue : `redirected to ${target.slice(0, 120)}: ${issue}` };
    let response: Response;
    try {
      response = await get(target, {
        method: 'GET',
        redirect: 'manual',
        credentials: 'omit',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      return { error: `could not reach ${new URL(target).host}: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      void response.body?.cancel();
      if (!location) return { error: `a redirect (${response.status}) without a location` };
      target = new URL(location, target).toString();
      continue;
    }
    if (!response.ok) return { error: `${new URL(target).host} answered ${response.status} ${response.statusText}`.trim() };
    const text = await readLimited(response);
    if (text === undefined) return { error: `the file is larger than ${MAX_PRICE_DATA_BYTES / (1024 * 1024)} MB` };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { error: 'the file is not JSON' };
    }
    const copy: PriceDataCopy = { url, fetchedAt: (options.now ?? new Date()).toISOString(), data };
    const checked = catalogFromCopy(copy);
    return 'error' in checked ? { error: `not usable price data: ${checked.error}` } : { copy, catalog: checked.catalog };
  }
  return { error: `more than ${MAX_REDIRECTS} redirects` };
}

/** The body as text, or undefined once it passes the size limit. */
async function readLimited(response: Response): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_PRICE_DATA_BYTES) return undefined;
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_PRICE_DATA_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Keeps the copy (atomically: a crash leaves the previous one). Throws what the file system throws. */
export function savePriceDataCopy(file: string, copy: PriceDataCopy): void {
  writeJsonAtomic(file, copy);
}

/** The kept copy, or undefined when there is none or it cannot be read (the bundled prices apply then). */
export function loadPriceDataCopy(file: string): PriceDataCopy | undefined {
  const read = readJsonFile(file);
  if (typeof read !== 'object' || read === null) return undefined;
  const value = read as Partial<PriceDataCopy>;
  if (typeof value.url !== 'string' || priceUrlIssue(value.url) || typeof value.fetchedAt !== 'string') return undefined;
  if (!Number.isFinite(Date.parse(value.fetchedAt))) return undefined;
  return value as PriceDataCopy;
}
