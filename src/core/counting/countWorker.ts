// Worker-thread entry: owns the counting engines so tokenizing never runs on
// the extension host's event loop. Each engine is built on its first request.
import { parentPort } from 'node:worker_threads';
import type { CountingEngine } from './countingEngine';
import type { CountRequest, CountResponse } from './countingProtocol';
import { loadEngine, type EncodingName } from './encodings';

const engines = new Map<EncodingName, CountingEngine>();

function engineFor(name: EncodingName): CountingEngine {
  let engine = engines.get(name);
  if (!engine) {
    engine = loadEngine(name);
    engines.set(name, engine);
  }
  return engine;
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
    for (const text of texts) tokens += engine.count(text);
    response = { id: request.id, ok: true, tokens, millis: performance.now() - started };
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
