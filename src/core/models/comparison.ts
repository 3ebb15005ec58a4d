// One prompt (plus context) across models: tokens, input and projected output
// cost, cached-context total and window fit per model. Shared by the status
// bar, the comparison view and the command line.
import { INPUT_TOKEN_KINDS } from '../tokens/tokenKinds';
import type { EncodingCounts } from '../counting/countEncodings';
import { formatCount } from '../text/format';
import { formatProjectedUsd } from './format';
import type { CatalogModel } from './catalog';
import { answersPrompts } from './modelFacts';
import { checkContextFit, type ContextFit } from './contextFit';
import {
  expectedOutputFor,
  expectedReasoningFor,
  projectCost,
  type CostProjection,
  type ExpectedOutputSettings,
  type RequestCost,
  type ScenarioCost,
  type UsdRange,
} from './costProjection';
import type { TokenizerFactors } from './tokenizerFactors';
import { countableTokenizer, countingEncodingFor, modelTokens, tokenizerFor, type TokenizerSpec, type TokenRange } from './tokenizers';

export interface PromptCounts {
  readonly prompt: EncodingCounts;
  readonly context: EncodingCounts;
}

export interface EstimateSettings {
  readonly expectedOutput: ExpectedOutputSettings;
  /** Replaces the bundled tokenizer factors (a team config can). */
  readonly factors?: TokenizerFactors;
  /**
   * Price with the prices in force at this instant (epoch ms): the editor and the command line pass now, so a dated
   * change or a peak-hour price shows as it applies. Default: the catalog's headline prices.
   */
  readonly at?: number;
}

/** What one prompt costs on one model. */
export interface ModelEstimate {
  readonly modelId: string;
  /** Undefined when the catalog does not know the model: every cost is then unknown. */
  readonly model: CatalogModel | undefined;
  readonly tokenizer: TokenizerSpec;
  readonly estimate: boolean;
  readonly promptTokens: TokenRange;
  readonly contextTokens: TokenRange;
  /** Prompt plus context, in the model's tokens. */
  readonly inputTokens: TokenRange;
  readonly outputTokens: number;
  /** Reasoning tokens projected on top of the output (its own setting, or a model that always reasons), billed as the model bills them. */
  readonly reasoningTokens: number;
  readonly projection: CostProjection;
  /** Input tokens at the input price (undefined when unknown). */
  readonly inputUsd: UsdRange;
  /** Expected output and reasoning at their prices (undefined when unknown): the assumed part of the total. */
  readonly outputUsd: UsdRange;
  /** Input plus output; priced parts only, see `unpricedTokens`. */
  readonly totalUsd: UsdRange;
  /** Total when the context is read from the prompt cache (a follow-up turn); undefined without context. */
  readonly cachedTotalUsd: UsdRange | undefined;
  /** Tokens left out of `totalUsd` because their price is unknown. */
  readonly unpricedTokens: number;
  readonly fit: ContextFit;
}

const INPUT_KINDS = new Set<string>(INPUT_TOKEN_KINDS);

/** Sum of the scenario's lines of some kinds; unknown if any of them is unpriced. */
function partUsd(scenario: ScenarioCost, output: boolean): UsdRange {
  const at = (cost: RequestCost) => {
    const lines = cost.lines.filter((line) => INPUT_KINDS.has(line.kind) !== output);
    if (lines.some((line) => line.usd === undefined)) return undefined;
    return lines.reduce((sum, line) => sum + (line.usd ?? 0), 0);
  };
  return { low: at(scenario.low), expected: at(scenario.expected), high: at(scenario.high) };
}

/** The count a model's tokenizer needs, falling back to o200k_base when that encoding was not counted. */
function countFor(counts: EncodingCounts, tokenizer: TokenizerSpec): number {
  return counts[countingEncodingFor(tokenizer)] ?? counts.o200k_base;
}

export function estimateForModel(
  modelId: string,
  model: CatalogModel | undefined,
  counts: PromptCounts,
  settings: EstimateSettings,
): ModelEstimate {
  const id = model?.id ?? modelId;
  // A vocabulary not counted for this prompt (not loaded yet) gives way to the family's estimate.
  const ownTokenizer = tokenizerFor(id, settings.factors);
  const tokenizer = countableTokenizer(countableTokenizer(ownTokenizer, counts.prompt, settings.factors), counts.context, settings.factors);
  const promptTokens = countFor(counts.prompt, tokenizer);
  const contextTokens = countFor(counts.context, tokenizer);
  const outputTokens = expectedOutputFor(model ?? id, settings.expectedOutput);
  const reasoningTokens = expectedReasoningFor(model ?? id, settings.expectedOutput, model?.facts.reasoning === 'always');
  const request = { promptTokens, contextTokens, expectedOutputTokens: outputTokens, reasoningTokens };
  const projection = projectCost(model, request, { tokenizer, at: settings.at });
  const fit = checkContextFit(model ?? { id }, request, { tokenizer });
  return {
    modelId: id,
    model,
    tokenizer,
    estimate: projection.estimate,
    promptTokens: projection.promptTokens,
    contextTokens: projection.contextTokens,
    inputTokens: modelTokens(promptTokens + contextTokens, tokenizer),
    outputTokens,
    reasoningTokens,
    projection,
    inputUsd: partUsd(projection.uncached, false),
    outputUsd: partUsd(projection.uncached, true),
    totalUsd: projection.uncached.usd,
    cachedTotalUsd: projection.cached?.usd,
    unpricedTokens: projection.uncached.unpricedTokens,
    fit,
  };
}

/** A row of the comparison: a model's estimate and how it ranks. */
export interface ComparisonRow extends ModelEstimate {
  readonly favourite: boolean;
  /** The lowest expected total among fully priced models known to fit (not "may not fit", not "unknown"). */
  readonly cheapest: boolean;
}

/** Whether a row may be called the cheapest: fully priced, and known to fit its window without an opt-in. */
export function canBeCheapest(row: ModelEstimate): boolean {
  return row.unpricedTokens === 0 && row.totalUsd.expected !== undefined && row.fit.status === 'fits';
}

/** Lowest expected total first; models with an unknown total last, then by name. */
function byTotal(a: ModelEstimate, b: ModelEstimate): number {
  const x = a.unpricedTokens > 0 ? undefined : a.totalUsd.expected;
  const y = b.unpricedTokens > 0 ? undefined : b.totalUsd.expected;
  if (x !== undefined && y !== undefined && x !== y) return x - y;
  if (x === undefined && y !== undefined) return 1;
  if (y === undefined && x !== undefined) return -1;
  return a.modelId.localeCompare(b.modelId);
}

/**
 * Compares a prompt across the models that answer prompts (embedding, image and speech models are left out), sorted
 * by expected total; favourites are flagged, not moved (the view decides).
 */
export function compareModels(
  models: readonly CatalogModel[],
  counts: PromptCounts,
  settings: EstimateSettings,
  favourites: readonly string[] = [],
): ComparisonRow[] {
  const favourite = new Set(favourites.map((name) => name.toLowerCase()));
  const isFavourite = (model: CatalogModel) =>
    [model.id, model.key, ...(model.aliases ?? [])].some((name) => favourite.has(name.toLowerCase()));
  const estimates = models
    .filter((model) => answersPrompts(model.facts))
    .map((model) => estimateForModel(model.id, model, counts, settings))
    .sort(byTotal);
  const cheapest = estimates.find(canBeCheapest);
  return estimates.map((row) => ({ ...row, favourite: row.model !== undefined && isFavourite(row.model), cheapest: row === cheapest }));
}

/** A total for display: `$0.0042`, `≈$0.0051`, `no price`, or `$0.0042 + 1,200 unpriced tokens` when part is unknown. */
export function formatTotal(usd: UsdRange | undefined, estimate: ModelEstimate): string {
  if (!usd) return '—';
  const amount = formatProjectedUsd(usd, estimate.estimate);
  if (usd.expected === undefined || estimate.unpricedTokens === 0) return amount;
  return `${amount} + ${formatCount(estimate.unpricedTokens)} unpriced tokens`;
}
