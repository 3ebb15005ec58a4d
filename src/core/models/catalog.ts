// The price catalog: the generated snapshot with the hand-kept overlay applied, and lookups by id or alias.
import { aliasTable, resolveAlias } from './aliases';
import { generatedCatalog } from './catalog.generated';
import { catalogOverlay, type OverlayEntry } from './catalogOverlay';
import { answersPrompts, displayNames, modelFacts, withLegacy, type ModelFacts } from './modelFacts';
import type { CatalogData, CatalogModelData, CatalogProvider, CatalogSource, PriceSet } from './types';

/** Where a model's context window or maximum output came from. */
export type LimitSource = 'catalog' | 'overlay';

export interface CatalogModel extends CatalogModelData {
  /** `provider/id`, unique in the catalog. */
  readonly key: string;
  readonly providerName: string;
  readonly contextWindowSource?: LimitSource;
  readonly maxOutputTokensSource?: LimitSource;
  /** The overlay entry's source note, when the overlay filled a gap. */
  readonly overlaySource?: string;
  /** Set when the rates are not the catalog's own: who changed them and how (a team's negotiated price). */
  readonly priceNote?: string;
  /** From the overlay: the provider serves this name with another of its models from a day on (see `routedModel`). */
  readonly routesTo?: { readonly model: string; readonly from: string };
  /** A longer window offered on request (from the overlay), and how to ask for it. */
  readonly extendedContextWindow?: number;
  readonly extendedContextNote?: string;
  /** Kind, status, family and generation (`name` is the display name those rules settle on). */
  readonly facts: ModelFacts;
}

/** How a derived catalog differs from its base. */
export interface CatalogAdjustments {
  /** Rewrites each model, e.g. with a team's negotiated rates. */
  readonly model?: (model: CatalogModel) => CatalogModel;
  /** Extra names → a name the base catalog knows; looked up first, case-insensitively. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export interface ModelFilter {
  /** One provider id or several. */
  readonly provider?: string | readonly string[];
  /** Deprecated models are left out unless this is true. */
  readonly includeDeprecated?: boolean;
  /** Only models that answer a text prompt (chat, reasoning, coding, search): no embedding, image or speech models. */
  readonly answering?: boolean;
}

export interface FindOptions {
  /** Only look among this provider's models. */
  readonly provider?: string;
}

/**
 * What may follow a catalog prefix for a name to still denote that model: a dated snapshot (`-20250514`, `0514` after
 * `…-2025`, `-2024-08-06`, `-preview-05-20`), a release tag (`-latest`, `-preview`, `-exp`) or a cloud version stamp
 * (`-v1:0`). Anything else (`.5`, `-codex`, `-mini`, `-v4`) names another model, which is unknown rather than priced as
 * the one whose name it starts with.
 */
const SNAPSHOT_SUFFIX = /^(?:[-@._]?(?:\d{4}-\d{2}-\d{2}|\d{4,}|\d{2}-\d{2}|latest|preview|exp|experimental|beta|stable|v\d+:\d+))*$/i;

/** Names `find` remembers per catalog before it starts over (a hostile log can name any number of models). */
const MAX_REMEMBERED_NAMES = 10_000;

export class PriceCatalog {
  readonly snapshotDate: string;
  /** `YYYY-MM-DD`: the date of the data (its newest price change), what "prices of …" states. */
  readonly dataDate: string;
  readonly source: CatalogSource;
  readonly providers: readonly CatalogProvider[];
  private readonly all: readonly CatalogModel[];
  private readonly byName = new Map<string, CatalogModel[]>();
  /** What `find` answered, by provider and name. */
  private readonly found = new Map<string, CatalogModel | undefined>();
  private readonly patterns: { readonly pattern: RegExp; readonly model: CatalogModel }[] = [];
  private readonly prefixes: { readonly prefix: string; readonly model: CatalogModel }[] = [];
  private extraAliases: ReadonlyMap<string, string> = new Map();

  /** `built`: the models already prepared (a derived catalog); otherwise they are built from `data` and `overlay`. */
  constructor(
    private readonly data: CatalogData,
    overlay: Readonly<Record<string, OverlayEntry>> = {},
    built?: readonly CatalogModel[],
  ) {
    this.snapshotDate = data.snapshotDate;
    this.dataDate = data.dataDate ?? data.snapshotDate;
    this.source = data.source;
    this.providers = data.providers;
    this.all = built ?? buildModels(data, overlay);

    // Exact ids first, then aliases, so an id always wins over another model's alias.
    for (const model of this.all) this.index(model.id, model);
    for (const model of this.all) for (const alias of model.aliases ?? []) this.index(alias, model);
    for (const model of this.all) {
      for (const source of model.patterns ?? []) this.patterns.push({ pattern: new RegExp(source, 'i'), model });
      for (const prefix of model.prefixes ?? []) this.prefixes.push({ prefix: prefix.toLowerCase(), model });
    }
    // Longest prefix first: `gpt-5-nano-…` must not fall to a shorter `gpt-5` prefix.
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The same catalog with each model rewritten and extra aliases; this one is left unchanged. */
  derive(adjustments: CatalogAdjustments): PriceCatalog {
    const derived = new PriceCatalog(this.data, {}, adjustments.model ? this.all.map(adjustments.model) : this.all);
    derived.extraAliases = aliasTable(adjustments.aliases ?? {});
    return derived;
  }

  /** Models, in catalog order (by provider, then id). */
  models(filter: ModelFilter = {}): CatalogModel[] {
    const providers =
      filter.provider === undefined ? undefined : new Set(typeof filter.provider === 'string' ? [filter.provider] : filter.provider);
    return this.all.filter(
      (model) =>
        (providers === undefined || providers.has(model.provider)) &&
        (filter.includeDeprecated || !model.deprecated) &&
        (!filter.answering || answersPrompts(model.facts)),
    );
  }

  /**
   * A model by id, alias, dated snapshot id (a prefix followed by a snapshot suffix, or a pattern) or `provider/id`,
   * case-insensitively. Undefined when the catalog does not know it: its price is then unknown, never another model's.
   */
  find(name: string, options: FindOptions = {}): CatalogModel | undefined {
    // A catalog does not change: each name is looked up once (every event of an ingest names its model).
    const key = `${options.provider ?? ''}\u0000${name}`;
    if (this.found.has(key)) return this.found.get(key);
    const model = this.lookUp(name, options);
    if (this.found.size >= MAX_REMEMBERED_NAMES) this.found.clear();
    this.found.set(key, model);
    return model;
  }

  private lookUp(name: string, options: FindOptions): CatalogModel | undefined {
    let wanted = resolveAlias(name, this.extraAliases).trim().toLowerCase();
    let provider = options.provider;
    const slash = wanted.indexOf('/');
    if (slash > 0 && this.providers.some((candidate) => candidate.id === wanted.slice(0, slash))) {
      provider ??= wanted.slice(0, slash);
      wanted = wanted.slice(slash + 1);
    }
    if (wanted === '') return undefined;
    const accept = (model: CatalogModel) => provider === undefined || model.provider === provider;
    const exact = (this.byName.get(wanted) ?? []).filter(accept);
    if (exact.length) return preferCurrent(exact);
    const byPattern = this.patterns.filter((entry) => accept(entry.model) && entry.pattern.test(wanted)).map((entry) => entry.model);
    if (byPattern.length) return preferCurrent(byPattern);
    return this.prefixes.find(
      (entry) => accept(entry.model) && wanted.startsWith(entry.prefix) && SNAPSHOT_SUFFIX.test(wanted.slice(entry.prefix.length)),
    )?.model;
  }

  private index(name: string, model: CatalogModel): void {
    const key = name.toLowerCase();
    const list = this.byName.get(key);
    if (!list) this.byName.set(key, [model]);
    else if (!list.includes(model)) list.push(model);
  }
}

function preferCurrent(models: readonly CatalogModel[]): CatalogModel {
  return models.find((model) => !model.deprecated) ?? models[0];
}

/** The data's models with the overlay's limits, their facts and display names, and the catalog-wide legacy check. */
function buildModels(data: CatalogData, overlay: Readonly<Record<string, OverlayEntry>>): CatalogModel[] {
  const providerNames = new Map(data.providers.map((provider) => [provider.id, provider.name]));
  const names = displayNames(data.models);
  const models = withLegacy(
    data.models.map((model, i) => withOverlay({ ...model, name: names[i] }, providerNames.get(model.provider) ?? model.provider, overlay)),
  );
  const byKey = new Map(models.map((model) => [model.key, model]));
  return models.map((model) => withRouting(model, byKey));
}

/**
 * A name the provider serves with another of its models from a day on (DeepSeek's legacy names): that model's price
 * sets, in force from that day, follow the name's own. Then every price of it at a time, an event's or now, is right.
 */
function withRouting(model: CatalogModel, byKey: ReadonlyMap<string, CatalogModel>): CatalogModel {
  const target = model.routesTo && byKey.get(`${model.provider}/${model.routesTo.model}`);
  if (!model.routesTo || !target) return model;
  const from = model.routesTo.from;
  const own: PriceSet[] = model.priceSets?.length ? [...model.priceSets] : [{ rates: model.rates, tiers: model.tiers }];
  const routed = (target.priceSets?.length ? target.priceSets : [{ rates: target.rates, tiers: target.tiers }]).map((set) => ({
    ...set,
    from: set.from && set.from > from ? set.from : from,
  }));
  return { ...model, priceSets: [...own, ...routed] };
}

function withOverlay(model: CatalogModelData, providerName: string, overlay: Readonly<Record<string, OverlayEntry>>): CatalogModel {
  const key = `${model.provider}/${model.id}`;
  const extra = overlay[key];
  const contextWindow = model.contextWindow ?? extra?.contextWindow;
  const maxOutputTokens = model.maxOutputTokens ?? extra?.maxOutputTokens;
  const overlayTiers = !model.tiers?.length && extra?.tiers?.length ? extra.tiers : undefined;
  const usedOverlay =
    (model.contextWindow === undefined && extra?.contextWindow !== undefined) ||
    (model.maxOutputTokens === undefined && extra?.maxOutputTokens !== undefined) ||
    overlayTiers !== undefined;
  return {
    ...model,
    ...(overlayTiers ? { tiers: overlayTiers } : {}),
    key,
    providerName,
    contextWindow,
    maxOutputTokens,
    contextWindowSource: model.contextWindow !== undefined ? 'catalog' : contextWindow !== undefined ? 'overlay' : undefined,
    maxOutputTokensSource: model.maxOutputTokens !== undefined ? 'catalog' : maxOutputTokens !== undefined ? 'overlay' : undefined,
    overlaySource: usedOverlay ? extra?.source : undefined,
    ...(extra?.routesTo ? { routesTo: extra.routesTo } : {}),
    ...(extra?.retiredOn ? { deprecated: true } : {}),
    extendedContextWindow: extra?.extendedContextWindow,
    extendedContextNote: extra?.extendedContextNote,
    facts: modelFacts(model),
  };
}

let bundled: PriceCatalog | undefined;

/** The catalog bundled with the extension (generated snapshot plus overlay). Built on first use. */
export function bundledCatalog(): PriceCatalog {
  bundled ??= new PriceCatalog(generatedCatalog, catalogOverlay);
  return bundled;
}

/** Looks a model up in the bundled catalog. */
export function findModel(name: string, options?: FindOptions): CatalogModel | undefined {
  return bundledCatalog().find(name, options);
}

/** Lists the bundled catalog's models. */
export function listModels(filter?: ModelFilter): CatalogModel[] {
  return bundledCatalog().models(filter);
}
