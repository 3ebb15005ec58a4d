// Copilot CLI's per-call usage, in its two records of a call: the `session.usage_record` events of its session file
// (an accounting receipt per model call, newer CLI versions) and the `chat` spans of its OpenTelemetry file output.
// Both name the call the same way (the session that made it and the provider's completion id: `accounting.usageId`
// is the span's `gen_ai.response.id`), so a call read from both gets one row id. In both, the input count includes
// the cached input and the output count includes the reasoning, as in the session file's shutdown totals.
//
// A call's cost is recorded where GitHub reported it: `copilotUsage.totalNanoAiu` (a receipt) or
// `github.copilot.nano_aiu` (a span), in nano AI units; one AI unit is one AI credit, US$0.01. A receipt whose
// `aiCreditsStatus` is `unavailable` reported none, which is not a zero charge. A call to the user's own provider
// (bring your own key) is not billed by GitHub: its tokens are priced at that provider's API prices.
import { isRecord, isoTime, str, type UsageRow } from './usageRow';
import { zeroTokens } from '../tokens/tokenKinds';
import { CREDITS_PER_USD } from '../models/copilotCredits';

const NANO_PER_CREDIT = 1e9;

/** US dollars of an amount of nano AI units (one AI unit is one AI credit). */
export const nanoAiuToUsd = (nanoAiu: number): number => nanoAiu / NANO_PER_CREDIT / CREDITS_PER_USD;

/** A call as both records give it: running totals not yet split into Tokenwise's disjoint kinds. */
interface CallUsage {
  readonly sessionId: string;
  readonly callId: string;
  readonly time: string;
  readonly model: string;
  /** Input including cache reads and writes; output including reasoning. */
  readonly input: unknown;
  readonly output: unknown;
  readonly cacheRead: unknown;
  readonly cacheWrite: unknown;
  readonly reasoning: unknown;
  /** The premium-request multiplier applied (legacy request-based billing). */
  readonly premiumRequests?: unknown;
  readonly nanoAiu?: unknown;
  readonly byok: boolean;
}

/** The row id of a call, whichever record it was read from. */
const copilotCliCallId = (sessionId: string, callId: string): string => `copilot-cli:${sessionId}:call:${callId}`;

const numberOr0 = (value: unknown): number => (value === undefined || value === null ? 0 : typeof value === 'number' ? value : Number.NaN);

function callRow(call: CallUsage): UsageRow | string {
  const [input, output, cacheRead, cacheWrite, reasoning] = [call.input, call.output, call.cacheRead, call.cacheWrite, call.reasoning].map(
    numberOr0,
  );
  if (cacheRead + cacheWrite > input || reasoning > output) return 'cached or reasoning tokens above the totals that include them';
  const row: UsageRow = {
    id: copilotCliCallId(call.sessionId, call.callId),
    time: call.time,
    source: 'copilot-cli',
    sessionId: call.sessionId,
    model: call.model,
    tokens: { ...zeroTokens(), input: input - cacheRead - cacheWrite, cacheRead, cacheWrite, output: output - reasoning, reasoning },
  };
  if (call.byok) return row;
  row.billing = 'copilot-credits';
  if (typeof call.premiumRequests === 'number') row.premiumRequests = call.premiumRequests;
  if (typeof call.nanoAiu === 'number') row.recordedUsd = nanoAiuToUsd(call.nanoAiu);
  return row;
}

/**
 * The row of a `session.usage_record` event of session `fileSession`'s file, or why it cannot be one. The call
 * belongs to the session its accounting names (a forked session keeps its parent's receipts under the parent's name).
 */
export function usageRecordRow(event: Record<string, unknown>, fileSession: string): UsageRow | string {
  const usage = isRecord(event.data) && isRecord(event.data.usage) ? event.data.usage : undefined;
  if (!usage) return 'a usage record without usage';
  const model = str(usage.model);
  if (!model) return 'a usage record without a model';
  const time = isoTime(event.timestamp);
  if (!time) return 'a usage record without a valid timestamp';
  const accounting = isRecord(usage.accounting) ? usage.accounting : {};
  const callId = str(accounting.usageId) ?? str(usage.apiCallId) ?? str(event.id);
  if (!callId) return 'a usage record without an id';
  const copilotUsage = isRecord(usage.copilotUsage) ? usage.copilotUsage : undefined;
  return callRow({
    sessionId: str(accounting.sourceSessionId) ?? fileSession,
    callId,
    time,
    model,
    input: usage.inputTokens,
    output: usage.outputTokens,
    cacheRead: usage.cacheReadTokens,
    cacheWrite: usage.cacheWriteTokens,
    reasoning: usage.reasoningTokens,
    premiumRequests: usage.cost,
    nanoAiu: usage.aiCreditsStatus === 'unavailable' ? undefined : copilotUsage?.totalNanoAiu,
    byok: usage.isByok === true,
  });
}

/** The first of `keys` that the attributes hold: the spellings the CLI's versions used for one count. */
const first = (attributes: Record<string, unknown>, ...keys: string[]): unknown =>
  keys.map((key) => attributes[key]).find((value) => value !== undefined);

/** `[seconds, nanoseconds]`, as the file exporter writes span times, in milliseconds. */
function hrTimeMs(value: unknown): number | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((part) => typeof part === 'number')) return undefined;
  return (value[0] as number) * 1000 + (value[1] as number) / 1e6;
}

/** GitHub's own model endpoints; a span whose server is another one called the user's provider. */
const COPILOT_HOST = /(^|\.)githubcopilot\.com$/i;

/**
 * What an OpenTelemetry line is to the reader: not a model call (another span, a metric, a log), the row of a `chat`
 * span with the session it belongs to, or why a chat span cannot be one.
 */
export function chatSpanRow(entry: Record<string, unknown>): { row: UsageRow } | { problem: string } | undefined {
  const attributes = isRecord(entry.attributes) ? entry.attributes : undefined;
  if (entry.type !== 'span' || attributes?.['gen_ai.operation.name'] !== 'chat') return undefined;
  const sessionId = str(attributes['gen_ai.conversation.id']);
  if (!sessionId) return { problem: 'a model call span without its conversation id' };
  const model = str(attributes['gen_ai.response.model']) ?? str(attributes['gen_ai.request.model']);
  if (!model) return { problem: 'a model call span without a model' };
  const time = isoTime(hrTimeMs(entry.endTime) ?? hrTimeMs(entry.startTime));
  if (!time) return { problem: 'a model call span without a valid time' };
  const callId = str(attributes['gen_ai.response.id']) ?? (str(entry.spanId) && `span-${entry.spanId as string}`);
  if (!callId) return { problem: 'a model call span without an id' };
  const server = str(attributes['server.address']);
  const row = callRow({
    sessionId,
    callId,
    time,
    model,
    input: attributes['gen_ai.usage.input_tokens'],
    output: attributes['gen_ai.usage.output_tokens'],
    cacheRead: first(
      attributes,
      'gen_ai.usage.cache_read.input_tokens',
      'gen_ai.usage.cache_read_input_tokens',
      'gen_ai.usage.cache_read_tokens',
    ),
    cacheWrite: first(
      attributes,
      'gen_ai.usage.cache_write.input_tokens',
      'gen_ai.usage.cache_creation.input_tokens',
      'gen_ai.usage.cache_creation_input_tokens',
    ),
    reasoning: first(attributes, 'gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens'),
    premiumRequests: attributes['github.copilot.cost'],
    nanoAiu: attributes['github.copilot.nano_aiu'],
    byok: server !== undefined && !COPILOT_HOST.test(server),
  });
  return typeof row === 'string' ? { problem: row } : { row };
}
