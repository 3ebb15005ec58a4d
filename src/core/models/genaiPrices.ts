// Price data in the `@pydantic/genai-prices` format (its bundled data, or its `data.json` fetched by a price update)
// → the project's catalog data. One converter for both: the generator script bundles this module. Every value is
// checked where it enters: a model that cannot be read is skipped and counted with its reason, never thrown.
import type { CatalogModelData, CatalogProvider, PriceSet, PriceTier, Rates } from './types';

/** First-party providers in the catalog, with the display names the UI uses. */
export const CATALOG_PROVIDERS: Readonly<Record<string, string>> = {
  anthropic: 'Anthropic',
  cohere: 'Cohere',
  deepseek: 'DeepSeek',
  google: 'Google',
  minimax: 'MiniMax',
  mistral: 'Mistral',
  moonshotai: 'Moonshot AI',
  openai: 'OpenAI',
  perplexity: 'Perplexity',
  'x-ai': 'xAI',
  zai: 'Z.AI',
};

/** Entries a provider resells under another provider's name; the original provider's entry prices them. */
const SKIP: Readonly<Record<string, RegExp>> = { google: /^claude-/ };

/** Package price keys → the project's rate fields (USD per million tokens). Other keys (audio, images, searches) are not used. */
const RATE_KEYS = [
  ['input_mtok', 'input'],
  ['output_mtok', 'output'],
  ['cache_read_mtok', 'cacheRead'],
  ['cache_write_mtok', 'cacheWrite'],
  ['cache_write_1h_mtok', 'cacheWrite1h'],
  ['output_reasoning_mtok', 'reasoning'],
] as const;

const MINUTES_PER_DAY = 24 * 60;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Json = Record<string, unknown>;
type Price = number | { base: number; tiers: { start: number; price: number }[] };
interface Entry {
  readonly prices: Json;
  readonly constraint?: { type: 'start_date'; start_date: string } | { type: 'time_of_date'; start_time: string; end_time: string };
}

export interface ConvertedPrices {
  readonly providers: CatalogProvider[];
  readonly models: CatalogModelData[];
  /** Models left out, with why (a shape this converter does not know, a price that is not a number). */
  readonly skipped: { readonly model: string; readonly reason: string }[];
}

/**
 * Converts genai-prices provider data, with prices as in force on `asOf` (`YYYY-MM-DD`) for the headline rates.
 * Throws only when the data is not a list of providers at all.
 */
export function convertGenaiPrices(data: unknown, asOf: string): ConvertedPrices {
  if (!Array.isArray(data)) throw new TypeError('the price data is not a list of providers');
  const providers: CatalogProvider[] = [];
  const models: CatalogModelData[] = [];
  const skipped: { model: string; reason: string }[] = [];
  const known = data.filter((provider): provider is Json => isJson(provider) && typeof provider.id === 'string');
  for (const provider of [...known].sort((a, b) => compare(String(a.id), String(b.id)))) {
    const id = provider.id as string;
    const displayName = CATALOG_PROVIDERS[id];
    if (!displayName || !Array.isArray(provider.models)) continue;
    const pricingUrl =
      Array.isArray(provider.pricing_urls) && typeof provider.pricing_urls[0] === 'string' ? provider.pricing_urls[0] : undefined;
    providers.push(clean({ id, name: displayName, pricingUrl }) as CatalogProvider);
    const entries = provider.models.filter(isJson).sort((a, b) => compare(String(a.id), String(b.id)));
    for (const model of entries) {
      if (typeof model.id !== 'string' || SKIP[id]?.test(model.id)) continue;
      try {
        const converted = convertModel(id, model, asOf);
        if (converted) models.push(converted);
      } catch (error) {
        skipped.push({ model: `${id}/${model.id}`, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { providers, models, skipped };
}

/** The newest `from` date of the models' price sets that is not after `until`: the date of the data. */
export function newestStartDate(models: readonly CatalogModelData[], until: string): string | undefined {
  let newest: string | undefined;
  for (const model of models) {
    for (const set of model.priceSets ?? []) if (set.from && set.from <= until && (!newest || set.from > newest)) newest = set.from;
  }
  return newest;
}

/** One package model → the project's compact entry, or undefined when it has no per-token text prices. */
function convertModel(providerId: string, model: Json, asOf: string): CatalogModelData | undefined {
  const list = priceEntries(model.prices);
  const { prices, notes } = currentPrices(list, asOf);
  const { rates, tiers } = convertRates(prices);
  if (rates.input === undefined && rates.output === undefined) return undefined;
  if (!isJson(model.match)) throw new Error('no match rule');
  const names = matchNames(model.match);
  const id = model.id as string;
  const aliases = sortedUnique(names.aliases.filter((alias) => alias.toLowerCase() !== id.toLowerCase()));
  const contextWindow = typeof model.context_window === 'number' && model.context_window > 0 ? model.context_window : undefined;
  return clean({
    provider: providerId,
    id,
    name: typeof model.name === 'string' ? model.name : id,
    aliases: aliases.length ? aliases : undefined,
    prefixes: names.prefixes.length ? sortedUnique(names.prefixes) : undefined,
    patterns: names.patterns.length ? sortedUnique(names.patterns) : undefined,
    rates,
    tiers: tiers.length ? tiers : undefined,
    contextWindow,
    deprecated: model.deprecated === true ? true : undefined,
    notes: notes.length ? notes : undefined,
    priceSets: list.length > 1 ? list.map(convertPriceSet) : undefined,
  }) as unknown as CatalogModelData;
}

/** A model's `prices`: one set, or a list of sets with start-date or time-of-day constraints. */
function priceEntries(prices: unknown): Entry[] {
  if (isJson(prices)) return [{ prices }];
  if (!Array.isArray(prices) || prices.length === 0) throw new Error('no prices');
  return prices.map((entry) => {
    if (!isJson(entry) || !isJson(entry.prices)) throw new Error('a price entry without prices');
    const constraint = entry.constraint;
    if (constraint === undefined) return { prices: entry.prices };
    if (isJson(constraint) && typeof constraint.start_date === 'string' && DAY.test(constraint.start_date)) {
      return { prices: entry.prices, constraint: { type: 'start_date', start_date: constraint.start_date } };
    }
    if (isJson(constraint) && typeof constraint.start_time === 'string' && typeof constraint.end_time === 'string') {
      minuteOfDay(constraint.start_time);
      minuteOfDay(constraint.end_time);
      return {
        prices: entry.prices,
        constraint: { type: 'time_of_date', start_time: constraint.start_time, end_time: constraint.end_time },
      };
    }
    throw new Error(`an unknown price constraint ${JSON.stringify(constraint).slice(0, 80)}`);
  });
}

/**
 * The price set in effect on `asOf`, resolved as the package does (the last matching constraint wins). Where prices
 * vary by time of day, the set in effect for most of the UTC day is the headline and the rest become notes; price
 * changes scheduled after `asOf` become notes too.
 */
function currentPrices(entries: readonly Entry[], asOf: string): { prices: Json; notes: string[] } {
  if (entries.length === 1) return { prices: entries[0].prices, notes: [] };
  const minutesByEntry = new Map<number, number>();
  for (let minute = 0; minute < MINUTES_PER_DAY; minute++) {
    const index = entryAt(entries, asOf, minute);
    minutesByEntry.set(index, (minutesByEntry.get(index) ?? 0) + 1);
  }
  const ranked = [...minutesByEntry].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const notes: string[] = [];
  if (ranked.length > 1) {
    // Windows with the same prices are listed together, in order of the time of day.
    const windowsByPrice = new Map<string, { start: number; text: string }[]>();
    for (const [index] of ranked) {
      const constraint = entries[index].constraint;
      const when =
        constraint?.type === 'time_of_date'
          ? { start: minuteOfDay(constraint.start_time), text: `${hhmm(constraint.start_time)}–${hhmm(constraint.end_time)} UTC` }
          : { start: MINUTES_PER_DAY, text: 'other hours' };
      const price = describeRates(entries[index].prices);
      windowsByPrice.set(price, [...(windowsByPrice.get(price) ?? []), when]);
    }
    const parts = [...windowsByPrice].map(([price, windows]) => {
      const text = windows
        .sort((a, b) => a.start - b.start)
        .map((window) => window.text)
        .join(' and ');
      return `${text}: ${price}`;
    });
    notes.push(`Price varies by time of day (${parts.join('; ')}). The catalog shows the price in effect for most of the day.`);
  }
  for (const entry of entries) {
    if (entry.constraint?.type === 'start_date' && entry.constraint.start_date > asOf) {
      notes.push(`Scheduled price from ${entry.constraint.start_date}: ${describeRates(entry.prices)}.`);
    }
  }
  return { prices: entries[ranked[0][0]].prices, notes };
}

/** Index of the entry that applies at `minute` of `day`, mirroring the package: last matching constraint wins, else the first entry. */
function entryAt(entries: readonly Entry[], day: string, minute: number): number {
  for (let index = entries.length - 1; index >= 0; index--) {
    const constraint = entries[index].constraint;
    if (constraint === undefined) return index;
    if (constraint.type === 'start_date') {
      if (day >= constraint.start_date) return index;
    } else {
      const start = minuteOfDay(constraint.start_time);
      const end = minuteOfDay(constraint.end_time);
      const inside = end < start ? minute >= start || minute < end : minute >= start && minute < end;
      if (inside) return index;
    }
  }
  return 0;
}

function minuteOfDay(time: string): number {
  const match = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!match) throw new Error(`an unknown time-of-day constraint ${time.slice(0, 40)}`);
  let minutes = Number(match[1]) * 60 + Number(match[2]);
  if (match[3] !== 'Z') {
    const sign = match[3][0] === '+' ? 1 : -1;
    minutes -= sign * (Number(match[3].slice(1, 3)) * 60 + Number(match[3].slice(4, 6)));
  }
  return ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

function hhmm(time: string): string {
  const minutes = minuteOfDay(time);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function describeRates(prices: Json): string {
  const value = (key: string) => {
    const price = prices[key] as Price | undefined;
    if (price === undefined) return undefined;
    return typeof price === 'number' ? `$${price}` : `$${price.base}`;
  };
  const parts: string[] = [];
  if (value('input_mtok')) parts.push(`input ${value('input_mtok')}`);
  if (value('cache_read_mtok')) parts.push(`cache read ${value('cache_read_mtok')}`);
  if (value('output_mtok')) parts.push(`output ${value('output_mtok')}`);
  return parts.length ? `${parts.join(', ')} per 1M tokens` : 'no per-token price';
}

/** One entry of a package price list → a price set with its condition (a start date, or a window of the UTC day). */
function convertPriceSet(entry: Entry): PriceSet {
  const { rates, tiers } = convertRates(entry.prices);
  const constraint = entry.constraint;
  return clean({
    rates,
    tiers: tiers.length ? tiers : undefined,
    from: constraint?.type === 'start_date' ? constraint.start_date : undefined,
    minutesUtc: constraint?.type === 'time_of_date' ? [minuteOfDay(constraint.start_time), minuteOfDay(constraint.end_time)] : undefined,
  }) as unknown as PriceSet;
}

/**
 * Flat and tiered package prices → base rates plus tiers. A package tier `{ start, price }` applies when the request's
 * input tokens (cached ones included) exceed `start`; each project tier lists the rates that change above its threshold.
 */
function convertRates(prices: Json): { rates: Rates; tiers: PriceTier[] } {
  const rates: Record<string, number> = {};
  const thresholds = new Set<number>();
  for (const [key, field] of RATE_KEYS) {
    const price = checkedPrice(prices[key], key);
    if (price === undefined) continue;
    if (typeof price === 'number') {
      rates[field] = price;
    } else {
      rates[field] = price.base;
      for (const tier of price.tiers) thresholds.add(tier.start);
    }
  }
  const tiers = [...thresholds]
    .sort((a, b) => a - b)
    .map((threshold) => {
      const tierRates: Record<string, number> = {};
      for (const [key, field] of RATE_KEYS) {
        const price = prices[key] as Price | undefined;
        if (price === undefined || typeof price === 'number') continue;
        let rate = price.base;
        for (const tier of [...price.tiers].sort((a, b) => a.start - b.start)) if (threshold >= tier.start) rate = tier.price;
        if (rate !== price.base) tierRates[field] = rate;
      }
      return { aboveInputTokens: threshold, rates: tierRates as Rates };
    });
  return { rates: rates as Rates, tiers };
}

const isRate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e6;

/** A price as the package writes it, checked: a rate, or a base rate with tiers. */
function checkedPrice(value: unknown, key: string): Price | undefined {
  if (value === undefined || value === null) return undefined;
  if (isRate(value)) return value;
  if (isJson(value) && isRate(value.base) && Array.isArray(value.tiers)) {
    const tiers = value.tiers.map((tier) => {
      if (!isJson(tier) || !isRate(tier.price) || !Number.isSafeInteger(tier.start) || (tier.start as number) < 0) {
        throw new Error(`a malformed tier in ${key}`);
      }
      return { start: tier.start as number, price: tier.price };
    });
    return { base: value.base, tiers };
  }
  throw new Error(`${key} is not a price (${JSON.stringify(value).slice(0, 40)})`);
}

/** Exact names (equals, contains, ends_with), prefixes (starts_with) and regexes from a package match rule. */
function matchNames(match: Json, out = { aliases: [] as string[], prefixes: [] as string[], patterns: [] as string[] }) {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  if (Array.isArray(match.or)) for (const part of match.or.filter(isJson)) matchNames(part, out);
  else if (Array.isArray(match.and)) for (const part of match.and.filter(isJson)) matchNames(part, out);
  else if (text(match.equals)) out.aliases.push(text(match.equals)!);
  else if (text(match.contains)) out.aliases.push(text(match.contains)!);
  else if (text(match.ends_with)) out.aliases.push(text(match.ends_with)!);
  else if (text(match.starts_with)) out.prefixes.push(text(match.starts_with)!);
  // Negative look-aheads only exclude variants (such as TTS models) that have entries of their own.
  else if (text(match.regex) && !text(match.regex)!.startsWith('^(?!') && isRegex(text(match.regex)!)) {
    out.patterns.push(text(match.regex)!);
  }
  return out;
}

function isRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return source.length <= 500;
  } catch {
    return false;
  }
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clean<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
