// Generates src/core/models/catalog.generated.ts, the price catalog bundled with the extension,
// from the price data that ships inside the pinned `@pydantic/genai-prices` package (MIT). Works offline.
//   node scripts/generatePriceCatalog.mjs                 regenerate (keeps the snapshot date while the package version is unchanged)
//   node scripts/generatePriceCatalog.mjs --as-of today   re-evaluate prices as of today (or --as-of YYYY-MM-DD)
//   node scripts/generatePriceCatalog.mjs --check         exit 1 if the committed file is out of date
//   node scripts/generatePriceCatalog.mjs --stdout        print the file instead of writing it
// The output is deterministic: providers and models are sorted, and prices are evaluated as of the snapshot date,
// so the committed file only changes when the data (or the snapshot date) does. Every dated or timed price set is kept
// (`priceSets`), so a request is priced with the price in force at its time. The data's own date is the newest price
// start date it records up to its publication; the publication date is asked of the npm registry once per version
// (a single GET) and kept in the file, so later runs work offline.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@pydantic/genai-prices';
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOG_PATH = 'src/core/models/catalog.generated.ts';

/** First-party providers in the catalog, with the display names the UI uses. */
const PROVIDERS = {
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
const SKIP = { google: /^claude-/ };

/** Package price keys → the project's rate fields (USD per million tokens). Other keys (audio, images, searches) are not used. */
const RATE_KEYS = [
  ['input_mtok', 'input'],
  ['output_mtok', 'output'],
  ['cache_read_mtok', 'cacheRead'],
  ['cache_write_mtok', 'cacheWrite'],
  ['cache_write_1h_mtok', 'cacheWrite1h'],
  ['output_reasoning_mtok', 'reasoning'],
];

const MINUTES_PER_DAY = 24 * 60;

/**
 * Builds the catalog source text and, unless `write` is false, writes it when it differs from the file on disk.
 * @param {{ root?: string, asOf?: string, write?: boolean }} [options]
 *   asOf: `YYYY-MM-DD` date at which prices are evaluated and which becomes the snapshot date; `today` for today (UTC).
 *   By default the snapshot date already in the file is kept while the package version is unchanged, else today.
 * @returns {Promise<{ path: string, content: string, changed: boolean, snapshotDate: string, version: string, modelCount: number, providerCount: number }>}
 */
export async function generatePriceCatalog({ root = projectRoot, asOf, write = true } = {}) {
  const require = createRequire(join(root, 'package.json'));
  const entry = require.resolve(PACKAGE);
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'));
  const { waitForUpdate } = require(PACKAGE);
  const providers = await waitForUpdate();
  if (!Array.isArray(providers)) throw new Error(`${PACKAGE} returned no bundled provider data`);

  const path = join(root, CATALOG_PATH);
  const previous = readIfExists(path);
  const snapshotDate = resolveSnapshotDate(asOf, previous, pkg.version);
  const published = await publishedDate(pkg.version, previous);

  const outProviders = [];
  const models = [];
  for (const provider of [...providers].sort((a, b) => compare(a.id, b.id))) {
    const displayName = PROVIDERS[provider.id];
    if (!displayName) continue;
    outProviders.push(clean({ id: provider.id, name: displayName, pricingUrl: provider.pricing_urls?.[0] }));
    for (const model of [...provider.models].sort((a, b) => compare(a.id, b.id))) {
      if (SKIP[provider.id]?.test(model.id)) continue;
      const converted = convertModel(provider.id, model, snapshotDate);
      if (converted) models.push(converted);
    }
  }

  const data = {
    snapshotDate,
    dataDate: newestStartDate(models, published ?? snapshotDate),
    source: clean({
      name: PACKAGE,
      version: pkg.version,
      published,
      license: pkg.license,
      url: pkg.homepage ?? 'https://github.com/pydantic/genai-prices',
    }),
    providers: outProviders,
    models,
  };
  const content = render(data);
  const changed = content !== previous;
  if (write && changed) writeFileSync(path, content);
  return { path, content, changed, snapshotDate, version: pkg.version, modelCount: models.length, providerCount: outProviders.length };
}

/** The newest `from` date of the models' price sets that is not after `until`: the date of the data. */
export function newestStartDate(models, until) {
  let newest;
  for (const model of models) {
    for (const set of model.priceSets ?? []) if (set.from && set.from <= until && (!newest || set.from > newest)) newest = set.from;
  }
  return newest;
}

/** The day the package version was published: kept from the previous file for the same version, else asked of the registry. */
async function publishedDate(version, previous) {
  const keptVersion = previous && /version: "([^"]+)"/.exec(previous);
  const kept = previous && /published: "(\d{4}-\d{2}-\d{2})"/.exec(previous);
  if (kept && keptVersion?.[1] === version) return kept[1];
  try {
    const response = await fetch(`https://registry.npmjs.org/${PACKAGE.replace('/', '%2F')}`, { signal: AbortSignal.timeout(10_000) });
    const time = response.ok ? (await response.json()).time?.[version] : undefined;
    return typeof time === 'string' && /^\d{4}-\d{2}-\d{2}/.test(time) ? time.slice(0, 10) : undefined;
  } catch {
    return undefined; // offline: the catalog then states no publication date
  }
}

function resolveSnapshotDate(asOf, previous, version) {
  if (asOf === 'today') return new Date().toISOString().slice(0, 10);
  if (asOf !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
      throw new Error(`--as-of expects YYYY-MM-DD or today, got ${asOf}`);
    }
    return asOf;
  }
  const kept = previous && /snapshotDate: "(\d{4}-\d{2}-\d{2})"/.exec(previous);
  const keptVersion = previous && /version: "([^"]+)"/.exec(previous);
  if (kept && keptVersion && keptVersion[1] === version) return kept[1];
  return new Date().toISOString().slice(0, 10);
}

/** One package model → the project's compact entry, or undefined when it has no per-token text prices. */
function convertModel(providerId, model, asOf) {
  const { prices, notes } = currentPrices(model, asOf);
  const { rates, tiers } = convertRates(prices);
  const priceSets = Array.isArray(model.prices) && model.prices.length > 1 ? model.prices.map(convertPriceSet) : undefined;
  if (rates.input === undefined && rates.output === undefined) return undefined;
  const names = matchNames(model.match);
  const lowerId = model.id.toLowerCase();
  const aliases = sortedUnique(names.aliases.filter((alias) => alias.toLowerCase() !== lowerId));
  return clean({
    provider: providerId,
    id: model.id,
    name: model.name ?? model.id,
    aliases: aliases.length ? aliases : undefined,
    prefixes: names.prefixes.length ? sortedUnique(names.prefixes) : undefined,
    patterns: names.patterns.length ? sortedUnique(names.patterns) : undefined,
    rates,
    tiers: tiers.length ? tiers : undefined,
    contextWindow: model.context_window,
    deprecated: model.deprecated ? true : undefined,
    notes: notes.length ? notes : undefined,
    priceSets,
  });
}

/** One entry of a package price list → a price set with its condition (a start date, or a window of the UTC day). */
function convertPriceSet(entry) {
  const { rates, tiers } = convertRates(entry.prices);
  const constraint = entry.constraint;
  return clean({
    rates,
    tiers: tiers.length ? tiers : undefined,
    from: constraint?.type === 'start_date' ? constraint.start_date : undefined,
    minutesUtc: constraint?.type === 'time_of_date' ? [minuteOfDay(constraint.start_time), minuteOfDay(constraint.end_time)] : undefined,
  });
}

/**
 * The price set in effect on `asOf`. Start-date constraints resolve as the package does (the latest one started wins).
 * Where prices vary by time of day, the set in effect for most of the UTC day is the headline and the rest become notes;
 * price changes scheduled after `asOf` become notes too.
 */
function currentPrices(model, asOf) {
  if (!Array.isArray(model.prices)) return { prices: model.prices, notes: [] };
  const entries = model.prices;
  const day = new Date(`${asOf}T00:00:00Z`);
  const minutesByEntry = new Map();
  for (let minute = 0; minute < MINUTES_PER_DAY; minute++) {
    const index = entryAt(entries, day, minute);
    minutesByEntry.set(index, (minutesByEntry.get(index) ?? 0) + 1);
  }
  const ranked = [...minutesByEntry].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const headline = ranked[0][0];
  const notes = [];
  if (ranked.length > 1) {
    // Windows with the same prices are listed together, in order of the time of day.
    const windowsByPrice = new Map();
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
  for (const item of entries) {
    if (item.constraint?.type === 'start_date' && item.constraint.start_date > asOf) {
      notes.push(`Scheduled price from ${item.constraint.start_date}: ${describeRates(item.prices)}.`);
    }
  }
  return { prices: entries[headline].prices, notes };
}

/** Index of the entry that applies at `minute` of `day`, mirroring the package: last matching constraint wins, else the first entry. */
function entryAt(entries, day, minute) {
  for (let index = entries.length - 1; index >= 0; index--) {
    const constraint = entries[index].constraint;
    if (constraint === undefined) return index;
    if (constraint.type === 'start_date') {
      if (day >= new Date(`${constraint.start_date}T00:00:00Z`)) return index;
    } else if (constraint.type === 'time_of_date') {
      const start = minuteOfDay(constraint.start_time);
      const end = minuteOfDay(constraint.end_time);
      const inside = end < start ? minute >= start || minute < end : minute >= start && minute < end;
      if (inside) return index;
    }
  }
  return 0;
}

function minuteOfDay(time) {
  const match = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!match) throw new Error(`Unexpected time-of-day constraint ${time}`);
  let minutes = Number(match[1]) * 60 + Number(match[2]);
  if (match[3] !== 'Z') {
    const sign = match[3][0] === '+' ? 1 : -1;
    minutes -= sign * (Number(match[3].slice(1, 3)) * 60 + Number(match[3].slice(4, 6)));
  }
  return ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

function hhmm(time) {
  const minutes = minuteOfDay(time);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function describeRates(prices) {
  const value = (key) => {
    const price = prices[key];
    if (price === undefined) return undefined;
    return typeof price === 'number' ? `$${price}` : `$${price.base}`;
  };
  const parts = [];
  if (value('input_mtok')) parts.push(`input ${value('input_mtok')}`);
  if (value('cache_read_mtok')) parts.push(`cache read ${value('cache_read_mtok')}`);
  if (value('output_mtok')) parts.push(`output ${value('output_mtok')}`);
  return parts.length ? `${parts.join(', ')} per 1M tokens` : 'no per-token price';
}

/**
 * Flat and tiered package prices → base rates plus tiers. A package tier `{ start, price }` applies when the request's
 * input tokens (cached ones included) exceed `start`; each project tier lists the rates that change above its threshold.
 */
function convertRates(prices) {
  const rates = {};
  const thresholds = new Set();
  for (const [key, field] of RATE_KEYS) {
    const price = prices[key];
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
      const tierRates = {};
      for (const [key, field] of RATE_KEYS) {
        const price = prices[key];
        if (price === undefined || typeof price === 'number') continue;
        let rate = price.base;
        for (const tier of [...price.tiers].sort((a, b) => a.start - b.start)) if (threshold >= tier.start) rate = tier.price;
        if (rate !== price.base) tierRates[field] = rate;
      }
      return { aboveInputTokens: threshold, rates: tierRates };
    });
  return { rates, tiers };
}

/** Exact names (equals, contains, ends_with), prefixes (starts_with) and regexes from a package match rule. */
function matchNames(match, out = { aliases: [], prefixes: [], patterns: [] }) {
  if ('or' in match) for (const part of match.or) matchNames(part, out);
  else if ('and' in match) for (const part of match.and) matchNames(part, out);
  else if ('equals' in match) out.aliases.push(match.equals);
  else if ('contains' in match) out.aliases.push(match.contains);
  else if ('ends_with' in match) out.aliases.push(match.ends_with);
  else if ('starts_with' in match) out.prefixes.push(match.starts_with);
  // Negative look-aheads only exclude variants (such as TTS models) that have entries of their own.
  else if ('regex' in match && !match.regex.startsWith('^(?!')) out.patterns.push(match.regex);
  return out;
}

function render(data) {
  const lines = [
    `// Generated by scripts/generatePriceCatalog.mjs from ${data.source.name} ${data.source.version} (${data.source.license}). Do not edit:`,
    '// run `npm run prices` (or any build) to regenerate. Hand-kept corrections belong in catalogOverlay.ts.',
    '// Rates are USD per million tokens; a missing rate is unknown, not free.',
    "import type { CatalogData } from './types';",
    '',
    'export const generatedCatalog: CatalogData = {',
    `  snapshotDate: ${literal(data.snapshotDate)},`,
    ...(data.dataDate ? [`  dataDate: ${literal(data.dataDate)},`] : []),
    `  source: ${literal(data.source)},`,
    '  providers: [',
    ...data.providers.map((provider) => `    ${literal(provider)},`),
    '  ],',
    '  models: [',
    ...data.models.map((model) => `    ${literal(model)},`),
    '  ],',
    '};',
    '',
  ];
  return lines.join('\n');
}

/** A compact TypeScript literal: unquoted identifier keys, JSON strings and numbers, keys in insertion order. */
function literal(value) {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const body = Object.entries(value)
      .map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${literal(item)}`)
      .join(', ');
    return body ? `{ ${body} }` : '{}';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`Non-finite number in catalog: ${value}`);
  return JSON.stringify(value);
}

function clean(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

function sortedUnique(values) {
  return [...new Set(values)].sort(compare);
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function readIfExists(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const asOfIndex = args.indexOf('--as-of');
  const asOf = asOfIndex >= 0 ? args[asOfIndex + 1] : undefined;
  const check = args.includes('--check');
  const stdout = args.includes('--stdout');
  const result = await generatePriceCatalog({ asOf, write: !check && !stdout });
  if (stdout) {
    process.stdout.write(result.content);
  } else if (check) {
    if (result.changed) {
      console.error(`${CATALOG_PATH} is out of date with ${PACKAGE} ${result.version}; run \`npm run prices\`.`);
      process.exit(1);
    }
    console.log(`${CATALOG_PATH} is up to date (${PACKAGE} ${result.version}, snapshot ${result.snapshotDate}).`);
  } else {
    console.log(
      `${result.changed ? 'Wrote' : 'Unchanged:'} ${CATALOG_PATH}: ${result.modelCount} models from ${result.providerCount} providers, ` +
        `${PACKAGE} ${result.version}, snapshot ${result.snapshotDate}.`,
    );
  }
}
