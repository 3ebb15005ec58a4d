// Every `tokenwise.*` setting, read and checked in one place. The editor supplies the raw values (with the layer
// that set each); this turns them into typed settings, the warnings for values not applied, and the fields that
// differ between two readings, so each service acts only on what it uses.
import { personalAllowance } from '../allowances/personalAllowance';
import { copilotPlanAllowance } from '../allowances/copilotPlan';
import { DEFAULT_PRICE_DATA_URL } from '../models/priceUpdate';
import type { Allowance } from '../allowances/allowance';
import { resolveTimeZone } from '../input/entryRules';
import { boundedSetting, type BoundedSetting } from '../input/settingBounds';
import { DEFAULT_PROMPT_FILES, promptPatternIssue } from '../context/promptDocuments';
import type { LogSourceSettings, UsageSource } from '../readers';
import { requestUrlIssue } from '../input/urlRules';
import { COUNT_PROVIDERS, type CountProvider } from '../providerCount/providerCount';

/** Which settings layer gave a value: the extension's default, or one the user or the workspace set. */
export type SettingLayer = 'default' | 'user' | 'workspace' | 'workspaceFolder';

export interface RawSetting {
  readonly value: unknown;
  readonly layer: SettingLayer;
}

/** A value the team config may also set: present only when a settings layer (not the default) set it. */
export interface Preference<T> {
  readonly value: T;
  readonly layer: Exclude<SettingLayer, 'default'>;
}

export interface Settings {
  /** The model chosen in settings, when one was chosen. */
  readonly model: Preference<string> | undefined;
  readonly favoriteModels: Preference<readonly string[]> | undefined;
  readonly expectedOutputTokens: Preference<number> | undefined;
  readonly expectedOutputTokensByModel: Preference<Readonly<Record<string, number>>> | undefined;
  readonly expectedReasoningTokens: Preference<number> | undefined;
  readonly expectedReasoningTokensByModel: Preference<Readonly<Record<string, number>>> | undefined;
  /** The models Compare Models shows by default instead of its own choice (favourites and the current model besides). */
  readonly comparisonModels: readonly string[];
  /** Show the token count and cost of the active editor or its selection. */
  readonly statusBarEnabled: boolean;
  /** Wait this long after the last edit or selection change before counting. */
  readonly debounceMs: number;
  /** Documents (or selections) larger than this many bytes are not counted. */
  readonly maxDocumentBytes: number;
  /** Stop a count that runs longer than this. */
  readonly countTimeoutMs: number;
  /** Language ids whose documents are counted; `*` counts every text document. */
  readonly countLanguages: readonly string[];
  /** Glob patterns of the files that are prompts: priced with their context files (other files are priced alone). */
  readonly promptFiles: readonly string[];
  /** IANA time zone for days, weeks and months of spend (the system's when the setting is empty). */
  readonly spendTimeZone: string;
  /** The personal allowance, when one is set and valid. */
  readonly allowance: Allowance | undefined;
  /** The Copilot plan's included credits as an allowance, when a plan is set and valid. */
  readonly copilotPlan: Allowance | undefined;
  /** A path or URL of the team config; empty to use the workspace's `.tokenwise.json`. */
  readonly teamConfig: string;
  /** Minutes between re-reads of the team config; 0 never. */
  readonly teamConfigRefreshMinutes: number;
  /** Per agent: whether to read its usage logs, and folders that replace the default locations. */
  readonly usageSources: Readonly<Partial<Record<UsageSource, LogSourceSettings>>>;
  /** Fetch newer price data (opt-in): at start-up once a day, and on the Update Prices command. */
  readonly priceUpdateEnabled: boolean;
  /** Where the price data comes from (genai-prices format). */
  readonly priceUpdateUrl: string;
  /** Count a prompt with its provider's count endpoint on request (opt-in: the text is sent to that provider). */
  readonly providerCountEnabled: boolean;
  /** Base URLs of the providers' APIs, where not the public ones (a gateway). */
  readonly providerCountUrls: Readonly<Partial<Record<CountProvider, string>>>;
  /** Settings whose values were not applied, each with what was used instead. */
  readonly warnings: readonly string[];
}

export type SettingField = keyof Settings;

/** The setting key (under `tokenwise.`) behind each field; `warnings` is derived, not a setting. */
export const SETTING_KEYS = {
  model: 'model',
  favoriteModels: 'favoriteModels',
  expectedOutputTokens: 'expectedOutputTokens',
  expectedOutputTokensByModel: 'expectedOutputTokensByModel',
  expectedReasoningTokens: 'expectedReasoningTokens',
  expectedReasoningTokensByModel: 'expectedReasoningTokensByModel',
  comparisonModels: 'compare.models',
  statusBarEnabled: 'statusBar.enabled',
  debounceMs: 'counting.debounceMs',
  maxDocumentBytes: 'counting.maxDocumentSizeKB',
  countTimeoutMs: 'counting.timeoutMs',
  countLanguages: 'counting.languages',
  promptFiles: 'context.promptFiles',
  spendTimeZone: 'spend.timeZone',
  allowance: 'allowance',
  copilotPlan: 'copilotPlan',
  teamConfig: 'teamConfig',
  teamConfigRefreshMinutes: 'teamConfigRefreshMinutes',
  usageSources: 'usageSources',
  priceUpdateEnabled: 'priceUpdate.enabled',
  priceUpdateUrl: 'priceUpdate.url',
  providerCountEnabled: 'providerCount.enabled',
  providerCountUrls: 'providerCount.urls',
} as const satisfies Record<Exclude<SettingField, 'warnings'>, string>;

export const SETTINGS_SECTION = 'tokenwise';

/** Models a list may name, as many as a team config's object may hold. */
const MAX_MODELS = 5000;
/** More prompt-file patterns than this are not read. */
const MAX_PROMPT_PATTERNS = 100;
/** A pinned comparison longer than this is not a comparison a person reads. */
const MAX_COMPARISON_MODELS = 50;

/** Reads every setting through `get` (a key under `tokenwise.`), checking each value as it enters. */
export function readSettings(get: (key: string) => RawSetting): Settings {
  const warnings: string[] = [];
  const value = (field: keyof typeof SETTING_KEYS): unknown => get(SETTING_KEYS[field]).value;
  // Every number within its bounds, enforced here: VS Code hands out values outside the schema's range unchanged.
  const bounded = (key: BoundedSetting): number => {
    const checked = boundedSetting(key, get(key).value);
    if (checked.warning) warnings.push(checked.warning);
    return checked.value;
  };
  const timeZone = resolveTimeZone(text(value('spendTimeZone')));
  if (timeZone.warning) warnings.push(`tokenwise.spend.timeZone: ${timeZone.warning}`);
  const allowance = personalAllowance(record(value('allowance')));
  if (allowance.problem) warnings.push(`the allowance in settings is not used: ${allowance.problem}.`);
  const copilotPlan = copilotPlanAllowance(record(value('copilotPlan')));
  if (copilotPlan.problem) warnings.push(`tokenwise.copilotPlan is not used: ${copilotPlan.problem}.`);
  const preference = <T>(field: keyof typeof SETTING_KEYS, check: (raw: unknown) => T | undefined): Preference<T> | undefined => {
    const raw = get(SETTING_KEYS[field]);
    if (raw.layer === 'default') return undefined; // so a team's default is not hidden behind the extension's own
    // A value out of bounds or of the wrong type is left out, so the next layer (the team's) applies.
    const checked = check(raw.value);
    return checked === undefined ? undefined : { value: checked, layer: raw.layer };
  };
  return {
    model: preference('model', modelName),
    favoriteModels: preference('favoriteModels', modelList),
    expectedOutputTokens: preference('expectedOutputTokens', outputTokens),
    expectedOutputTokensByModel: preference('expectedOutputTokensByModel', outputTokensByModel),
    expectedReasoningTokens: preference('expectedReasoningTokens', (raw) => tokensWithin('expectedReasoningTokens', raw)),
    expectedReasoningTokensByModel: preference('expectedReasoningTokensByModel', outputTokensByModel),
    comparisonModels: (modelList(value('comparisonModels')) ?? []).slice(0, MAX_COMPARISON_MODELS),
    statusBarEnabled: value('statusBarEnabled') !== false,
    debounceMs: bounded('counting.debounceMs'),
    maxDocumentBytes: bounded('counting.maxDocumentSizeKB') * 1024,
    countTimeoutMs: bounded('counting.timeoutMs'),
    countLanguages: textList(value('countLanguages')) ?? ['*'],
    promptFiles: promptPatterns(value('promptFiles'), warnings),
    spendTimeZone: timeZone.timeZone,
    allowance: allowance.allowance,
    copilotPlan: copilotPlan.allowance,
    teamConfig: text(value('teamConfig')).trim(),
    teamConfigRefreshMinutes: bounded('teamConfigRefreshMinutes'),
    usageSources: (record(value('usageSources')) ?? {}) as Partial<Record<UsageSource, LogSourceSettings>>,
    priceUpdateEnabled: value('priceUpdateEnabled') === true,
    priceUpdateUrl: text(value('priceUpdateUrl')).trim() || DEFAULT_PRICE_DATA_URL,
    providerCountEnabled: value('providerCountEnabled') === true,
    providerCountUrls: providerUrls(value('providerCountUrls'), warnings),
    warnings,
  };
}

/** The fields whose values differ between two readings. */
export function changedSettings(before: Settings, after: Settings): ReadonlySet<SettingField> {
  const changed = new Set<SettingField>();
  for (const field of Object.keys(after) as SettingField[]) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changed.add(field);
  }
  return changed;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const textList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;

function modelName(value: unknown): string | undefined {
  const name = typeof value === 'string' ? value.trim() : '';
  return name !== '' && name.length <= 200 ? name : undefined;
}

function modelList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .slice(0, MAX_MODELS)
    .map(modelName)
    .filter((name): name is string => name !== undefined);
}

function tokensWithin(key: 'expectedOutputTokens' | 'expectedReasoningTokens', value: unknown): number | undefined {
  return typeof value === 'number' && !boundedSetting(key, value).warning ? value : undefined;
}

const outputTokens = (value: unknown) => tokensWithin('expectedOutputTokens', value);

function outputTokensByModel(value: unknown): Record<string, number> | undefined {
  const entries = record(value);
  if (!entries) return undefined;
  const checked: Record<string, number> = {};
  for (const [name, tokens] of Object.entries(entries).slice(0, MAX_MODELS)) {
    const bounded = outputTokens(tokens);
    if (modelName(name) !== undefined && bounded !== undefined) checked[name] = bounded;
  }
  return checked;
}

/** The providers' base URLs that may be used; one that may not is left out (the public API is used) with a warning. */
function providerUrls(value: unknown, warnings: string[]): Partial<Record<CountProvider, string>> {
  const urls: Partial<Record<CountProvider, string>> = {};
  for (const [provider, url] of Object.entries(record(value) ?? {})) {
    if (!Object.hasOwn(COUNT_PROVIDERS, provider) || typeof url !== 'string' || url.trim() === '') continue;
    const issue = requestUrlIssue(url.trim(), 'prompts are sent');
    if (issue) warnings.push(`tokenwise.providerCount.urls.${provider} is not used: ${issue}.`);
    else urls[provider as CountProvider] = url.trim();
  }
  return urls;
}

/** The prompt-file patterns, each checked; a bad one is left out with a warning, the rest apply. */
function promptPatterns(value: unknown, warnings: string[]): readonly string[] {
  const patterns = textList(value);
  if (!patterns) return DEFAULT_PROMPT_FILES;
  const usable: string[] = [];
  for (const pattern of patterns.slice(0, MAX_PROMPT_PATTERNS)) {
    const issue = promptPatternIssue(pattern);
    if (issue) warnings.push(`tokenwise.context.promptFiles: ${JSON.stringify(pattern.slice(0, 80))} is not used (${issue}).`);
    else usable.push(pattern);
  }
  return usable;
}
