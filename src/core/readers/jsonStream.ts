// A streaming reader of JSON arrays, for the agents' files that are rewritten whole (Cline's task files, Gemini's
// chats): it hands over one item at a time and never holds the document.
import { createReadStream } from 'node:fs';

const CHUNK_BYTES = 256 * 1024;

export const DEFAULT_MAX_ITEM_BYTES = 64 * 1024 * 1024;

export interface JsonStreamOutcome {
  /** False when the document ended early (a file caught mid-rewrite) or was not JSON. */
  complete: boolean;
  /** Items that could not be parsed or were too large, by index. */
  bad: { index: number; reason: string }[];
}

/**
 * Streams the items of a JSON array without holding the document: the top-level array when
 * `arrayKey` is undefined, otherwise the array under that key of a top-level object, whose other
 * members are passed to `onMember` (each parsed on its own, up to maxItemBytes).
 */
export async function streamJsonItems(
  file: string,
  options: { arrayKey?: string; maxItemBytes?: number },
  onItem: (value: unknown, index: number) => void,
  onMember?: (key: string, value: unknown) => void,
): Promise<JsonStreamOutcome> {
  const maxItemBytes = options.maxItemBytes ?? DEFAULT_MAX_ITEM_BYTES;
  const outcome: JsonStreamOutcome = { complete: false, bad: [] };
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  let inString = false;
  let escape = false;
  let started = false;
  let finished = false;
  let broken = false;
  let index = 0;
  // top-level object bookkeeping
  let expectKey = false;
  let key: string | undefined;
  let keyParts: Buffer[] | undefined;
  let streamingDepth = 0; // depth of the array whose items are emitted
  // current capture
  let cap:
    | { depth: number; kind: 'container' | 'string' | 'scalar'; parts: Buffer[]; bytes: number; tooBig: boolean; member: boolean }
    | undefined;
  let capFrom = 0;

  const finishCapture = (chunk: Buffer, endExclusive: number) => {
    const c = cap!;
    cap = undefined;
    if (!c.tooBig) c.parts.push(chunk.subarray(capFrom, endExclusive));
    const size = c.bytes + (endExclusive - capFrom);
    if (c.member) {
      const k = key;
      key = undefined;
      if (c.tooBig || size > maxItemBytes || !onMember || k === undefined) return;
      try {
        onMember(k, JSON.parse(Buffer.concat(c.parts).toString('utf8')));
      } catch {
        // an unreadable side member is not an item: ignore it
      }
      return;
    }
    const i = index++;
    if (c.tooBig || size > maxItemBytes) {
      outcome.bad.push({ index: i, reason: 'item too large' });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.concat(c.parts).toString('utf8'));
    } catch {
      outcome.bad.push({ index: i, reason: 'malformed JSON item' });
      return;
    }
    onItem(value, i);
  };
  const startCapture = (kind: 'container' | 'string' | 'scalar', at: number, member: boolean) => {
    cap = { depth: stack.length, kind, parts: [], bytes: 0, tooBig: false, member };
    capFrom = at;
  };
  /** Whether a value starting here is an item (or a top-level member) to capture. */
  const capturing = (): 'item' | 'member' | undefined => {
    if (cap) return undefined;
    if (streamingDepth > 0 && stack.length === streamingDepth) return 'item';
    if (stack.length === 1 && stack[0] === 0x7b && !expectKey) return 'member';
    return undefined;
  };

  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (finished || broken) continue;
    capFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (inString) {
        if (escape) escape = false;
        else if (b === 0x5c) escape = true;
        else if (b === 0x22) {
          inString = false;
          if (keyParts) {
            keyParts.push(chunk.subarray(capFrom, i));
            try {
              key = JSON.parse('"' + Buffer.concat(keyParts).toString('utf8') + '"') as string;
            } catch {
              key = undefined;
            }
            keyParts = undefined;
          } else if (cap && cap.kind === 'string' && stack.length === cap.depth) {
            finishCapture(chunk, i + 1);
          }
        }
        continue;
      }
      if (
        cap &&
        cap.kind === 'scalar' &&
        (b === 0x2c || b === 0x5d || b === 0x7d || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)
      ) {
        finishCapture(chunk, i);
      }
      switch (b) {
        case 0x20:
        case 0x0a:
        case 0x0d:
        case 0x09:
          break;
        case 0xef:
        case 0xbb:
        case 0xbf:
          if (started && !cap) broken = true; // a byte-order mark is only allowed before the document
          break;
        case 0x22: {
          inString = true;
          if (!started) {
            broken = true;
            break;
          }
          if (stack.length === 1 && stack[0] === 0x7b && expectKey && !cap) {
            keyParts = [];
            capFrom = i + 1;
            break;
          }
          const what = capturing();
          if (what) startCapture('string', i, what === 'member');
          break;
        }
        case 0x7b:
        case 0x5b: {
          if (!started) {
            started = true;
            stack.push(b);
            if (b === 0x5b && options.arrayKey === undefined) streamingDepth = 1;
            else if (b === 0x7b && options.arrayKey !== undefined) expectKey = true;
            else broken = true;
            break;
          }
          const what = capturing();
          if (what === 'member' && b === 0x5b && key === options.arrayKey) {
            stack.push(b);
            streamingDepth = 2;
            key = undefined;
            break;
          }
          if (what) startCapture('container', i, what === 'member');
          stack.push(b);
          break;
        }
        case 0x7d:
        case 0x5d: {
          stack.pop();
          if (streamingDepth > 0 && stack.length < streamingDepth) streamingDepth = 0;
          if (cap && cap.kind === 'container' && stack.length === cap.depth) finishCapture(chunk, i + 1);
          if (stack.length === 0) finished = true;
          break;
        }
        case 0x2c:
          if (stack.length === 1 && stack[0] === 0x7b) expectKey = true;
          break;
        case 0x3a:
          if (stack.length === 1 && stack[0] === 0x7b) expectKey = false;
          break;
        default: {
          if (!started) {
            broken = true;
            break;
          }
          const what = capturing();
          if (what) startCapture('scalar', i, what === 'member');
        }
      }
      if (finished || broken) break;
    }
    if (keyParts) keyParts.push(chunk.subarray(capFrom));
    if (cap) {
      const tail = chunk.length - capFrom;
      cap.bytes += tail;
      if (cap.tooBig || cap.bytes > maxItemBytes) {
        cap.tooBig = true;
        cap.parts = [];
      } else {
        cap.parts.push(chunk.subarray(capFrom));
      }
    }
  }
  stream.destroy();
  outcome.complete = finished && !broken;
  return outcome;
}
