import * as vscode from 'vscode';
import { notify } from '../base/notify';
import {
  answersPrompts,
  describePrice,
  describeStatus,
  KIND_LABELS,
  modelSections,
  pricesOf,
  type CatalogModel,
  type PriceCatalog,
} from '../core';
import type { SettingsService } from '../base/settings';
import type { ConfigInForceService } from '../teamConfig/configInForceService';

interface ModelItem extends vscode.QuickPickItem {
  readonly model?: CatalogModel;
  /** The "show older and other models" entry. */
  readonly showMore?: boolean;
}

function item(model: CatalogModel, current: CatalogModel | undefined, favourite: boolean): ModelItem {
  const notes = [model.id, describeStatus(model.facts), answersPrompts(model.facts) ? '' : KIND_LABELS[model.facts.kind]];
  if (model === current) notes.push('$(check) your model');
  return {
    label: `${favourite ? '$(star-full) ' : ''}${model.name}`,
    description: notes.filter((note) => note !== '').join(' · '),
    detail: `${describePrice(model)}${model.priceNote ? ` · team price: ${model.priceNote}` : ''}`,
    model,
  };
}

function items(catalog: PriceCatalog, current: CatalogModel | undefined, favourites: readonly CatalogModel[], all: boolean): ModelItem[] {
  const list: ModelItem[] = [];
  const favourite = new Set(favourites);
  if (favourites.length > 0) {
    list.push({ label: 'Favourites', kind: vscode.QuickPickItemKind.Separator });
    list.push(...favourites.map((model) => item(model, current, true)));
  }
  for (const section of modelSections(catalog, current, all)) {
    list.push({ label: section.label, kind: vscode.QuickPickItemKind.Separator });
    list.push(...section.models.map((model) => item(model, current, favourite.has(model))));
  }
  if (!all) {
    list.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    list.push({
      label: '$(history) Show older and other models…',
      detail: 'Legacy, deprecated and retired models; embedding, image and speech models',
      showMore: true,
    });
  }
  return list;
}

/**
 * A quick pick of the catalog's models with the focus on the current one: favourites first, then by provider, the
 * newest generation first; older and non-chat models behind "Show older and other models". Resolves to the model id.
 */
export function pickModel(catalog: PriceCatalog, currentSetting: string, favouriteNames: readonly string[]): Promise<string | undefined> {
  const current = catalog.find(currentSetting);
  const favourites = [...new Set(favouriteNames.map((name) => catalog.find(name)).filter((model): model is CatalogModel => !!model))];
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = 'Tokenwise: Select Model';
  pick.placeholder = `Model for cost estimates (now ${current?.name ?? currentSetting}; ${pricesOf(catalog)})`;
  pick.matchOnDescription = true;
  let showingAll = false;
  const show = (all: boolean) => {
    showingAll = all;
    pick.items = items(catalog, current, favourites, all);
    const active = pick.items.find((entry) => entry.model !== undefined && entry.model === current);
    if (active && pick.value === '') pick.activeItems = [active];
  };
  show(false);
  // Typing searches every model, older ones included: a name typed in full is found wherever it is listed.
  pick.onDidChangeValue((value) => {
    if (value.trim() !== '' && !showingAll) show(true);
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const [chosen] = pick.selectedItems;
      if (chosen?.showMore) return show(true);
      resolve(chosen?.model?.id);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** Makes `modelId` (or the model picked from the catalog in force) the user's model for estimates. */
export async function selectModel(configInForce: ConfigInForceService, settings: SettingsService, modelId?: string): Promise<void> {
  const { catalog, config } = configInForce;
  const id = modelId ?? (await pickModel(catalog, config.defaultModel, config.favoriteModels));
  if (!id) return;
  if (!catalog.find(id)) {
    void notify.error(`Tokenwise: "${id}" is not in the price catalog (${pricesOf(catalog)}).`);
    return;
  }
  await settings.updateUserSetting('model', id);
}
