// Pricing a request as a ledger event: the agent's recorded cost if it has one, Copilot's credits for Copilot, else
// the catalog's price for the request's model, in its billing mode, in force at the request's time. An event keeps
// the price it was priced with: a later catalog does not change it. Re-pricing the history with newer data is an
// explicit step the user confirms (`repriceHistory`, appended as new copies); a team's negotiated prices are applied
// when the events are shown (`repriceEvents`).
import { billingModeLabel, pricesInMode, type BillingMode } from '../models/billingModes';
import { bundledCatalog, type CatalogModel, type PriceCatalog } from '../models/catalog';
import { pricesAt, priceRequest } from '../models/costProjection';
import { COPILOT_SOURCES, type Billing } from '../models/copilotCredits';
import { requestTime } from '../input/entryRules';
import { copilotCreditCost } from './copilotCost';
import { checkSpendEvent, parseTokens, type CostBasis, type SpendEvent, type SpendTokens } from './spendEvent';

/** How a price snapshot is named in events: `<source> <version> <snapshot date>`. */
const snapshots = new WeakMap<PriceCatalog, string>();

export function priceSnapshotOf(catalog: PriceCatalog = bundledCatalog()): string {
  let snapshot = snapshots.get(catalog);
  if (snapshot === undefined) {
    snapshots.set(catalog, (snapshot = `${catalog.source.name} ${catalog.source.version} ${catalog.snapshotDate}`));
  }
  return snapshot;
}

/** An event before it is priced: what a log reader or the user knows about a request. */
export interface SpendEventDraft {
  readonly id: string;
  readonly time: string | Date | number;
  readonly source: string;
  readonly sessionId?: string;
  readonly project?: string;
  readonly model: string;
  readonly tokens: Partial<SpendTokens>;
  /** The cost the source recorded, if it did. */
  readonly usd?: number;
  /** `estimated` when the tokens come from a local count; otherwise the basis follows from `usd`. */
  readonly costBasis?: CostBasis;
  /** Kept as is with a recorded cost (the source's own prices); ignored otherwise. */
  readonly priceSnapshot?: string;
  /** How the source bills the request when it is not the provider's API price: Copilot's AI credits. */
  readonly billing?: Billing;
  /** A billing mode the request asked for (Claude's `fast`); absent or `standard` for the standard rate. */
  readonly billingMode?: BillingMode;
  /** Premium requests as the source recorded them (Copilot CLI); a Copilot Chat prompt's follow from its model. */
  readonly premiumRequests?: number;
  readonly sessionTitle?: string;
}

/**
 * The catalog prices that apply to a request: its model's, in its billing mode, in force at its time. Undefined when
 * the catalog does not know the model or has no price for the mode.
 */
export function requestPrices(
  catalog: PriceCatalog,
  request: { readonly model: string; readonly billingMode?: BillingMode },
  atMs: number,
): CatalogModel | undefined {
  const inMode = pricesInMode(catalog.find(request.model), request.billingMode);
  return inMode && pricesAt(inMode, atMs);
}

/** `no price for fast mode` for a mode without a price, else `no price`: why a request has no cost. */
export function noPriceReason(event: Pick<SpendEvent, 'billingMode'>): string {
  return event.billingMode ? `no price for ${billingModeLabel(event.billingMode)}` : 'no price';
}

/**
 * Makes a ledger event from a draft. A recorded cost is kept (`recorded`); otherwise the cost is calculated from the
 * tokens with `catalog` (`calculated`, or `estimated` when the draft says its tokens are estimates) and the snapshot
 * is noted. A model the catalog does not know, or a billing mode it has no price for, leaves the cost undefined and
 * every token unpriced. Throws a TypeError when the draft does not make a valid event.
 */
export function priceEvent(draft: SpendEventDraft, catalog: PriceCatalog = bundledCatalog()): SpendEvent {
  const parsedTokens = parseTokens(draft.tokens ?? {});
  if (parsedTokens.reason !== undefined) throw new TypeError(`Spend event ${String(draft.id)}: ${parsedTokens.reason}`);
  const tokens = parsedTokens.value;
  const time =
    typeof draft.time === 'string' ? draft.time : (requestTime(draft.time instanceof Date ? draft.time.getTime() : draft.time).value ?? '');
  const recorded = draft.usd !== undefined && draft.costBasis !== 'calculated' && draft.costBasis !== 'estimated';
  const billingMode = draft.billingMode && draft.billingMode !== 'standard' ? draft.billingMode : undefined;
  let fields: Pick<SpendEvent, 'usd' | 'costBasis' | 'priceSnapshot' | 'unpricedTokens' | 'usdLow' | 'premiumRequests'>;
  if (recorded) {
    fields = { usd: draft.usd, costBasis: 'recorded', priceSnapshot: draft.priceSnapshot, unpricedTokens: 0 };
  } else if (draft.billing) {
    fields = copilotCreditCost(draft.model, tokens, draft.billing);
  } else {
    const cost = priceRequest(requestPrices(catalog, { model: draft.model, billingMode }, Date.parse(time)), tokens);
    fields = {
      usd: cost.usd,
      costBasis: draft.costBasis === 'estimated' ? 'estimated' : 'calculated',
      priceSnapshot: priceSnapshotOf(catalog),
      unpricedTokens: cost.unpricedTokens,
    };
  }
  if (draft.premiumRequests !== undefined) fields = { ...fields, premiumRequests: draft.premiumRequests };
  const { id, source, sessionId, project, model, sessionTitle } = draft;
  const checked = checkSpendEvent({ id, time, source, sessionId, project, model, tokens, sessionTitle, billingMode, ...fields });
  if (checked.error !== undefined) throw new TypeError(`Spend event ${String(draft.id)}: ${checked.error}`);
  return checked.event;
}

/**
 * The events, each priced with `catalog` when that catalog changes its model's prices (a team's negotiated rates,
 * marked by `priceNote`) and the agent did not record the cost itself; the others as they are.
 */
export function repriceEvents(events: readonly SpendEvent[], catalog: PriceCatalog): SpendEvent[] {
  if (!catalog.models({ includeDeprecated: true }).some((model) => model.priceNote)) return [...events];
  const models = new Map<string, CatalogModel | undefined>();
  const snapshot = `${priceSnapshotOf(catalog)} with negotiated prices`;
  return events.map((event) => {
    // Recorded costs stay; so do Copilot's, billed at GitHub's credit prices, not at the provider's the team negotiated,
    // and a billing mode's, which a negotiated standard rate does not set.
    if (event.costBasis === 'recorded' || COPILOT_SOURCES.includes(event.source) || event.billingMode) return event;
    if (!models.has(event.model)) models.set(event.model, catalog.find(event.model));
    const model = models.get(event.model);
    if (!model?.priceNote) return event;
    const cost = priceRequest(model, event.tokens);
    return { ...event, usd: cost.usd, unpricedTokens: cost.unpricedTokens, priceSnapshot: snapshot };
  });
}

/** What re-pricing the history would change: the new copies, and the cost of their events before and after. */
export interface HistoryRepricing {
  /** A copy of each event whose cost changes, priced with the catalog and stamped `repricedAt`. */
  readonly copies: SpendEvent[];
  /** The known costs of those events before and after. */
  readonly beforeUsd: number;
  readonly afterUsd: number;
  /** Of those, how many had no price before and have one now, and how many lose theirs (no price in `catalog`). */
  readonly gainPrice: number;
  readonly losePrice: number;
  /** The snapshot the copies name. */
  readonly snapshot: string;
}

/**
 * Re-prices the history: every event whose cost was calculated or estimated with the catalog's prices (not one the
 * agent recorded, not Copilot's credits, not a correction), priced again with `catalog`'s price in force at its time
 * and in its billing mode. Only events whose cost changes get a copy; the ledger keeps the later re-price.
 */
export function repriceHistory(events: readonly SpendEvent[], catalog: PriceCatalog, now: Date): HistoryRepricing {
  const snapshot = priceSnapshotOf(catalog);
  const repricedAt = now.toISOString();
  const copies: SpendEvent[] = [];
  let beforeUsd = 0;
  let afterUsd = 0;
  let gainPrice = 0;
  let losePrice = 0;
  for (const event of events) {
    if (event.costBasis === 'recorded' || event.voids !== undefined || COPILOT_SOURCES.includes(event.source)) continue;
    const mode = event.billingMode as BillingMode | undefined;
    const cost = priceRequest(requestPrices(catalog, { model: event.model, billingMode: mode }, Date.parse(event.time)), event.tokens);
    if (cost.usd === event.usd && cost.unpricedTokens === event.unpricedTokens) continue;
    const checked = checkSpendEvent({ ...event, usd: cost.usd, unpricedTokens: cost.unpricedTokens, priceSnapshot: snapshot, repricedAt });
    if (checked.event === undefined) continue;
    copies.push(checked.event);
    beforeUsd += event.usd ?? 0;
    afterUsd += cost.usd ?? 0;
    if (event.usd === undefined && cost.usd !== undefined) gainPrice++;
    if (event.usd !== undefined && cost.usd === undefined) losePrice++;
  }
  return { copies, beforeUsd, afterUsd, gainPrice, losePrice, snapshot };
}
