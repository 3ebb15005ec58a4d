// The project's compact price-catalog schema. Rates are USD per million tokens.
// A rate that is absent is unknown: it is never read as $0.

/** Per-million-token rates of one model. */
export interface Rates {
  /** Uncached input (prompt) tokens. */
  readonly input?: number;
  /** Output tokens (reasoning tokens too, unless `reasoning` prices them separately). */
  readonly output?: number;
  /** Input tokens read from the prompt cache. */
  readonly cacheRead?: number;
  /** Input tokens written to the prompt cache (the default, 5-minute lifetime where the provider offers several). */
  readonly cacheWrite?: number;
  /** Input tokens written to the prompt cache with a 1-hour lifetime. */
  readonly cacheWrite1h?: number;
  /** Reasoning tokens, where billed apart from output. */
  readonly reasoning?: number;
}

export type RateName = keyof Rates;

/** Rates that replace the base ones when a request's input tokens (cached ones included) exceed `aboveInputTokens`. */
export interface PriceTier {
  readonly aboveInputTokens: number;
  readonly rates: Rates;
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
}

export interface CatalogProvider {
  readonly id: string;
  readonly name: string;
  readonly pricingUrl?: string;
}

export interface CatalogSource {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly url: string;
}

export interface CatalogData {
  /** `YYYY-MM-DD`: the date at which the prices were taken. */
  readonly snapshotDate: string;
  readonly source: CatalogSource;
  readonly providers: readonly CatalogProvider[];
  readonly models: readonly CatalogModelData[];
}
