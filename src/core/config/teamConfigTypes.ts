// The shared team configuration's types and the bounds its schema and checks share.
import type { Allowance } from '../allowances/allowance';
import type { Rates } from '../models/types';
import type { TeamLedgerConfig } from '../teamLedger/teamLedgerConfig';

/** A negotiated price: explicit rates, a discount on the catalog rates, or both, for one model or a whole provider. */
export interface PriceOverride {
  readonly model?: string;
  readonly provider?: string;
  /** USD per million tokens. These replace the catalog's rates and are not discounted. */
  readonly rates?: Rates;
  /** Taken off every catalog rate this entry does not set explicitly. */
  readonly discountPercent?: number;
}

/** A tokenizer factor as a team config gives it. */
export interface TeamTokenizerFactor {
  readonly factor: number;
  readonly low: number;
  readonly high: number;
  readonly label?: string;
}

/** A validated `.tokenwise.json`. */
export interface TeamConfig {
  readonly team?: string;
  readonly allowances?: readonly Allowance[];
  readonly prices?: readonly PriceOverride[];
  readonly modelAliases?: Readonly<Record<string, string>>;
  readonly defaultModel?: string;
  readonly favoriteModels?: readonly string[];
  readonly expectedOutputTokens?: number;
  readonly expectedOutputTokensByModel?: Readonly<Record<string, number>>;
  readonly expectedReasoningTokens?: number;
  readonly expectedReasoningTokensByModel?: Readonly<Record<string, number>>;
  /** The limits `tokenwise check` holds prompt files to in CI, where its flags do not give them. */
  readonly checks?: { readonly model?: string; readonly maxTokens?: number; readonly maxUsdPerSend?: number; readonly mustFit?: boolean };
  /** Where the members' price update fetches from (the team's own mirror of the price data), when they have it on. */
  readonly priceDataUrl?: string;
  readonly tokenizerFactors?: Readonly<Record<string, TeamTokenizerFactor>>;
  /** The team's shared ledger, with its defaults filled in. */
  readonly teamLedger?: TeamLedgerConfig;
}

/** Where a path segment of a JSON document leads: an object key or an array index. */
export type JsonPath = (string | number)[];

export interface ConfigProblem {
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The offending value's location in the document; empty for the document itself. */
  readonly path: JsonPath;
  /** Zero-based character offsets of the range, for editors. */
  readonly offset: number;
  readonly length: number;
}

export interface ParsedTeamConfig {
  /** Undefined when any problem is an error. Allowances have their defaults filled in and `origin: 'team'`. */
  readonly config?: TeamConfig;
  /** Errors and warnings, in document order. */
  readonly problems: ConfigProblem[];
  /** Where the text came from (a path or URL), as given. */
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Bounds (shared by the schema and the semantic checks)

export const CONFIG_LIMITS = {
  maxAllowanceUsd: 1_000_000,
  maxAllowanceTokens: 1_000_000_000_000,
  minThreshold: 1,
  maxThreshold: 1000,
  maxRatePerMillion: 10_000,
  maxExpectedOutputTokens: 2_000_000,
  minFactor: 0.2,
  maxFactor: 5,
} as const;
