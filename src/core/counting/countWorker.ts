// Worker-thread entry: owns the counting engines so tokenizing never runs on
// the extension host's event loop. Each engine is built on its first request.
import { parentPort } from 'node:worker_threads';
import type { CountingEngine } from './countingEngine';
import type { CountRequest, CountResponse, DocumentRef } from './countingProtocol';
import { loadEngine, type EncodingName } from './encodings';
import { IncrementalCount } from './incrementalCount';

const engines = new Map<EncodingName, CountingEngine>();

function engineFor(name: EncodingName): CountingEngine {
  let engine = engines.get(name);
  if (!engine) {
    engine = loadEngine(name);
    engines.set(name, engine);
  }
  return engine;
}

/** Documents kept counted for incremental updates, by encoding and id; the least recently used go first. */
const documents = new Map<string, { version: number; count: IncrementalCount }>();
const MAX_DOCUMENTS = 16;

class ResyncNeeded extends Error {}

function countDocument(engine: CountingEngine, encoding: EncodingName, ref: DocumentRef, texts: readonly string[]): number {
  const key = `${encoding}:${ref.id}`;
  const kept = documents.get(key);
  documents.delete(key);
  let entry = kept;
  if (ref.edits) {
    if (!entry || entry.version !== ref.baseVersion) throw new ResyncNeeded(`document ${ref.id} is not at version ${ref.baseVersion}`);
    entry.count.applyEdits(ref.edits);
    entry.version = ref.version;
  } else {
    entry = { version: ref.version, count: new IncrementalCount(engine, texts.join('')) };
  }
  if (entry.count.documentLength !== ref.length) {
    throw new ResyncNeeded(`document ${ref.id} drifted (${entry.count.documentLength} ≠ ${ref.length})`);
  }
  documents.set(key, entry);
  if (documents.size > MAX_DOCUMENTS) documents.delete(documents.keys().next().value as string);
  return entry.count.tokens;
}

/** Texts of requests still arriving in parts, by request id. */
const partial = new Map<number, string[]>();

function gather(request: CountRequest): string[] {
  const earlier = partial.get(request.id);
  if (!earlier) return [...request.texts];
  partial.delete(request.id);
  const texts = request.texts;
  if (request.continuesText && texts.length > 0 && earlier.length > 0) {
    earlier[earlier.length - 1] += texts[0];
    for (let i = 1; i < texts.length; i++) earlier.push(texts[i]);
  } else {
    earlier.push(...texts);
  }
  return earlier;
}

parentPort?.on('message', (request: CountRequest) => {
  const texts = gather(request);
  if (request.more) {
    partial.set(request.id, texts);
    return;
  }
  let response: CountResponse;
  try {
    const started = performance.now();
    const engine = engineFor(request.encoding);
    let tokens = 0;
    if (request.document) tokens = countDocument(engine, request.encoding, request.document, texts);
    else for (const text of texts) tokens += engine.count(text);
    response = { id: request.id, ok: true, tokens, millis: performance.now() - started };
  } catch (error) {
    if (request.document) documents.delete(`${request.encoding}:${request.document.id}`);
    response = {
      id: request.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      resync: error instanceof ResyncNeeded,
    };
  }
  parentPort?.postMessage(response);
});
