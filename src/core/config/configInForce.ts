// What a merged config means for counting and pricing: the catalog with the team's negotiated prices and aliases,
// the estimate settings (expected output, tokenizer factors), and a list of what is in force and who set it.
import type { CatalogModel, PriceCatalog } from '../models/catalog';
import type { EstimateSettings } from '../models/comparison';
import type { TokenizerFactors } from '../models/tokenizerFactors';
import { formatCount, plural } from '../text/format';
import type { PriceTier, Rates } from '../models/types';
import {
  BUNDLED_DEFAULTS_ORIGIN,
  expectedOutputSettings,
  resolvePriceOverrides,
  type EffectiveConfig,
  type FieldOrigin,
  type MergedConfig,
} from './mergeConfig';
import type { PriceOverride } from './teamConfig';

/** The catalog with the config's price entries applied to every model (tiers too) and its aliases added. */
export function configuredCatalog(base: PriceCatalog, config: EffectiveConfig): PriceCatalog {
  if (config.prices.length === 0 && Object.keys(config.modelAliases).length === 0) return base;
  const who = config.team ? `the ${config.team} team` : 'the team config';
  const aliases = config.modelAliases;
  const reprice = (model: CatalogModel): CatalogModel => {
    const result = resolvePriceOverrides(model, config.prices, { aliases });
    const entries = [result.modelOverride, result.providerOverride].filter((entry): entry is PriceOverride => entry !== undefined);
    if (entries.length === 0) return model;
    const overridden = (rates: Rates) => resolvePriceOverrides(model, config.prices, { aliases, rates }).rates;
    const overriddenTiers = (list: readonly PriceTier[] | undefined) =>
      list?.map((tier): PriceTier => ({ ...tier, rates: overridden(tier.rates) }));
    const tiers = overriddenTiers(model.tiers);
    // Dated and timed prices keep their structure, each set with the team's terms.
    const priceSets = model.priceSets?.map((set) => ({ ...set, rates: overridden(set.rates), tiers: overriddenTiers(set.tiers) }));
    const terms = entries.map((entry) => describeOverride(entry, model.providerName)).join('; ');
    return {
      ...model,
      rates: result.rates,
      ...(tiers ? { tiers } : {}),
      ...(priceSets ? { priceSets } : {}),
      priceNote: `Negotiated price set by ${who}: ${terms}.`,
    };
  };
  return base.derive({ model: reprice, aliases });
}

function describeOverride(entry: PriceOverride, providerName: string): string {
  const scope = entry.model !== undefined ? 'for this model' : `for every ${providerName} model`;
  const parts: string[] = [];
  if (entry.rates && Object.keys(entry.rates).length) parts.push(`${Object.keys(entry.rates).join(', ')} rates set`);
  if (entry.discountPercent !== undefined) parts.push(`${entry.discountPercent}% off the catalog${parts.length ? ' otherwise' : ''}`);
  return `${parts.join(', ')} ${scope}`;
}

/**
 * How estimates follow the config: its expected output lengths and tokenizer factors, a family's factor calibrated
 * from the user's own logs replacing the published one (`calibrated`), unless the team pinned that family's.
 */
export function configuredEstimateSettings(merged: MergedConfig, calibrated: TokenizerFactors = {}): EstimateSettings {
  const factors = { ...merged.config.tokenizerFactors };
  for (const [family, factor] of Object.entries(calibrated)) {
    if (merged.origins[`tokenizerFactors.${family}`]?.source !== 'team') factors[family] = factor;
  }
  return { expectedOutput: expectedOutputSettings(merged.config), factors };
}

/** One line of "what is in force": a setting, its value, and who set it. */
export interface ConfigInForceEntry {
  readonly setting: string;
  readonly value: string;
  readonly source: FieldOrigin['source'];
  /** `bundled defaults`, the team config's path or URL, or `user settings`. */
  readonly origin: string;
}

/**
 * The config in force, setting by setting, with who set each: the team's entries and the user's display
 * preferences, and the bundled defaults for what neither set.
 */
export function describeConfigInForce(merged: MergedConfig): ConfigInForceEntry[] {
  const { config, origins } = merged;
  const entry = (field: string, setting: string, value: string): ConfigInForceEntry => {
    const origin = origins[field] ?? { source: 'defaults', origin: BUNDLED_DEFAULTS_ORIGIN };
    return { setting, value, source: origin.source, origin: origin.origin };
  };
  const aliases = Object.entries(config.modelAliases);
  const perModel = Object.entries(config.expectedOutputTokensByModel);
  const reasoningPerModel = Object.entries(config.expectedReasoningTokensByModel);
  const teamFactors = Object.keys(config.tokenizerFactors).filter((family) => origins[`tokenizerFactors.${family}`]?.source === 'team');
  const entries = [
    entry('defaultModel', 'Model', config.defaultModel),
    entry('favoriteModels', 'Favourite models', config.favoriteModels.length ? config.favoriteModels.join(', ') : 'none'),
    entry('expectedOutputTokens', 'Expected output', `${formatCount(config.expectedOutputTokens)} tokens`),
    entry(
      'expectedReasoningTokens',
      'Expected reasoning',
      `${formatCount(config.expectedReasoningTokens)} tokens (models that always reason)`,
    ),
  ];
  const perModelEntry = (field: string, setting: string, list: readonly (readonly [string, number])[]) => {
    if (list.length) entries.push(entry(field, setting, list.map(([model, tokens]) => `${model}: ${formatCount(tokens)}`).join(', ')));
  };
  perModelEntry('expectedOutputTokensByModel', 'Expected output per model', perModel);
  perModelEntry('expectedReasoningTokensByModel', 'Expected reasoning per model', reasoningPerModel);
  entries.push(
    entry('prices', 'Prices', config.prices.length ? `catalog, with ${plural(config.prices.length, 'negotiated price')}` : 'catalog'),
  );
  if (aliases.length) {
    entries.push(entry('modelAliases', 'Model aliases', aliases.map(([alias, model]) => `${alias} → ${model}`).join(', ')));
  }
  entries.push(
    entry('tokenizerFactors', 'Tokenizer factors', teamFactors.length ? `calibrated for ${teamFactors.join(', ')}` : 'published figures'),
  );
  if (config.allowances.length) {
    entries.push(entry('allowances', 'Team allowances', config.allowances.map((allowance) => allowance.name ?? allowance.id).join(', ')));
  }
  return entries;
}

/** Who set a field, in words: `your settings`, `the Acme team's config (…/.tokenwise.json)`, `the bundled defaults`. */
export function describeFieldOrigin(origin: FieldOrigin | undefined, team?: string): string {
  if (!origin || origin.source === 'defaults') return 'the bundled defaults';
  if (origin.source === 'user') return 'your settings';
  return `${team ? `the ${team} team's config` : 'the team config'} (${origin.origin})`;
}
