// Which models a comparison shows before the user asks for more: the user's and the team's favourites, the current
// model, and each major provider's current line-up, chosen from the catalog's facts rather than from a list of ids.
import type { CatalogModel, PriceCatalog } from './catalog';
import { answersPrompts, newerFirst } from './modelFacts';

/** The providers whose line-ups a default comparison shows (others through favourites, filters or "show all"). */
export const MAJOR_PROVIDERS: readonly string[] = ['anthropic', 'openai', 'google', 'x-ai', 'deepseek', 'mistral'];
/** Line-up models per provider. */
const PER_PROVIDER = 3;
/** The most rows a default comparison has; favourites, the current and pinned models come first. */
export const MAX_DEFAULT_ROWS = 20;

export interface ComparisonSetOptions {
  /** The model costs are shown for (always included). */
  readonly current?: string;
  /** The user's or the team's favourites, by id or alias. */
  readonly favourites?: readonly string[];
  /** A set of one's own (the `tokenwise.compare.models` setting): replaces the line-ups when not empty. */
  readonly pinned?: readonly string[];
}

/** Why a model is in the default set, for the view to say so. */
export type InclusionReason = 'favourite' | 'current' | 'pinned' | 'line-up';

export interface ComparisonSet {
  readonly models: readonly CatalogModel[];
  readonly reasons: ReadonlyMap<string, InclusionReason>;
}

/** A provider's main series: the one most of its models belong to (Claude, GPT, Gemini, Grok…). */
function mainSeries(models: readonly CatalogModel[]): string | undefined {
  const counts = new Map<string, number>();
  for (const model of models) counts.set(model.facts.series, (counts.get(model.facts.series) ?? 0) + 1);
  let best: string | undefined;
  for (const [series, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = series;
  return best;
}

/**
 * A provider's line-up: in its main series, each family's newest current chat or reasoning model (a preview counts
 * when it is the newest; moving aliases do not), the families within one generation of the newest, newest first and
 * then the most capable (by output price), `PER_PROVIDER` of them.
 */
export function providerLineUp(catalog: PriceCatalog, provider: string): CatalogModel[] {
  const all = catalog.models({ provider, includeDeprecated: true });
  const series = mainSeries(all);
  const newestByFamily = new Map<string, CatalogModel>();
  for (const model of all) {
    const { facts } = model;
    if (facts.series !== series || facts.status !== 'current' || facts.alias) continue;
    if (facts.kind !== 'chat' && facts.kind !== 'reasoning') continue;
    const newest = newestByFamily.get(facts.family);
    const order = newest ? newerFirst(facts, newest.facts) : -1;
    if (order < 0 || (order === 0 && newest?.facts.preview && !facts.preview)) newestByFamily.set(facts.family, model);
  }
  const families = [...newestByFamily.values()];
  const top = Math.max(...families.map((model) => model.facts.generation ?? -Infinity));
  return families
    .filter((model) => model.facts.generation === undefined || model.facts.generation >= top - 1)
    .sort((a, b) => newerFirst(a.facts, b.facts) || (b.rates.output ?? 0) - (a.rates.output ?? 0) || a.id.localeCompare(b.id))
    .slice(0, PER_PROVIDER);
}

/** The default comparison: favourites, the current model, then the pinned set or the major providers' line-ups. */
export function defaultComparisonSet(catalog: PriceCatalog, options: ComparisonSetOptions = {}): ComparisonSet {
  const reasons = new Map<string, InclusionReason>();
  const models: CatalogModel[] = [];
  const add = (model: CatalogModel | undefined, reason: InclusionReason) => {
    if (!model || reasons.has(model.key) || !answersPrompts(model.facts)) return;
    reasons.set(model.key, reason);
    models.push(model);
  };
  for (const name of options.favourites ?? []) add(catalog.find(name), 'favourite');
  if (options.current) add(catalog.find(options.current), 'current');
  const pinned = options.pinned ?? [];
  for (const name of pinned) add(catalog.find(name), 'pinned');
  if (pinned.length === 0) {
    const chosen = models.length;
    for (const provider of MAJOR_PROVIDERS) {
      for (const model of providerLineUp(catalog, provider)) if (models.length < Math.max(chosen, MAX_DEFAULT_ROWS)) add(model, 'line-up');
    }
  }
  return { models, reasons };
}
