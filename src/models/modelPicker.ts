import * as vscode from 'vscode';
import { describePrice, type CatalogModel, type PriceCatalog } from '../core';
import type { SettingsService } from '../base/settings';
import type { ConfigInForceService } from '../teamConfig/configInForceService';

interface ModelItem extends vscode.QuickPickItem {
  readonly model?: CatalogModel;
}

function item(model: CatalogModel, current: CatalogModel | undefined, favourite: boolean): ModelItem {
  return {
    label: `${favourite ? '$(star-full) ' : ''}${model.name}`,
    description: `${model.id}${model === current ? '  $(check) selected' : ''}`,
    detail: describePrice(model),
    model,
  };
}

/**
 * A quick pick of the catalog's models, favourites first, then grouped by
 * provider, each with its prices and context window. Resolves to the model id.
 */
export async function pickModel(catalog: PriceCatalog, currentSetting: string, favourites: readonly string[]): Promise<string | undefined> {
  const current = catalog.find(currentSetting);
  const favouriteModels = favourites.map((name) => catalog.find(name)).filter((model): model is CatalogModel => model !== undefined);
  const items: ModelItem[] = [];
  if (favouriteModels.length > 0) {
    items.push({ label: 'Favourites', kind: vscode.QuickPickItemKind.Separator });
    items.push(...favouriteModels.map((model) => item(model, current, true)));
  }
  for (const provider of catalog.providers) {
    const models = catalog.models({ provider: provider.id });
    if (models.length === 0) continue;
    items.push({ label: provider.name, kind: vscode.QuickPickItemKind.Separator });
    items.push(...models.map((model) => item(model, current, false)));
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Tokenwise: Select Model',
    placeHolder: `Model for cost estimates (now ${current?.id ?? currentSetting}; prices of ${catalog.snapshotDate})`,
    matchOnDescription: true,
  });
  return picked?.model?.id;
}

/** Makes `modelId` (or the model picked from the catalog in force) the user's model for estimates. */
export async function selectModel(configInForce: ConfigInForceService, settings: SettingsService, modelId?: string): Promise<void> {
  const { catalog, config } = configInForce;
  const id = modelId ?? (await pickModel(catalog, config.defaultModel, config.favoriteModels));
  if (!id) return;
  if (!catalog.find(id)) {
    void vscode.window.showErrorMessage(`Tokenwise: "${id}" is not in the price catalog (prices of ${catalog.snapshotDate}).`);
    return;
  }
  await settings.updateUserSetting('model', id);
}
