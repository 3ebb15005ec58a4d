import { Worker } from 'node:worker_threads';
import type { CountRequest, CountResponse, DocumentRef } from './countingProtocol';
import type { EncodingName } from './encodings';

/** Counting took longer than allowed; the worker was stopped so it cannot pile up work. */
export class CountTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Counting took longer than ${timeoutMs} ms and was stopped.`);
    this.name = 'CountTimeoutError';
  }
}

/** The worker no longer has the document at the version an edit starts from: send it whole. */
export class ResyncNeededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResyncNeededError';
  }
}

/** Characters per message when a large request is sent in parts. */
const PART_CHARS = 256 * 1024;

interface Pending {
  resolve(tokens: number): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Counts tokens in a worker thread. The worker (and with it the encoder) is
 * started on the first request, not before, and reused; a request that runs
 * past its time limit terminates it, and the next request starts a fresh one.
 */
export class WorkerTokenCounter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(private readonly workerScript: string) {}

  /** True once a worker has been started; lets tests prove activation loaded no encoder. */
  get started(): boolean {
    return this.worker !== undefined;
  }

  count(texts: readonly string[], encoding: EncodingName, timeoutMs: number): Promise<number> {
    return this.request(texts, encoding, timeoutMs, undefined);
  }

  /**
   * Counts a document the worker keeps between calls: `text` replaces its copy,
   * `edits` update the copy it has at `baseVersion` (rejecting with
   * ResyncNeededError when it has none, e.g. after a restart).
   */
  countDocument(document: DocumentRef, text: string | undefined, encoding: EncodingName, timeoutMs: number): Promise<number> {
    return this.request(text === undefined ? [] : [text], encoding, timeoutMs, document);
  }

  private request(texts: readonly string[], encoding: EncodingName, timeoutMs: number, document: DocumentRef | undefined): Promise<number> {
    if (this.disposed) return Promise.reject(new Error('The token counter has been disposed.'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => this.failAll(new CountTimeoutError(timeoutMs)), timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send(worker, id, encoding, texts, document);
    });
  }

  /**
   * Posts the request, in parts of at most PART_CHARS characters with a turn
   * of the event loop between them when it is large: copying 20 MB into one
   * message would block the host for a few hundred milliseconds.
   */
  private send(worker: Worker, id: number, encoding: EncodingName, texts: readonly string[], document: DocumentRef | undefined): void {
    let size = 0;
    for (const text of texts) size += text.length;
    if (size <= PART_CHARS) {
      const request: CountRequest = { id, encoding, texts, document };
      worker.postMessage(request);
      return;
    }
    let textIndex = 0;
    let offset = 0;
    const sendPart = (): void => {
      if (this.worker !== worker || !this.pending.has(id)) return; // timed out or disposed meanwhile
      const part: string[] = [];
      const continuesText = offset > 0;
      let budget = PART_CHARS;
      while (textIndex < texts.length && budget > 0) {
        const text = texts[textIndex];
        const take = Math.min(budget, text.length - offset);
        part.push(offset === 0 && take === text.length ? text : text.slice(offset, offset + take));
        budget -= take;
        offset += take;
        if (offset >= text.length) {
          textIndex++;
          offset = 0;
        }
      }
      const more = textIndex < texts.length;
      const request: CountRequest = { id, encoding, texts: part, more, continuesText, document };
      worker.postMessage(request);
      if (more) setImmediate(sendPart);
    };
    sendPart();
  }

  dispose(): void {
    this.disposed = true;
    this.failAll(new Error('The token counter has been disposed.'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.unref(); // never keep a command-line process alive
    worker.on('message', (response: CountResponse) => this.settle(response));
    worker.on('error', (error) => this.failAll(new Error(`The counting worker failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.failAll(new Error(`The counting worker stopped unexpectedly (exit code ${code}).`));
      }
    });
    this.worker = worker;
    return worker;
  }

  private settle(response: CountResponse): void {
    const entry = this.pending.get(response.id);
    if (!entry) return;
    this.pending.delete(response.id);
    clearTimeout(entry.timer);
    if (response.ok) entry.resolve(response.tokens);
    else entry.reject(response.resync ? new ResyncNeededError(response.error) : new Error(response.error));
  }

  /** Rejects every request in flight and stops the worker (they share its queue). */
  private failAll(error: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    this.pending.clear();
  }
}
