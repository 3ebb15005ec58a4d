// Rows whose file records no token counts (older Copilot Chat sessions) carry their text instead: their tokens are
// counted here with the counting engine (o200k_base), and they become estimates. The text is dropped once counted, so
// it reaches neither the ledger nor the reader's state. It is only what the file holds: the context an agent added
// (instructions, attached files, earlier turns) is not in it, so such an estimate is a lower bound.
import type { TextCounter } from '../counting/countTexts';
import { errorReason, skip, type ReadStats, type UsageRow } from '../readers/usageRow';

/** Counting a request's text takes at most this long; a slower count skips the request with its reason. */
const ESTIMATE_TIMEOUT_MS = 10_000;

/**
 * The rows with their estimates counted. Without a counter, or when a count fails, a row that needs one is skipped and
 * counted in `stats` with the reason.
 */
export async function estimateRows(rows: readonly UsageRow[], stats: ReadStats, counter: TextCounter | undefined): Promise<UsageRow[]> {
  const ready: UsageRow[] = [];
  for (const row of rows) {
    const texts = row.estimateFrom;
    if (!texts) {
      ready.push(row);
      continue;
    }
    if (!counter) {
      skip(stats, 'a request without token counts (an older Copilot Chat), with no counter here to estimate them', row.sessionId);
      continue;
    }
    try {
      const [input, output] = await Promise.all(
        [texts.input, texts.output].map((text) => (text ? counter.count([text], 'o200k_base', ESTIMATE_TIMEOUT_MS) : Promise.resolve(0))),
      );
      const counted: UsageRow = { ...row, tokens: { ...row.tokens, input, output }, estimated: true };
      delete counted.estimateFrom; // counted: the text goes no further
      ready.push(counted);
    } catch (error) {
      skip(stats, `the text of a request without token counts could not be counted (${errorReason(error)})`, row.sessionId);
    }
  }
  return ready;
}
