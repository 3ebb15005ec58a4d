import type { ModelEstimate } from '../models/comparison';
import type { SpendEventDraft } from './eventPricing';
import { spendEventId } from './spendEvent';

export interface ManualRecordContext {
  readonly time: Date;
  /** One id per editor window session, so prompts recorded together form a session. */
  readonly sessionId: string;
  readonly project: string | undefined;
  /** Makes the event id unique when two prompts are recorded in the same millisecond. */
  readonly nonce: string;
}

/**
 * A prompt the user says they sent, on a chat Tokenwise cannot see: its
 * locally counted tokens (prompt and context as input, the expected output as
 * output), priced as an estimate.
 */
export function manualSpendDraft(estimate: ModelEstimate, context: ManualRecordContext): SpendEventDraft {
  return {
    id: spendEventId('manual', context.sessionId, context.time.toISOString(), context.nonce),
    time: context.time,
    source: 'manual',
    sessionId: context.sessionId,
    project: context.project,
    model: estimate.modelId,
    tokens: { input: estimate.inputTokens.expected, output: estimate.outputTokens },
    costBasis: 'estimated',
  };
}
