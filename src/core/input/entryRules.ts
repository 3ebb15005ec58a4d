// One rule per kind of value that enters from outside (agents' logs, the ledger, configs, settings, the command
// line). Each rule says why a value is refused, so the row it came with can be skipped and counted with that reason;
// none of them throws. Keeping the bounds here means a total can never become Infinity and no date can make
// `toISOString` throw further in.

export const ENTRY_LIMITS = {
  /** Tokens of one kind in one request: far above any model's window (10 million today). */
  maxTokensPerRequest: 100_000_000,
  /** The cost of one request in US dollars: more than any request at any listed price. */
  maxUsdPerRequest: 100_000,
  /** Requests made before this are not LLM requests (epoch ms, 2000-01-01). */
  earliestTimeMs: Date.UTC(2000, 0, 1),
  /** Nor after this (2100-01-01): also keeps ISO years at four digits. */
  latestTimeMs: Date.UTC(2100, 0, 1),
  /** Premium requests one row may use (Copilot's legacy billing): a prompt on the dearest model is a few dozen. */
  maxPremiumRequestsPerRow: 1_000_000,
  /** Ids, model names, session ids and project paths. */
  maxTextLength: 4096,
} as const;

/** A checked value, or why it was refused. */
export type Entry<T> = { readonly value: T; readonly reason?: undefined } | { readonly value?: undefined; readonly reason: string };

const refuse = (reason: string): Entry<never> => ({ reason });

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** Why `value` is not a token count of one request (`what` names the field), or undefined when it is one. */
export function tokenCountIssue(value: number, what: string): string | undefined {
  if (!Number.isFinite(value)) return `${what} is not a finite number`;
  if (value < 0) return `${what} is negative (${show(value)})`;
  if (value > ENTRY_LIMITS.maxTokensPerRequest) return `${what} is implausibly large (${show(value)} tokens)`;
  return undefined;
}

/** Why `value` is not the cost of one request in US dollars, or undefined when it is one. */
export function usdIssue(value: number, what = 'cost'): string | undefined {
  if (!Number.isFinite(value)) return `${what} is not a finite number`;
  if (value < 0) return `${what} is negative (${show(value)})`;
  if (value > ENTRY_LIMITS.maxUsdPerRequest) return `${what} is implausibly large ($${show(value)} for one request)`;
  return undefined;
}

/** Why `value` is not a number of Copilot premium requests one row used, or undefined when it is one. */
export function premiumRequestsIssue(value: number): string | undefined {
  if (!Number.isFinite(value)) return 'premium requests is not a finite number';
  if (value < 0) return `premium requests is negative (${show(value)})`;
  if (value > ENTRY_LIMITS.maxPremiumRequestsPerRow) return `premium requests is implausibly large (${show(value)})`;
  return undefined;
}

/** Why an instant (epoch ms) is not a plausible request time, or undefined when it is one. */
export function timeMsIssue(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return 'time is not a valid date';
  if (ms < ENTRY_LIMITS.earliestTimeMs || ms >= ENTRY_LIMITS.latestTimeMs) return `time is out of range (${describeInstant(ms)})`;
  return undefined;
}

/** Why `value` is not usable text of at most `maxTextLength` characters, or undefined when it is. */
export function textIssue(value: string, what: string): string | undefined {
  if (value.length > ENTRY_LIMITS.maxTextLength) return `${what} is longer than ${ENTRY_LIMITS.maxTextLength} characters`;
  return undefined;
}

/** A request time from an ISO 8601 string or epoch milliseconds, as ISO 8601 in UTC; never throws. */
export function requestTime(value: unknown): Entry<string> {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && value.trim() !== '') ms = Date.parse(value);
  else return refuse('no timestamp');
  if (Number.isNaN(ms) && typeof value === 'string') return refuse(`timestamp ${show(value)} is not a date`);
  const issue = timeMsIssue(ms);
  return issue === undefined ? { value: new Date(ms).toISOString() } : refuse(issue);
}

/** The year of an instant, for messages; a Date that JavaScript cannot hold is described by its number. */
function describeInstant(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${show(ms)} ms` : `year ${date.getUTCFullYear()}`;
}

/** A thrown error as a short reason: its code (EACCES, EISDIR…) where it has one. */
export function errorReason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message.replace(/^\w+: /, '')}` : error.message;
  }
  return String(error);
}

/** Why `name` is not an IANA time zone this runtime knows (e.g. Europe/Berlin), or undefined when it is one. */
export function timeZoneIssue(name: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return undefined;
  } catch {
    return `"${name.length > 60 ? `${name.slice(0, 60)}…` : name}" is not an IANA time zone (such as Europe/Berlin or UTC)`;
  }
}

/** The system's own time zone, or UTC when the runtime cannot tell (an invalid TZ variable, say). */
export function systemTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && timeZoneIssue(zone) === undefined ? zone : 'UTC';
}

/**
 * The time zone to use for a setting: the setting when it names a valid zone, the system's when it is empty, and the
 * system's with a warning when it is not a zone, so a bad value never breaks what depends on it.
 */
export function resolveTimeZone(setting: string | undefined): { readonly timeZone: string; readonly warning?: string } {
  const wanted = setting?.trim() ?? '';
  if (wanted === '') return { timeZone: systemTimeZone() };
  const issue = timeZoneIssue(wanted);
  return issue === undefined
    ? { timeZone: wanted }
    : { timeZone: systemTimeZone(), warning: `${issue}; using ${systemTimeZone()} instead.` };
}
