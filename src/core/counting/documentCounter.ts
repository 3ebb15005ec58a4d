import { countsOf, DEFAULT_EXTRA_ENCODINGS, type EncodingCounts } from './countEncodings';
import type { CountLimits, CountOutcome } from './countTexts';
import { utf8Size } from './countTexts';
import type { EncodingName } from './encodings';
import type { TextEdit } from './incrementalCount';
import { CountTimeoutError, ResyncNeededError, type WorkerTokenCounter } from './workerTokenCounter';

/** The edits of one change event, which took a document from `fromVersion` to `toVersion`. */
interface EditBatch {
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly edits: readonly TextEdit[];
}

/** Edits kept per document between counts; past this, the next count sends the whole text. */
const MAX_BATCHES = 10_000;

/**
 * Keeps documents counted in the worker across edits: the first count sends
 * the whole text, later ones only the edits made since (re-tokenized around
 * each edit there). Anything that breaks the chain (a missed event, a worker
 * restarted after a time-out, a length mismatch) falls back to the whole text.
 */
export class DocumentCounter {
  /** Documents counted at least once: only their edits are worth keeping. */
  private readonly tracked = new Set<string>();
  /** The version the worker holds of each document. */
  private readonly synced = new Map<string, number>();
  /** The encodings the worker holds each document in at that version. */
  private readonly encodingsSynced = new Map<string, ReadonlySet<EncodingName>>();
  private readonly pending = new Map<string, EditBatch[]>();
  /** Counts of one document run one after another, so each can build on the last. */
  private readonly running = new Map<string, Promise<unknown>>();
  /** How documents were counted; the integration tests read it. */
  readonly stats = { fullSyncs: 0, incrementalUpdates: 0 };

  constructor(private readonly counter: WorkerTokenCounter) {}

  /** Records the edits of one change event, which took the document from `fromVersion` to `toVersion`. */
  recordEdits(id: string, fromVersion: number, toVersion: number, edits: readonly TextEdit[]): void {
    if (!this.tracked.has(id)) return;
    const batches = this.pending.get(id) ?? [];
    if (batches.length >= MAX_BATCHES) batches.length = 0; // leaves a gap: the next count sends the whole text
    batches.push({ fromVersion, toVersion, edits });
    this.pending.set(id, batches);
  }

  forget(id: string): void {
    this.tracked.delete(id);
    this.synced.delete(id);
    this.encodingsSynced.delete(id);
    this.pending.delete(id);
  }

  /** Counts the document at `version` in o200k_base and each of `encodings`; never throws. */
  count(
    id: string,
    version: number,
    text: string,
    limits: CountLimits,
    encodings: readonly EncodingName[] = DEFAULT_EXTRA_ENCODINGS,
  ): Promise<{ outcome: CountOutcome; counts: EncodingCounts | undefined }> {
    this.tracked.add(id);
    const previous = this.running.get(id) ?? Promise.resolve();
    const wanted: EncodingName[] = ['o200k_base', ...encodings.filter((encoding) => encoding !== 'o200k_base')];
    const result = previous.then(() => this.countNow(id, version, text, limits, wanted));
    const settled = result.catch(() => undefined);
    this.running.set(id, settled);
    void settled.then(() => {
      if (this.running.get(id) === settled) this.running.delete(id);
    });
    return result;
  }

  private async countNow(
    id: string,
    version: number,
    text: string,
    limits: CountLimits,
    encodings: readonly EncodingName[],
  ): Promise<{ outcome: CountOutcome; counts: EncodingCounts | undefined }> {
    const bytes = utf8Size([text]);
    if (bytes > limits.maxBytes) {
      this.forget(id);
      return { outcome: { kind: 'tooLarge', scope: 'document', bytes, maxBytes: limits.maxBytes }, counts: undefined };
    }
    try {
      let tokens: number[];
      const edits = this.editsUpTo(id, version);
      // An encoding the worker has not counted this document in yet starts from the whole text.
      const known = this.encodingsSynced.get(id);
      try {
        if (!edits || !known || encodings.some((encoding) => !known.has(encoding))) throw new ResyncNeededError('no edit chain');
        const baseVersion = this.synced.get(id);
        tokens = await Promise.all(
          encodings.map((encoding) =>
            this.counter.countDocument({ id, version, baseVersion, edits, length: text.length }, undefined, encoding, limits.timeoutMs),
          ),
        );
        this.stats.incrementalUpdates++;
      } catch (error) {
        if (!(error instanceof ResyncNeededError)) throw error;
        tokens = await Promise.all(
          encodings.map((encoding) => this.counter.countDocument({ id, version, length: text.length }, text, encoding, limits.timeoutMs)),
        );
        this.stats.fullSyncs++;
      }
      this.synced.set(id, version);
      this.encodingsSynced.set(id, new Set(encodings));
      this.pending.set(
        id,
        (this.pending.get(id) ?? []).filter((batch) => batch.toVersion > version),
      );
      const [o200k, ...others] = tokens;
      return {
        outcome: { kind: 'counted', scope: 'document', tokens: o200k, encoding: 'o200k_base' },
        counts: countsOf(o200k, encodings.slice(1), others),
      };
    } catch (error) {
      this.forget(id);
      if (error instanceof CountTimeoutError) {
        return { outcome: { kind: 'timedOut', scope: 'document', timeoutMs: error.timeoutMs }, counts: undefined };
      }
      return {
        outcome: { kind: 'failed', scope: 'document', message: error instanceof Error ? error.message : String(error) },
        counts: undefined,
      };
    }
  }

  /** The recorded edits from the synced version up to `version`, or undefined when the chain has a gap. */
  private editsUpTo(id: string, version: number): TextEdit[] | undefined {
    let reached = this.synced.get(id);
    if (reached === undefined) return undefined;
    const edits: TextEdit[] = [];
    for (const batch of this.pending.get(id) ?? []) {
      if (reached === version) break;
      if (batch.toVersion <= reached) continue;
      if (batch.fromVersion !== reached) return undefined;
      edits.push(...batch.edits);
      reached = batch.toVersion;
    }
    return reached === version ? edits : undefined;
  }
}
