// Spend tracking: ledger events, the append-only ledger that keeps them, and totals over them.
export {
  COST_BASES,
  FUTURE_MARGIN_MS,
  correctionFor,
  explainSpendEvent,
  parseSpendEvent,
  serializeSpendEvent,
  spendEventId,
  moreComplete,
  withCorrections,
  type CostBasis,
  type SpendEvent,
  type SpendTokens,
} from './spendEvent';
export {
  noPriceReason,
  priceEvent,
  priceSnapshotOf,
  repriceEvents,
  repriceHistory,
  requestPrices,
  type HistoryRepricing,
  type SpendEventDraft,
} from './eventPricing';
export {
  Ledger,
  MAX_LINE_BYTES,
  MAX_WRITE_BYTES,
  ledgerFiles,
  ledgerStamp,
  type LedgerContents,
  type LedgerOptions,
  type SkippedLine,
} from './ledger';
export {
  NO_SPEND,
  aggregate,
  byDay,
  byModel,
  byMonth,
  byProject,
  bySession,
  bySource,
  byWeek,
  sessions,
  totals,
  totalsBetween,
  type AggregateOptions,
  type SessionSummary,
  type SpendBucket,
  type SpendDimension,
  type SpendTotals,
} from './aggregate';
export { estimateRows } from './estimateRows';
export { SpendTally, type TallyTotals } from './spendTally';
export { manualSpendDraft, type ManualRecordContext } from './manualEvent';
export {
  summarizeSpend,
  type FutureEvents,
  type SessionWithRequests,
  type SpendBar,
  type SpendSummary,
  type UnpricedModel,
  type SummaryOptions,
} from './spendSummary';
export {
  DAILY_BARS_UP_TO,
  RANGE_IDS,
  RANGE_LABELS,
  isRangeId,
  rangeWithData,
  resolveRange,
  type DayRange,
  type RangeId,
  type RangeRequest,
} from './spendRange';
export {
  CACHE_LIFETIME_MS,
  analyzeWaste,
  repriceOnModel,
  type CacheReport,
  type RepricedSpend,
  type RunawaySession,
  type WasteReport,
} from './waste';
export { eventsInRange, fixedUsd, spendToCsv, spendToJson, type ExportRange } from './exportSpend';
export {
  ingestUsage,
  loadIngestState,
  saveIngestState,
  usageRowToEvent,
  usageRowsToEvents,
  type IngestOptions,
  type IngestResult,
  type IngestSource,
  type IngestState,
} from './ingest';
export { describeLookups, lookupLines, type LookupEnvironment, type SourceLookup } from './lookups';
