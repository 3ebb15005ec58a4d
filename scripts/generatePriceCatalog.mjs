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
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@pydantic/genai-prices';
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOG_PATH = 'src/core/models/catalog.generated.ts';

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

  const { convertGenaiPrices, newestStartDate } = await loadConverter(root);
  const { providers: outProviders, models, skipped } = convertGenaiPrices(providers, snapshotDate);
  for (const entry of skipped) console.warn(`Skipped ${entry.model}: ${entry.reason}`);

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

/** The converter the extension uses for price updates (src/core/models/genaiPrices.ts), bundled for this script. */
async function loadConverter(root) {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({
    entryPoints: [join(root, 'src', 'core', 'models', 'genaiPrices.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
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
