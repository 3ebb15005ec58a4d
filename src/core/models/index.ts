// Models, prices and what a prompt costs: the price catalog, tokenizers, cost projection and context-window fit.
export type { CatalogData, CatalogModelData, CatalogProvider, CatalogSource, PriceTier, RateName, Rates } from './types';
export {
  PriceCatalog,
  bundledCatalog,
  findModel,
  listModels,
  type CatalogAdjustments,
  type CatalogModel,
  type FindOptions,
  type LimitSource,
  type ModelFilter,
} from './catalog';
export { catalogOverlay, type OverlayEntry } from './catalogOverlay';
export { defaultTokenizerFactors, type TokenizerFactor, type TokenizerFactors } from './tokenizerFactors';
export {
  countableTokenizer,
  countingEncodingFor,
  encodingsFor,
  modelTokens,
  tokenizerFor,
  type CountingEncoding,
  type EstimatedTokenizer,
  type ExactTokenizer,
  type PublishedVocabularyTokenizer,
  type TokenizerEncoding,
  type TokenizerSpec,
  type TokenRange,
} from './tokenizers';
export {
  expectedOutputFor,
  priceRequest,
  projectCost,
  rateFor,
  sumCosts,
  tierFor,
  type CostLine,
  type CostProjection,
  type CostProjectionInput,
  type CostTotal,
  type ExpectedOutputSettings,
  type PricedModel,
  type ProjectionOptions,
  type RequestCost,
  type RequestTokens,
  type ScenarioCost,
  type UsdRange,
} from './costProjection';
export { checkContextFit, type ContextFit, type ContextFitInput, type FitModel, type FitStatus, type LimitCheck } from './contextFit';
export {
  NO_PRICE,
  describePrice,
  describeTokenizer,
  formatProjectedUsd,
  formatRate,
  formatTokenLimit,
  formatUsd,
  formatUsdFigures,
  formatUsdSpan,
} from './format';
export {
  ANSWERING_KINDS,
  KIND_LABELS,
  answersPrompts,
  describeStatus,
  type ModelFacts,
  type ModelKind,
  type ModelStatus,
  type ReasoningMode,
} from './modelFacts';
export { isOffered, modelSections, newestFirst, type ModelSection } from './modelSections';
export { MAJOR_PROVIDERS, MAX_DEFAULT_ROWS, defaultComparisonSet, type ComparisonSet, type InclusionReason } from './comparisonSet';
export {
  canBeCheapest,
  compareModels,
  estimateForModel,
  formatTotal,
  type ComparisonRow,
  type EstimateSettings,
  type ModelEstimate,
  type PromptCounts,
} from './comparison';
export { COPILOT_CREDITS_SOURCE, copilotCreditPrices, CREDITS_PER_USD, formatCredits, usdToCredits, type Billing } from './copilotCredits';
export { formatRequestNumber } from './copilotPremiumRequests';
export { describePriceSource, pricesOf, staleCatalogNote, STALE_AFTER_DAYS } from './priceDating';
export { billingModeLabel, type BillingMode } from './billingModes';
export {
  catalogFromCopy,
  DEFAULT_PRICE_DATA_URL,
  fetchPriceData,
  loadPriceDataCopy,
  priceUrlIssue,
  savePriceDataCopy,
  type PriceDataCopy,
} from './priceUpdate';
