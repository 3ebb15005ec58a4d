import {
  encodingsFor,
  bundledCatalog,
  describePrice,
  estimateForModel,
  formatCount,
  formatTokenLimit,
  formatUsd,
  type CatalogModel,
  type ModelEstimate,
  type PriceCatalog,
  type TextCounter,
  describePriceSource,
  staleCatalogNote,
} from '../core';
import { countFiles, sumCounts, type CliCountLimits } from './cliCounter';
import { readPromptFiles, UsageError, type NotCounted, type PromptFile } from './promptFiles';
import { didYouMean, modelSuggestions } from './suggestions';
import { formatTable } from './table';

export interface CliOptions {
  /** The model given with --model, if any (count uses gpt-5.1 without one; compare the team's default). */
  readonly model: string | undefined;
  readonly models: readonly string[] | undefined;
  readonly provider: string | undefined;
  /** From --output-tokens; otherwise the team config's, or 500. */
  readonly outputTokens: number | undefined;
  /** From --reasoning-tokens; otherwise the team config's, or 2,000. */
  readonly reasoningTokens: number | undefined;
  /** compare --all: every model that answers prompts, not the suggested ones. */
  readonly all: boolean;
  /** compare --config: the team config whose prices, aliases and favourites apply. */
  readonly config: string | undefined;
  readonly json: boolean;
  readonly limits: CliCountLimits;
}

/** The model `count` prices on without --model. */
export const DEFAULT_COUNT_MODEL = 'gpt-5.1';

/** The files read and counted within the limits, in the encodings the models priced need. */
export async function countedPrompt(paths: readonly string[], options: CliOptions, modelIds: readonly string[], counter?: TextCounter) {
  const { files, notCounted } = await readPromptFiles(paths, options.limits);
  const counts = await countFiles(files, options.limits, encodingsFor(modelIds), counter);
  return { files, notCounted, countsOf: (subset: readonly PromptFile[]) => sumCounts(subset, counts) };
}

/** A line under the table for links that were not followed. */
export function notCountedNote(notCounted: readonly NotCounted[]): string {
  return notCounted.length ? `\nNot counted: ${notCounted.map((file) => `${file.path} (${file.reason})`).join(', ')}.` : '';
}

export function requireModel(catalog: PriceCatalog, name: string): CatalogModel {
  const model = catalog.find(name);
  if (!model) {
    throw new UsageError(
      `Unknown model "${name}".${didYouMean(modelSuggestions(catalog, name))} List the known ones with: tokenwise models`,
      false,
    );
  }
  return model;
}

const settingsFor = (options: CliOptions) => ({ expectedOutput: { defaultTokens: options.outputTokens ?? 500 }, at: Date.now() });
export const approx = (estimate: ModelEstimate) => (estimate.estimate ? '≈' : '');

/** `count <files...>`: each file's tokens and input cost on one model. */
export async function countCommand(paths: readonly string[], options: CliOptions): Promise<string> {
  const catalog = bundledCatalog();
  const model = requireModel(catalog, options.model ?? DEFAULT_COUNT_MODEL);
  const modelId = model.id;
  const { files, notCounted, countsOf } = await countedPrompt(paths, options, [modelId]);
  const estimate = (counted: readonly PromptFile[]) =>
    estimateForModel(modelId, model, { prompt: countsOf(counted), context: { o200k_base: 0 } }, settingsFor(options));
  const rows = files.map((file) => ({ file, estimate: estimate([file]) }));
  const total = estimate(files);
  if (options.json) {
    return JSON.stringify(
      {
        model: modelId,
        estimate: total.estimate,
        files: rows.map(({ file, estimate }) => ({
          path: file.path,
          role: file.role,
          tokens: estimate.inputTokens,
          inputUsd: estimate.inputUsd.expected ?? null,
        })),
        total: { tokens: total.inputTokens, inputUsd: total.inputUsd.expected ?? null },
        notCounted,
      },
      null,
      2,
    );
  }
  const table = formatTable(
    ['File', 'Role', 'Tokens', 'Input cost'],
    [
      ...rows.map(({ file, estimate }) => [
        file.path,
        file.role,
        `${approx(estimate)}${formatCount(estimate.inputTokens.expected)}`,
        formatUsd(estimate.inputUsd.expected),
      ]),
      ['Total', '', `${approx(total)}${formatCount(total.inputTokens.expected)}`, formatUsd(total.inputUsd.expected)],
    ],
    new Set([2, 3]),
  );
  return `${table}\n\nModel ${modelId}; ${describePriceSource(catalog)}.${notCountedNote(notCounted)}`;
}

/** `models`: the catalog, optionally one provider's part. */
export function modelsCommand(options: CliOptions): string {
  const catalog = bundledCatalog();
  const models = catalog.models(options.provider ? { provider: options.provider } : {});
  if (models.length === 0) {
    throw new UsageError(`No models for provider "${options.provider}". Providers: ${catalog.providers.map((p) => p.id).join(', ')}`);
  }
  if (options.json) {
    return JSON.stringify(
      {
        snapshotDate: catalog.snapshotDate,
        dataDate: catalog.dataDate,
        source: catalog.source,
        models: models.map((model) => ({
          provider: model.provider,
          id: model.id,
          name: model.name,
          aliases: model.aliases ?? [],
          rates: model.rates,
          tiers: model.tiers ?? [],
          contextWindow: model.contextWindow ?? null,
          maxOutputTokens: model.maxOutputTokens ?? null,
        })),
      },
      null,
      2,
    );
  }
  const table = formatTable(
    ['Provider', 'Model', 'Prices (USD per 1M tokens)', 'Max output'],
    models.map((model) => [model.provider, model.id, describePrice(model), formatTokenLimit(model.maxOutputTokens)]),
  );
  const stale = staleCatalogNote(catalog);
  return `${table}\n\n${models.length} models; ${describePriceSource(catalog)}.${stale ? ` ${stale}` : ''}`;
}
