// Rules for values that come from outside, and the bounds of every numeric setting.
export {
  ENTRY_LIMITS,
  errorReason,
  requestTime,
  resolveTimeZone,
  systemTimeZone,
  textIssue,
  timeMsIssue,
  timeZoneIssue,
  tokenCountIssue,
  usdIssue,
  type Entry,
} from './entryRules';
export { SETTING_BOUNDS, boundedSetting, type BoundedSetting, type SettingBound } from './settingBounds';
