// How a model list is grouped for picking: by provider, the newest generation first, with older and non-chat models
// apart (shown only when asked for). The one ordering rule behind Select Model.
import type { CatalogModel, PriceCatalog } from './catalog';
import { answersPrompts, newerFirst } from './modelFacts';

export interface ModelSection {
  readonly label: string;
  readonly models: readonly CatalogModel[];
}

/** Offered first: a current model that answers prompts and is not a moving alias. */
export function isOffered(model: CatalogModel): boolean {
  return model.facts.status === 'current' && !model.facts.alias && answersPrompts(model.facts);
}

/** Newest generation first, then by name: within a provider, families interleave by age. */
export function newestFirst(a: CatalogModel, b: CatalogModel): number {
  return newerFirst(a.facts, b.facts) || a.name.localeCompare(b.name);
}

/**
 * One section per provider with its offered models (and `current`, whatever its status, so the picker can focus it);
 * with `all`, each provider's other models follow in a section of their own.
 */
export function modelSections(catalog: PriceCatalog, current: CatalogModel | undefined, all: boolean): ModelSection[] {
  const sections: ModelSection[] = [];
  for (const provider of catalog.providers) {
    const models = catalog.models({ provider: provider.id, includeDeprecated: true });
    const offered = models.filter((model) => isOffered(model) || (!all && model === current)).sort(newestFirst);
    if (offered.length > 0) sections.push({ label: provider.name, models: offered });
    if (!all) continue;
    const others = models.filter((model) => !offered.includes(model)).sort(newestFirst);
    if (others.length > 0) sections.push({ label: `${provider.name}: older and other models`, models: others });
  }
  return sections;
}
