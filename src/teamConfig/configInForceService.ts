import * as vscode from 'vscode';
import {
  boundedSetting, configuredCatalog, configuredEstimateSettings, mergeConfig, teamConfigLayer,
  type ConfigLayer, type EffectiveConfig, type EstimateSettings, type MergedConfig, type PriceCatalog,
} from '../core';
import { CONFIG_SECTION } from '../config';
import type { TeamConfigService } from './teamConfigService';

const USER_SETTINGS_ORIGIN = 'user settings';

/**
 * The user's display preferences as a config layer: only settings the user (or the workspace) actually set, so a
 * team's default model is not hidden behind the extension's own default.
 */
function userLayer(): ConfigLayer {
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const explicit = <T>(key: string): T | undefined => {
    const inspected = settings.inspect<T>(key);
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  };
  // Checked as they enter: a value out of bounds or of the wrong type is left out, so the next layer applies.
  const model = modelName(explicit<unknown>('model'));
  const favorites = explicit<unknown>('favoriteModels');
  const expected = explicit<unknown>('expectedOutputTokens');
  return {
    source: 'user',
    origin: USER_SETTINGS_ORIGIN,
    values: {
      defaultModel: model,
      favoriteModels: Array.isArray(favorites) ? favorites.slice(0, MAX_MODELS).map(modelName).filter((name): name is string => name !== undefined) : undefined,
      expectedOutputTokens: expected === undefined || boundedSetting('expectedOutputTokens', expected).warning ? undefined : (expected as number),
      expectedOutputTokensByModel: outputTokensByModel(explicit<unknown>('expectedOutputTokensByModel')),
    },
  };
}

/** Models a list may name, as many as a team config's object may hold. */
const MAX_MODELS = 5000;

function modelName(value: unknown): string | undefined {
  const name = typeof value === 'string' ? value.trim() : '';
  return name !== '' && name.length <= 200 ? name : undefined;
}

function outputTokensByModel(value: unknown): Record<string, number> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const checked: Record<string, number> = {};
  for (const [name, tokens] of Object.entries(value).slice(0, MAX_MODELS)) {
    if (modelName(name) !== undefined && !boundedSetting('expectedOutputTokens', tokens).warning && typeof tokens === 'number') checked[name] = tokens;
  }
  return checked;
}

/**
 * The configuration in force: bundled defaults < the team config < the user's display preferences, merged by the
 * core, and what it means for pricing (the catalog with the team's prices and aliases) and estimates.
 */
export class ConfigInForceService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<MergedConfig>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private state: { merged: MergedConfig; catalog: PriceCatalog; settings: EstimateSettings };

  constructor(
    private readonly baseCatalog: PriceCatalog,
    private readonly team: TeamConfigService,
  ) {
    this.state = this.compute();
    this.subscriptions.push(
      team.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => { if (event.affectsConfiguration(CONFIG_SECTION)) this.update(); }),
    );
  }

  get merged(): MergedConfig {
    return this.state.merged;
  }

  get config(): EffectiveConfig {
    return this.state.merged.config;
  }

  /** The catalog with the team's negotiated prices and model aliases. */
  get catalog(): PriceCatalog {
    return this.state.catalog;
  }

  get estimateSettings(): EstimateSettings {
    return this.state.settings;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private update(): void {
    this.state = this.compute();
    this.changed.fire(this.state.merged);
  }

  private compute(): ConfigInForceService['state'] {
    const { config: teamConfig, origin } = this.team.current;
    const layers = [...(teamConfig ? [teamConfigLayer(teamConfig, origin ?? 'team config')] : []), userLayer()];
    const merged = mergeConfig(layers);
    return { merged, catalog: configuredCatalog(this.baseCatalog, merged.config), settings: configuredEstimateSettings(merged.config) };
  }
}
