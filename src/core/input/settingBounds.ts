// The bounds of every numeric setting, enforced in code as well as declared in package.json (VS Code hands out a
// value outside a schema's minimum and maximum unchanged). A unit test keeps package.json equal to this table.

export interface SettingBound {
  readonly minimum: number;
  readonly maximum: number;
  readonly default: number;
  /** A value besides the range that means "off" (0 for the refresh interval). */
  readonly off?: number;
}

export const SETTING_BOUNDS = {
  expectedOutputTokens: { minimum: 0, maximum: 2_000_000, default: 500 },
  expectedReasoningTokens: { minimum: 0, maximum: 2_000_000, default: 2000 },
  'counting.debounceMs': { minimum: 0, maximum: 5000, default: 250 },
  'counting.maxDocumentSizeKB': { minimum: 1, maximum: 102_400, default: 5120 },
  'counting.timeoutMs': { minimum: 500, maximum: 120_000, default: 10_000 },
  // At least 5 minutes, so a setting cannot make the extension poll a server; at most a week. 0 turns it off.
  teamConfigRefreshMinutes: { minimum: 5, maximum: 10_080, default: 60, off: 0 },
} as const satisfies Record<string, SettingBound>;

export type BoundedSetting = keyof typeof SETTING_BOUNDS;

/**
 * A numeric setting as given when it is a finite number within its bounds (or its "off" value); otherwise the
 * default, with a warning that says why the value was not applied.
 */
export function boundedSetting(key: BoundedSetting, value: unknown): { readonly value: number; readonly warning?: string } {
  const bound: SettingBound = SETTING_BOUNDS[key];
  if (value === undefined || value === null) return { value: bound.default };
  if (typeof value === 'number' && (value === bound.off || (Number.isFinite(value) && value >= bound.minimum && value <= bound.maximum))) {
    return { value };
  }
  const range = `${bound.minimum} to ${bound.maximum}${bound.off !== undefined ? `, or ${bound.off} for off` : ''}`;
  return { value: bound.default, warning: `tokenwise.${key} is ${JSON.stringify(value)}, outside ${range}: using ${bound.default}.` };
}
