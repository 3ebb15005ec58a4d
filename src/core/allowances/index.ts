// Allowances: spend limits per day, week or month, their use, forecast and threshold alerts.
export {
  DEFAULT_THRESHOLDS,
  MAX_MONTH_START,
  PERIOD_KINDS,
  WEEKDAYS,
  allowanceAmount,
  allowanceThresholds,
  allowanceUnit,
  explainAllowance,
  isTimeZone,
  type Allowance,
  type AllowanceAmount,
  type AllowanceFilter,
  type AllowancePeriodKind,
  type AllowanceUnit,
  type Weekday,
} from './allowance';
export { periodAt, type AllowancePeriod } from './period';
export {
  MIN_FORECAST_ELAPSED_MS,
  allowanceApplies,
  allowanceUsage,
  allowanceUsages,
  hasReached,
  tighter,
  wouldLeave,
  type AllowanceForecast,
  type AllowanceStatus,
  type AllowanceUsage,
  type PendingPrompt,
  type SpendSubject,
  type UsageOptions,
} from './usage';
export {
  allowanceName,
  allowancesLeft,
  describeAllowanceLeft,
  formatAllowanceAmount,
  pendingPromptOf,
  type AllowanceLeft,
} from './pendingPrompt';
export { personalAllowance } from './personalAllowance';
export { crossedThresholds, currentAlertKeys, thresholdKey, type ThresholdCrossing } from './thresholds';
export { COPILOT_PLANS, COPILOT_SOURCES, copilotPlanAllowance, isCopilotPlanAllowance, type CopilotPlanId } from './copilotPlan';
export { othersSpend, periodKey, teamPeriods, usageInScope, type TeamSpendGroup, type TeamSpendSnapshot } from './teamUsage';
