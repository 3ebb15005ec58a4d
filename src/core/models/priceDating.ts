// What a price catalog says about its own date: the date of its data (the newest price change it records), the
// package it came from and when that was published, and whether it has gone stale. One wording for every view.
import type { PriceCatalog } from './catalog';

/** After this many days the data's prices may well have changed: the catalog says so. */
export const STALE_AFTER_DAYS = 90;

const DAY_MS = 86_400_000;

/** `prices of 2026-08-21`: the date of the data, not of the build. */
export function pricesOf(catalog: PriceCatalog): string {
  return `prices of ${catalog.dataDate}`;
}

/** `prices of 2026-08-21 (@pydantic/genai-prices 0.1.8, published 2026-09-23)`. */
export function describePriceSource(catalog: PriceCatalog): string {
  const published = catalog.source.published ? `, published ${catalog.source.published}` : '';
  return `${pricesOf(catalog)} (${catalog.source.name} ${catalog.source.version}${published})`;
}

/** The data's age in whole days at `now`. */
export function priceDataAgeDays(catalog: PriceCatalog, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(`${catalog.dataDate}T00:00:00Z`)) / DAY_MS));
}

/** For tooltips: a warning once the data is older than `STALE_AFTER_DAYS`, else undefined. */
export function staleCatalogNote(catalog: PriceCatalog, now: number = Date.now()): string | undefined {
  const age = priceDataAgeDays(catalog, now);
  if (age <= STALE_AFTER_DAYS) return undefined;
  return `The price data is ${age} days old (${catalog.dataDate}): prices that changed since are not in it.`;
}
