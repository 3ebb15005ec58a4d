// Worker-thread entry: owns the encoders so tokenizing never runs on the
// extension host's event loop.
import { parentPort } from 'node:worker_threads';
import type { Tiktoken } from 'js-tiktoken/lite';
import type { CountRequest, CountResponse } from './countingProtocol';
import { countWith, loadEncoder, type EncodingName } from './encodings';

const encoders = new Map<EncodingName, Tiktoken>();

function encoderFor(name: EncodingName): Tiktoken {
  let encoder = encoders.get(name);
  if (!encoder) {
    encoder = loadEncoder(name);
    encoders.set(name, encoder);
  }
  return encoder;
}

parentPort?.on('message', (request: CountRequest) => {
  let response: CountResponse;
  try {
    const started = performance.now();
    const encoder = encoderFor(request.encoding);
    let tokens = 0;
    for (const text of request.texts) tokens += countWith(encoder, text);
    response = { id: request.id, ok: true, tokens, millis: performance.now() - started };
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
