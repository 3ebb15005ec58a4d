// Checks of a team config beyond its schema: models and providers the catalog knows, aliases that resolve, rates that
// look like USD per million tokens, allowances that can be counted.
import { isTimeZone } from '../allowances/allowance';
import { aliasTable, resolveAlias } from '../models/aliases';
import { bundledCatalog, findModel } from '../models/catalog';
import { defaultTokenizerFactors } from '../models/tokenizerFactors';
import { priceUrlIssue } from '../models/priceUpdate';
import { teamLedgerUrlIssue } from '../teamLedger/teamLedgerConfig';
import { TOKEN_KINDS } from '../tokens/tokenKinds';
import { formatJsonPath, type Located, type ProblemSink } from './configProblems';
import { CONFIG_LIMITS, type JsonPath } from './teamConfigTypes';

export type Raw = Record<string, unknown>;

export function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries of an object whose values are strings (the aliases of a config still being checked). */
function stringEntries(value: unknown): Record<string, string> {
  return isObject(value)
    ? Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
    : {};
}

export function semanticChecks(config: Raw, sink: ProblemSink, locate: (path: JsonPath, key?: boolean) => Located): void {
  const aliases = new Set<string>();
  if (isObject(config.modelAliases)) {
    for (const alias of Object.keys(config.modelAliases)) aliases.add(alias.toLowerCase());
  }
  const providers = new Set(bundledCatalog().providers.map((provider) => provider.id));

  const checkModel = (name: unknown, path: JsonPath, key = false): void => {
    if (typeof name !== 'string' || name.trim() === '') return;
    if (aliases.has(name.toLowerCase()) || findModel(name)) return;
    sink.add(
      'warning',
      `Unknown model "${name}": the price catalog does not know it and no alias in this file defines it. Its price will be unknown.`,
      locate(path, key),
      path,
    );
  };
  const checkProvider = (name: unknown, path: JsonPath): void => {
    if (typeof name !== 'string' || name === '' || providers.has(name.toLowerCase())) return;
    sink.add('warning', `Unknown provider "${name}". Known providers: ${[...providers].join(', ')}.`, locate(path), path);
  };

  if (isObject(config.modelAliases)) {
    for (const [alias, target] of Object.entries(config.modelAliases)) {
      if (typeof target !== 'string') continue;
      if (!findModel(target) && !aliases.has(target.toLowerCase())) {
        sink.add(
          'warning',
          `Alias "${alias}" points to unknown model "${target}": the price catalog does not know it.`,
          locate(['modelAliases', alias]),
          ['modelAliases', alias],
        );
      } else if (target.toLowerCase() === alias.toLowerCase()) {
        sink.add('error', `Alias "${alias}" points to itself.`, locate(['modelAliases', alias]), ['modelAliases', alias]);
      }
    }
  }

  checkModel(config.defaultModel, ['defaultModel']);
  if (isObject(config.checks)) checkModel(config.checks.model, ['checks', 'model']);
  if (typeof config.priceDataUrl === 'string') {
    const issue = priceUrlIssue(config.priceDataUrl);
    if (issue) sink.add('error', `priceDataUrl: ${issue}`, locate(['priceDataUrl']), ['priceDataUrl']);
  }
  if (isObject(config.teamLedger) && typeof config.teamLedger.url === 'string') {
    const issue = teamLedgerUrlIssue(config.teamLedger.url);
    if (issue) sink.add('error', `teamLedger.url: ${issue}`, locate(['teamLedger', 'url']), ['teamLedger', 'url']);
  }
  if (Array.isArray(config.favoriteModels)) config.favoriteModels.forEach((name, index) => checkModel(name, ['favoriteModels', index]));
  for (const field of ['expectedOutputTokensByModel', 'expectedReasoningTokensByModel'] as const) {
    const perModel = config[field];
    if (isObject(perModel)) for (const name of Object.keys(perModel)) checkModel(name, [field, name], true);
  }

  if (Array.isArray(config.allowances)) {
    const ids = new Map<string, number>();
    config.allowances.forEach((allowance: unknown, index) => {
      if (!isObject(allowance)) return;
      const here: JsonPath = ['allowances', index];
      if (allowance.scope === 'team' && !isObject(config.teamLedger)) {
        sink.add(
          'warning',
          "A team-scope allowance needs a teamLedger to read the team's spend from; without one it holds each member's own spend.",
          locate([...here, 'scope']),
          [...here, 'scope'],
        );
      }
      if (typeof allowance.id === 'string') {
        const first = ids.get(allowance.id);
        if (first !== undefined) {
          sink.add(
            'error',
            `Duplicate allowance id "${allowance.id}": allowances[${first}] already uses it. Ids must be unique.`,
            locate([...here, 'id']),
            [...here, 'id'],
          );
        } else ids.set(allowance.id, index);
      }
      if (typeof allowance.timeZone === 'string' && allowance.timeZone !== '' && !isTimeZone(allowance.timeZone)) {
        sink.add(
          'error',
          `${formatJsonPath([...here, 'timeZone'])}: unknown time zone "${allowance.timeZone}". Use an IANA name such as "Europe/Berlin" or "UTC".`,
          locate([...here, 'timeZone']),
          [...here, 'timeZone'],
        );
      }
      if (allowance.period !== 'week' && allowance.weekStartsOn !== undefined) {
        sink.add(
          'warning',
          `weekStartsOn has no effect on a ${String(allowance.period)} allowance.`,
          locate([...here, 'weekStartsOn'], true),
          [...here, 'weekStartsOn'],
        );
      }
      if (allowance.period !== 'month' && allowance.monthStartsOn !== undefined) {
        sink.add(
          'warning',
          `monthStartsOn has no effect on a ${String(allowance.period)} allowance.`,
          locate([...here, 'monthStartsOn'], true),
          [...here, 'monthStartsOn'],
        );
      }
      const amount = allowance.amount;
      if (isObject(amount) && typeof amount.usd === 'number' && amount.usd > 0 && amount.usd < 0.01) {
        sink.add(
          'error',
          `${formatJsonPath([...here, 'amount', 'usd'])}: ${amount.usd} USD is less than a cent: an absurd allowance.`,
          locate([...here, 'amount', 'usd']),
          [...here, 'amount', 'usd'],
        );
      }
      const filter = allowance.filter;
      if (isObject(filter)) {
        if (Array.isArray(filter.models)) filter.models.forEach((name, at) => checkModel(name, [...here, 'filter', 'models', at]));
        if (Array.isArray(filter.providers)) {
          filter.providers.forEach((name, at) => checkProvider(name, [...here, 'filter', 'providers', at]));
        }
      }
    });
  }

  if (Array.isArray(config.prices)) {
    const seen = new Map<string, number>();
    config.prices.forEach((price: unknown, index) => {
      if (!isObject(price)) return;
      const here: JsonPath = ['prices', index];
      const target =
        typeof price.model === 'string'
          ? `model:${price.model.toLowerCase()}`
          : typeof price.provider === 'string'
            ? `provider:${price.provider.toLowerCase()}`
            : undefined;
      if (target) {
        const first = seen.get(target);
        if (first !== undefined) {
          const field = target.startsWith('model:') ? 'model' : 'provider';
          sink.add('error', `prices[${first}] already sets prices for this ${field}: merge the two entries.`, locate([...here, field]), [
            ...here,
            field,
          ]);
        } else seen.set(target, index);
      }
      if (typeof price.model === 'string') checkModel(price.model, [...here, 'model']);
      if (typeof price.provider === 'string') checkProvider(price.provider, [...here, 'provider']);
      // Rates far from the catalog's are most often given per token or per thousand tokens instead of per million.
      const catalogModel =
        typeof price.model === 'string' ? findModel(resolveAlias(price.model, aliasTable(stringEntries(config.modelAliases)))) : undefined;
      if (catalogModel && isObject(price.rates)) {
        for (const name of TOKEN_KINDS) {
          const given = price.rates[name];
          const known = catalogModel.rates[name];
          if (typeof given !== 'number' || known === undefined || known <= 0 || given <= 0) continue;
          const ratio = given / known;
          if (ratio > 100 || ratio < 0.01) {
            sink.add(
              'warning',
              `${formatJsonPath([...here, 'rates', name])}: ${given} USD per million tokens is ` +
                `${ratio > 1 ? `${Math.round(ratio)} times` : `1/${Math.round(1 / ratio)} of`} the catalog's ${known}. ` +
                'Rates are USD per million tokens.',
              locate([...here, 'rates', name]),
              [...here, 'rates', name],
            );
          }
        }
      }
      if (price.discountPercent === 100 && price.rates === undefined) {
        sink.add('warning', 'A 100% discount makes every rate free.', locate([...here, 'discountPercent']), [...here, 'discountPercent']);
      }
    });
  }

  if (isObject(config.tokenizerFactors)) {
    const families = new Set(Object.keys(defaultTokenizerFactors));
    for (const [family, entry] of Object.entries(config.tokenizerFactors)) {
      const here: JsonPath = ['tokenizerFactors', family];
      if (!families.has(family)) {
        sink.add(
          'warning',
          `No model uses the tokenizer family "${family}". Known families: ${[...families].join(', ')}.`,
          locate(here, true),
          here,
        );
      }
      const inBounds = (value: unknown): value is number =>
        typeof value === 'number' && value >= CONFIG_LIMITS.minFactor && value <= CONFIG_LIMITS.maxFactor;
      if (isObject(entry) && inBounds(entry.factor) && inBounds(entry.low) && inBounds(entry.high)) {
        if (!(entry.low <= entry.factor && entry.factor <= entry.high)) {
          sink.add(
            'error',
            `tokenizerFactors.${family}: the factor must lie in its range, low ≤ factor ≤ high (is ${entry.low} ≤ ${entry.factor} ≤ ${entry.high}).`,
            locate([...here, 'factor']),
            [...here, 'factor'],
          );
        }
      }
    }
  }
}
