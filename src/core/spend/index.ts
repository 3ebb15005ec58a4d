// Spend tracking: ledger events, the append-only ledger that keeps them, and totals over them.
export {
  COST_BASES,
  explainSpendEvent,
  parseSpendEvent,
  priceEvent,
  repriceEvents,
  priceSnapshotOf,
  serializeSpendEvent,
  spendEventId,
  moreComplete,
  type CostBasis,
  type SpendEvent,
  type SpendEventDraft,
  type SpendTokens,
} from './spendEvent';
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
export { manualSpendDraft, type ManualRecordContext } from './manualEvent';
export { summarizeSpend, type DailySpend, type SessionWithRequests, type SpendSummary, type SummaryOptions } from './spendSummary';
export { eventsInRange, spendToCsv, spendToJson, type ExportRange } from './exportSpend';
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
