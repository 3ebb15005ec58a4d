// The project's compact price-catalog schema. Rates are USD per million tokens.
// A rate that is absent is unknown: it is never read as $0.

import type { TokenKind, TokenRates } from '../tokens/tokenKinds';

/** Per-million-token rates of one model, by token kind (`reasoning` unpriced means it is priced as output). */
export type Rates = TokenRates;

export type RateName = TokenKind;

/** Rates that replace the base ones when a request's input tokens (cached ones included) exceed `aboveInputTokens`. */
export interface PriceTier {
  readonly aboveInputTokens: number;
  readonly rates: Rates;
}

/**
 * One of a model's dated or timed price sets. A request is priced with the last set, in the data's order, whose
 * conditions hold at its time, else with the first (as the price data itself resolves them).
 */
export interface PriceSet {
  readonly rates: Rates;
  readonly tiers?: readonly PriceTier[];
  /** `YYYY-MM-DD`: in force from this day (UTC) on. */
  readonly from?: string;
  /** In force between these minutes of the UTC day (start included, end excluded; the window may wrap past midnight). */
  readonly minutesUtc?: readonly [start: number, end: number];
}

/** One model as the generated catalog records it. */
export interface CatalogModelData {
  /** Provider id, e.g. `openai`, `anthropic`, `google`, `x-ai`, `mistral`, `deepseek`. */
  readonly provider: string;
  readonly id: string;
  readonly name: string;
  /** Other exact names of the model (dated snapshots, `-latest` names). */
  readonly aliases?: readonly string[];
  /** Name prefixes that denote the model (e.g. dated snapshot ids). */
  readonly prefixes?: readonly string[];
  /** Regular expressions that denote the model. */
  readonly patterns?: readonly string[];
  readonly rates: Rates;
  /** Ascending by threshold. */
  readonly tiers?: readonly PriceTier[];
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
  readonly deprecated?: boolean;
  /** Pricing remarks: time-of-day prices, scheduled changes. */
  readonly notes?: readonly string[];
  /** Every price set the data dates or times; `rates` and `tiers` are then the set in force for most of the snapshot day. */
  readonly priceSets?: readonly PriceSet[];
}

export interface CatalogProvider {
  readonly id: string;
  readonly name: string;
  readonly pricingUrl?: string;
}

export interface CatalogSource {
  readonly name: string;
  readonly version: string;
  /** `YYYY-MM-DD`: when this version was published to the registry. */
  readonly published?: string;
  readonly license: string;
  readonly url: string;
}

export interface CatalogData {
  /** `YYYY-MM-DD`: the day the headline prices were evaluated at (`rates`, `tiers`). */
  readonly snapshotDate: string;
  /** `YYYY-MM-DD`: the date of the data, the newest price start date it records that is not after its publication. */
  readonly dataDate?: string;
  readonly source: CatalogSource;
  readonly providers: readonly CatalogProvider[];
  readonly models: readonly CatalogModelData[];
}
