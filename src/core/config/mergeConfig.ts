// The configuration in force: bundled defaults < the team config < the user's own settings, later winning per field,
// with a record of which source set what. And how a team's negotiated prices apply to a catalog model.
import { aliasTable, resolveAlias } from '../models/aliases';
import { findModel } from '../models/catalog';
import { TOKEN_KINDS } from '../tokens/tokenKinds';
import { SETTING_BOUNDS } from '../input/settingBounds';
import { defaultTokenizerFactors, type TokenizerFactor } from '../models/tokenizerFactors';
import type { ExpectedOutputSettings } from '../models/costProjection';
import type { RateName, Rates } from '../models/types';
import type { Allowance } from '../allowances/allowance';
import type { TeamLedgerConfig } from '../teamLedger/teamLedgerConfig';
import type { PriceOverride, TeamConfig } from './teamConfig';

export type ConfigLayerSource = 'defaults' | 'team' | 'user';

export interface EffectiveConfig {
  /** The team's name, when a team config is in force. */
  readonly team?: string;
  /** The team's own price data, for members who have the price update on. */
  readonly priceDataUrl?: string;
  /** The team's shared ledger (PostgreSQL) the members sync to; only a team config sets it. */
  readonly teamLedger?: TeamLedgerConfig;
  readonly allowances: readonly Allowance[];
  readonly prices: readonly PriceOverride[];
  /** Lower-case alias → model id. */
  readonly modelAliases: Readonly<Record<string, string>>;
  readonly defaultModel: string;
  readonly favoriteModels: readonly string[];
  readonly expectedOutputTokens: number;
  readonly expectedOutputTokensByModel: Readonly<Record<string, number>>;
  /** Reasoning tokens expected from a model that always reasons, on top of the visible output. */
  readonly expectedReasoningTokens: number;
  /** Reasoning tokens expected per model (id or alias), any model: one run with thinking on, say. */
  readonly expectedReasoningTokensByModel: Readonly<Record<string, number>>;
  readonly tokenizerFactors: Readonly<Record<string, TokenizerFactor>>;
}

export type EffectiveConfigField = keyof EffectiveConfig;

export interface ConfigLayer {
  readonly source: ConfigLayerSource;
  /** Shown to the user: `bundled defaults`, the team config's path or URL, `user settings`. */
  readonly origin: string;
  readonly values: Partial<EffectiveConfig>;
}

export interface FieldOrigin {
  readonly source: ConfigLayerSource;
  readonly origin: string;
}

export interface MergedConfig {
  readonly config: EffectiveConfig;
  /**
   * Who set each field, by field name (`defaultModel`). Map fields (`modelAliases`, `expectedOutputTokensByModel`,
   * `tokenizerFactors`) merge key by key: each key has its own entry (`tokenizerFactors.claude`), and the field's
   * entry names the last layer that set any key.
   */
  readonly origins: Readonly<Record<string, FieldOrigin>>;
  /** Fields a layer gave but may not set (a user layer only sets display preferences), as `source:field`. */
  readonly ignored: readonly string[];
}

/** Fields whose values are maps, merged key by key. */
const MAP_FIELDS: ReadonlySet<EffectiveConfigField> = new Set<EffectiveConfigField>([
  'modelAliases',
  'expectedOutputTokensByModel',
  'expectedReasoningTokensByModel',
  'tokenizerFactors',
]);

/** What a user's own settings may override: display preferences, not the team's allowances, prices or calibration. */
export const USER_CONFIG_FIELDS: ReadonlySet<EffectiveConfigField> = new Set<EffectiveConfigField>([
  'defaultModel',
  'favoriteModels',
  'expectedOutputTokens',
  'expectedOutputTokensByModel',
  'expectedReasoningTokens',
  'expectedReasoningTokensByModel',
]);

export const BUNDLED_DEFAULTS_ORIGIN = 'bundled defaults';

/** What applies with no team config and no user settings. */
export function defaultEffectiveConfig(): EffectiveConfig {
  return {
    allowances: [],
    prices: [],
    modelAliases: {},
    defaultModel: 'gpt-5.1',
    favoriteModels: [],
    expectedOutputTokens: 500,
    expectedOutputTokensByModel: {},
    expectedReasoningTokens: SETTING_BOUNDS.expectedReasoningTokens.default,
    expectedReasoningTokensByModel: {},
    tokenizerFactors: { ...defaultTokenizerFactors },
  };
}

/** The defaults as the first layer. */
export function defaultsLayer(): ConfigLayer {
  return { source: 'defaults', origin: BUNDLED_DEFAULTS_ORIGIN, values: defaultEffectiveConfig() };
}

/** A validated team config as a layer; `origin` is its path or URL. */
export function teamConfigLayer(config: TeamConfig, origin: string): ConfigLayer {
  const values: { -readonly [K in EffectiveConfigField]?: EffectiveConfig[K] } = {};
  if (config.team !== undefined) values.team = config.team;
  if (config.priceDataUrl !== undefined) values.priceDataUrl = config.priceDataUrl;
  if (config.teamLedger !== undefined) values.teamLedger = config.teamLedger;
  if (config.allowances !== undefined) values.allowances = config.allowances;
  if (config.prices !== undefined) values.prices = config.prices;
  if (config.modelAliases !== undefined) values.modelAliases = lowerKeys(config.modelAliases);
  if (config.defaultModel !== undefined) values.defaultModel = config.defaultModel;
  if (config.favoriteModels !== undefined) values.favoriteModels = config.favoriteModels;
  if (config.expectedOutputTokens !== undefined) values.expectedOutputTokens = config.expectedOutputTokens;
  if (config.expectedOutputTokensByModel !== undefined) values.expectedOutputTokensByModel = config.expectedOutputTokensByModel;
  if (config.expectedReasoningTokens !== undefined) values.expectedReasoningTokens = config.expectedReasoningTokens;
  if (config.expectedReasoningTokensByModel !== undefined) values.expectedReasoningTokensByModel = config.expectedReasoningTokensByModel;
  if (config.tokenizerFactors !== undefined) {
    const factors: Record<string, TokenizerFactor> = {};
    for (const [family, entry] of Object.entries(config.tokenizerFactors)) {
      factors[family] = {
        label: entry.label ?? defaultTokenizerFactors[family]?.label ?? family,
        factor: entry.factor,
        low: entry.low,
        high: entry.high,
        basis: `Calibrated by ${config.team ? `the ${config.team} team` : 'the team config'} (${origin}).`,
      };
    }
    values.tokenizerFactors = factors;
  }
  return { source: 'team', origin, values };
}

function lowerKeys(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) out[key.toLowerCase()] = value;
  return out;
}

/**
 * Merges layers in order, later winning per field (map fields: per key). A first layer that is not the defaults
 * is merged onto the bundled defaults, so every field has a value and an origin.
 */
export function mergeConfig(layers: readonly ConfigLayer[]): MergedConfig {
  const all = layers[0]?.source === 'defaults' ? layers : [defaultsLayer(), ...layers];
  const config: Record<string, unknown> = {};
  const origins: Record<string, FieldOrigin> = {};
  const ignored: string[] = [];
  for (const layer of all) {
    const from: FieldOrigin = { source: layer.source, origin: layer.origin };
    for (const [field, value] of Object.entries(layer.values) as [EffectiveConfigField, unknown][]) {
      if (value === undefined) continue;
      if (layer.source === 'user' && !USER_CONFIG_FIELDS.has(field)) {
        ignored.push(`${layer.source}:${field}`);
        continue;
      }
      if (MAP_FIELDS.has(field) && typeof value === 'object' && value !== null) {
        const merged = { ...(config[field] as Record<string, unknown> | undefined) };
        const entries = Object.entries(value as Record<string, unknown>);
        for (const [key, entry] of entries) {
          merged[key] = entry;
          origins[`${field}.${key}`] = from;
        }
        config[field] = merged;
        if (entries.length || origins[field] === undefined) origins[field] = from;
      } else {
        config[field] = value;
        origins[field] = from;
      }
    }
  }
  return { config: config as unknown as EffectiveConfig, origins, ignored };
}

/** The expected-output settings of a merged config, as cost projection takes them. */
export function expectedOutputSettings(config: EffectiveConfig): ExpectedOutputSettings {
  return {
    defaultTokens: config.expectedOutputTokens,
    perModel: config.expectedOutputTokensByModel,
    reasoningTokens: config.expectedReasoningTokens,
    reasoningPerModel: config.expectedReasoningTokensByModel,
  };
}

/** The model id an alias stands for (aliases are case-insensitive and may chain, up to a few steps); else the name. */
export function resolveModelAlias(name: string, aliases: Readonly<Record<string, string>>): string {
  return resolveAlias(name, aliasTable(aliases));
}

// ---------------------------------------------------------------------------------------------------------------
// Price overrides

/** The parts of a catalog model that price overrides look at. */
export interface OverridableModel {
  readonly id: string;
  readonly provider: string;
  readonly aliases?: readonly string[];
  readonly rates: Rates;
}

/** Where a rate came from: the catalog, a discount or explicit rate of the model's entry, or of its provider's. */
export type RateOrigin = 'catalog' | 'model-rate' | 'model-discount' | 'provider-rate' | 'provider-discount';

export interface PriceOverrideResult {
  readonly rates: Rates;
  readonly origins: Partial<Record<RateName, RateOrigin>>;
  /** The entries that matched the model. */
  readonly modelOverride?: PriceOverride;
  readonly providerOverride?: PriceOverride;
}

export interface PriceOverrideOptions {
  /** The team's aliases, so that an entry may name a model by alias. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** The rates to override, e.g. a price tier's; default the model's base rates. */
  readonly rates?: Rates;
}

/** Whether a price entry's model name denotes this model. */
function namesModel(name: string, model: OverridableModel, aliases: Readonly<Record<string, string>>): boolean {
  const wanted = resolveModelAlias(name, aliases).trim().toLowerCase();
  const names = [model.id, `${model.provider}/${model.id}`, ...(model.aliases ?? [])].map((item) => item.toLowerCase());
  if (names.includes(wanted)) return true;
  const found = findModel(wanted);
  return found !== undefined && found.provider === model.provider && found.id === model.id;
}

/**
 * Applies a team's price entries to a model, rate by rate: the model's own entry beats its provider's; within an
 * entry an explicit rate beats the discount. Discounts never compound and never turn an unknown rate into a number.
 */
export function resolvePriceOverrides(
  model: OverridableModel,
  overrides: readonly PriceOverride[],
  options: PriceOverrideOptions = {},
): PriceOverrideResult {
  const aliases = options.aliases ?? {};
  const base = options.rates ?? model.rates;
  const modelOverride = overrides.find((entry) => entry.model !== undefined && namesModel(entry.model, model, aliases));
  const providerOverride = overrides.find(
    (entry) => entry.model === undefined && entry.provider !== undefined && entry.provider.toLowerCase() === model.provider.toLowerCase(),
  );
  const rates: { -readonly [K in RateName]?: number } = {};
  const origins: Partial<Record<RateName, RateOrigin>> = {};
  for (const name of TOKEN_KINDS) {
    const chosen = pick(name, base[name], modelOverride, 'model') ?? pick(name, base[name], providerOverride, 'provider');
    if (chosen) {
      rates[name] = chosen.value;
      origins[name] = chosen.origin;
    } else if (base[name] !== undefined) {
      rates[name] = base[name];
      origins[name] = 'catalog';
    }
  }
  return {
    rates,
    origins,
    ...(modelOverride ? { modelOverride } : {}),
    ...(providerOverride ? { providerOverride } : {}),
  };
}

function pick(
  name: RateName,
  known: number | undefined,
  entry: PriceOverride | undefined,
  level: 'model' | 'provider',
): { value: number; origin: RateOrigin } | undefined {
  if (!entry) return undefined;
  const explicit = entry.rates?.[name];
  if (explicit !== undefined) return { value: explicit, origin: `${level}-rate` };
  if (entry.discountPercent !== undefined && known !== undefined) {
    return { value: roundRate(known * (1 - entry.discountPercent / 100)), origin: `${level}-discount` };
  }
  return undefined;
}

/** Keeps a discounted rate free of floating-point dust: 3 × 0.9 is 2.7, not 2.7000000000000006. */
function roundRate(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** A model's rates with the team's price entries applied (see `resolvePriceOverrides`). */
export function applyPriceOverrides(model: OverridableModel, overrides: readonly PriceOverride[], options?: PriceOverrideOptions): Rates {
  return resolvePriceOverrides(model, overrides, options).rates;
}
