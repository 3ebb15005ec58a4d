// Small inputs for unit tests: a price catalog of only the models a test names, and spend tokens.
import { NO_TOKENS } from '../../src/core/tokens';
import { PriceCatalog } from '../../src/core';
import { type CatalogModelData, type CatalogProvider } from '../../src/core/models';
import { type SpendTokens } from '../../src/core/spend';

const PROVIDERS: readonly CatalogProvider[] = [
  { id: 'openai', name: 'OpenAI' },
  { id: 'anthropic', name: 'Anthropic' },
];

/** A catalog of `models`, from a made-up source dated 2026-01-01; OpenAI and Anthropic unless `providers` says. */
export function testCatalog(models: readonly CatalogModelData[], providers: readonly CatalogProvider[] = PROVIDERS): PriceCatalog {
  return new PriceCatalog({
    snapshotDate: '2026-01-01',
    source: { name: 'test', version: '0', license: 'MIT', url: 'https://example.invalid' },
    providers,
    models,
  });
}

/** Spend tokens: the counts given, 0 for every other kind. */
export function spendTokens(counts: Partial<SpendTokens> = {}): SpendTokens {
  return { ...NO_TOKENS, ...counts };
}
