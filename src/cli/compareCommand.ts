import {
  bundledCatalog,
  compareModels,
  configuredCatalog,
  configuredEstimateSettings,
  defaultComparisonSet,
  formatCount,
  formatTokens,
  formatUsdFigures,
  isOffered,
  mergeConfig,
  teamConfigLayer,
  type CatalogModel,
  type ComparisonRow,
  type EstimateSettings,
  type PriceCatalog,
  pricesOf,
} from '../core';
import { approx, countedPrompt, notCountedNote, requireModel, type CliOptions } from './cliCommands';
import { loadTeamConfig } from './configCommands';
import { UsageError } from './promptFiles';
import { formatTable } from './table';

/** The models to compare: the ones named, every one (--all), a provider's offered ones, or the suggested set. */
function chosenModels(catalog: PriceCatalog, options: CliOptions, current: string, favourites: readonly string[]): CatalogModel[] {
  if (options.models) return options.models.map((name) => requireModel(catalog, name));
  const inProvider = (model: CatalogModel) => !options.provider || model.provider === options.provider;
  if (options.all) return catalog.models({ answering: true }).filter(inProvider);
  if (options.provider) return catalog.models({ provider: options.provider }).filter(isOffered);
  return [...defaultComparisonSet(catalog, { current, favourites }).models];
}

const money = (usd: number | undefined, row: ComparisonRow) => (usd === undefined ? 'no price' : `${approx(row)}${formatUsdFigures(usd)}`);

function total(row: ComparisonRow): string {
  const text = money(row.totalUsd.expected, row);
  return row.unpricedTokens > 0 && row.totalUsd.expected !== undefined ? `${text} + ${formatCount(row.unpricedTokens)} unpriced` : text;
}

/** One sentence on the cheapest model known to fit, or that none is. */
function verdict(rows: readonly ComparisonRow[]): string {
  const cheapest = rows.find((row) => row.cheapest);
  if (cheapest) return `Cheapest that fits: ${cheapest.model?.name ?? cheapest.modelId} at ${total(cheapest)}.`;
  const largest = Math.max(0, ...rows.map((row) => row.inputTokens.expected));
  return `No model compared is known to fit this prompt (${formatTokens(largest)}): each is over its window, needs an opt-in, or its window is unknown.`;
}

/**
 * `compare <files...>`: the files as one prompt, priced on the suggested models (favourites, the current model and the
 * major providers' line-ups; --all for every model), with the team config's prices, aliases and favourites.
 */
export async function compareCommand(paths: readonly string[], options: CliOptions): Promise<string> {
  const team = await loadTeamConfig(options.config);
  const merged = mergeConfig(team ? [teamConfigLayer(team.config, team.origin)] : []);
  const { config } = merged;
  const catalog = configuredCatalog(bundledCatalog(), config);
  const current = options.model ?? config.defaultModel;
  const models = chosenModels(catalog, options, current, config.favoriteModels);
  if (models.length === 0) {
    throw new UsageError(`No models for provider "${options.provider}". Providers: ${catalog.providers.map((p) => p.id).join(', ')}`);
  }
  const { files, notCounted, countsOf } = await countedPrompt(
    paths,
    options,
    models.map((model) => model.id),
  );
  const counts = {
    prompt: countsOf(files.filter((f) => f.role === 'prompt')),
    context: countsOf(files.filter((f) => f.role === 'context')),
  };
  const configured = configuredEstimateSettings(merged);
  const settings: EstimateSettings = {
    ...configured,
    at: Date.now(),
    expectedOutput: {
      ...configured.expectedOutput,
      ...(options.outputTokens !== undefined ? { defaultTokens: options.outputTokens, perModel: {} } : {}),
      reasoningTokens: options.reasoningTokens ?? configured.expectedOutput.reasoningTokens,
    },
  };
  const favourites = config.favoriteModels.map((name) => catalog.find(name)?.key ?? name);
  const rows = compareModels(models, counts, settings, favourites);
  const currentModel = catalog.find(current);
  if (options.json) {
    return JSON.stringify(
      {
        snapshotDate: catalog.snapshotDate,
        dataDate: catalog.dataDate,
        config: team?.origin ?? null,
        files: files.map((file) => ({ path: file.path, role: file.role })),
        notCounted,
        models: rows.map((row) => ({
          model: row.modelId,
          name: row.model?.name ?? row.modelId,
          provider: row.model?.provider,
          kind: row.model?.facts.kind,
          status: row.model?.facts.status,
          estimate: row.estimate,
          tokens: row.inputTokens,
          outputTokens: row.outputTokens,
          reasoningTokens: row.reasoningTokens,
          inputUsd: row.inputUsd.expected ?? null,
          outputUsd: row.outputUsd.expected ?? null,
          totalUsd: row.totalUsd,
          cachedTotalUsd: row.cachedTotalUsd ?? null,
          unpricedTokens: row.unpricedTokens,
          fit: row.fit.status,
          cheapest: row.cheapest,
          favourite: row.favourite,
          current: row.model !== undefined && row.model === currentModel,
          priceNote: row.model?.priceNote ?? null,
        })),
      },
      null,
      2,
    );
  }
  const table = formatTable(
    ['Model', 'Provider', 'Tokens', 'Input', 'Output', 'Total', 'Fits'],
    rows.map((row) => {
      const marks = [
        row.cheapest ? 'cheapest that fits' : '',
        row.model === currentModel ? 'yours' : '',
        row.model?.priceNote ? 'team price' : '',
      ];
      const note = marks.filter(Boolean).join(', ');
      return [
        `${row.favourite ? '★ ' : ''}${row.model?.name ?? row.modelId}${note ? ` (${note})` : ''}`,
        row.model?.providerName ?? '',
        `${approx(row)}${formatCount(row.inputTokens.expected)}`,
        money(row.inputUsd.expected, row),
        row.outputUsd.expected === undefined ? 'no price' : formatUsdFigures(row.outputUsd.expected),
        total(row),
        row.fit.status,
      ];
    }),
    new Set([2, 3, 4, 5]),
  );
  const context = files.filter((file) => file.role === 'context').length;
  const { defaultTokens, reasoningTokens } = settings.expectedOutput;
  const shown = options.all || options.models ? '' : ` ${rows.length} suggested models; --all for every one.`;
  return [
    table,
    '',
    verdict(rows),
    `${files.length - context} prompt file(s)${context ? ` + ${context} linked context file(s)` : ''}; ` +
      `${formatCount(defaultTokens)} output tokens assumed (+ ${formatCount(reasoningTokens ?? 0)} reasoning on models that always reason); ` +
      `${pricesOf(catalog)}${team ? ` with ${team.origin}` : ''}. ≈ marks estimates.${shown}${notCountedNote(notCounted)}`,
  ].join('\n');
}
