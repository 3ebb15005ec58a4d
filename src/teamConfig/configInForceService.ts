import * as vscode from 'vscode';
import {
  configuredCatalog,
  configuredEstimateSettings,
  mergeConfig,
  teamConfigLayer,
  type ConfigLayer,
  type EffectiveConfig,
  type EffectiveConfigField,
  type EstimateSettings,
  type TokenizerFactors,
  type MergedConfig,
  type PriceCatalog,
  type Settings,
} from '../core';
import { Disposable } from '../base/lifecycle';
import type { SettingsService } from '../base/settings';
import type { TeamConfigService } from './teamConfigService';

const USER_SETTINGS_ORIGIN = 'user settings';

/** The display preferences a team config may also set, as the user (or the workspace) set them. */
const PREFERENCE_FIELDS = [
  'model',
  'favoriteModels',
  'expectedOutputTokens',
  'expectedOutputTokensByModel',
  'expectedReasoningTokens',
  'expectedReasoningTokensByModel',
] as const;

/** Only what a settings layer set, so a team's default model is not hidden behind the extension's own default. */
function userLayer(settings: Settings): ConfigLayer {
  return {
    source: 'user',
    origin: USER_SETTINGS_ORIGIN,
    values: {
      defaultModel: settings.model?.value,
      favoriteModels: settings.favoriteModels?.value,
      expectedOutputTokens: settings.expectedOutputTokens?.value,
      expectedOutputTokensByModel: settings.expectedOutputTokensByModel?.value,
      expectedReasoningTokens: settings.expectedReasoningTokens?.value,
      expectedReasoningTokensByModel: settings.expectedReasoningTokensByModel?.value,
    },
  };
}

/** What a change of the config in force changed: the catalog only when the team's prices or aliases did. */
export interface ConfigInForceChange {
  readonly merged: MergedConfig;
  /** The fields of the config in force whose values changed. */
  readonly changed: ReadonlySet<EffectiveConfigField>;
  readonly catalogChanged: boolean;
}

/**
 * The configuration in force: bundled defaults < the team config < the user's display preferences, merged by the
 * core, and what it means for pricing (the catalog with the team's prices and aliases) and estimates.
 */
export class ConfigInForceService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<ConfigInForceChange>());
  readonly onDidChange = this.changed.event;
  private state: { merged: MergedConfig; catalog: PriceCatalog; pricing: string; base: PriceCatalog; estimates: EstimateSettings };
  private calibrated: TokenizerFactors = {};

  constructor(
    private base: PriceCatalog,
    private readonly team: TeamConfigService,
    private readonly settings: SettingsService,
  ) {
    super();
    this.state = this.compute(undefined);
    this._register(team.onDidChange(() => this.update()));
    this._register(settings.watch(PREFERENCE_FIELDS, () => this.update()));
  }

  get merged(): MergedConfig {
    return this.state.merged;
  }

  get config(): EffectiveConfig {
    return this.state.merged.config;
  }

  /** The prices everything starts from: the bundled catalog, or fetched price data (the price update). */
  get baseCatalog(): PriceCatalog {
    return this.base;
  }

  /** Replaces the base prices: the catalog in force is rebuilt with the team's prices on top. */
  setBaseCatalog(catalog: PriceCatalog): void {
    if (catalog === this.base) return;
    this.base = catalog;
    this.update();
  }

  /** Replaces the tokenizer factors calibrated from the user's logs; a family the team pinned keeps the team's. */
  setCalibratedFactors(factors: TokenizerFactors): void {
    if (JSON.stringify(factors) === JSON.stringify(this.calibrated)) return;
    this.calibrated = factors;
    this.update();
  }

  /** The catalog with the team's negotiated prices and model aliases. */
  get catalog(): PriceCatalog {
    return this.state.catalog;
  }

  get estimateSettings(): EstimateSettings {
    return this.state.estimates;
  }

  private update(): void {
    const previous = this.state;
    this.state = this.compute(previous);
    const before = previous.merged.config;
    const after = this.state.merged.config;
    const changed = new Set(
      (Object.keys(after) as EffectiveConfigField[]).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])),
    );
    this.changed.fire({ merged: this.state.merged, changed, catalogChanged: this.state.catalog !== previous.catalog });
  }

  private compute(previous: ConfigInForceService['state'] | undefined): ConfigInForceService['state'] {
    const { config: teamConfig, origin } = this.team.current;
    const layers = [...(teamConfig ? [teamConfigLayer(teamConfig, origin ?? 'team config')] : []), userLayer(this.settings.current)];
    const merged = mergeConfig(layers);
    // The catalog is rebuilt (and the ledger re-priced) only when what prices it changed, not on a model choice.
    const pricing = JSON.stringify([merged.config.prices, merged.config.modelAliases, merged.config.team]);
    const reuse = previous?.pricing === pricing && previous.base === this.base;
    const catalog = reuse ? previous.catalog : configuredCatalog(this.base, merged.config);
    return { merged, catalog, pricing, base: this.base, estimates: configuredEstimateSettings(merged, this.calibrated) };
  }
}
