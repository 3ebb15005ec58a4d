// The one streaming line reader: the log readers' append-only files and the ledger's go through it. It reads a byte
// range in chunks and never holds more than one line (at most `maxLineBytes`) besides the chunk being scanned.
import { open } from 'node:fs/promises';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

// Read buffers handed back after each pass and reused by the next: a scan of hundreds of files allocates one per
// concurrent reader, not one per file (each would stay allocated outside the JS heap until a collection frees it).
const spareBuffers: Buffer[] = [];
const MAX_SPARE_BUFFERS = 4;
const takeBuffer = (): Buffer => spareBuffers.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
const giveBack = (buffer: Buffer): void => {
  if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buffer);
};

export interface LineRange {
  /** Byte offset to start at: 0, or the end of a complete line read before. */
  readonly start: number;
  /** Lines before `start`, so line numbers continue. */
  readonly startLine: number;
  /** Where to stop (exclusive): the size seen when the pass began, so lines appended meanwhile wait for the next. */
  readonly end: number;
  readonly maxLineBytes?: number;
  /**
   * Also pass a last line that has no newline (a whole file read once, like the ledger's; it may be a torn write).
   * Without it such a line is left unconsumed for the next pass, as an agent may still be writing it.
   */
  readonly withUnterminatedTail?: boolean;
  /**
   * Looks at a line's bytes before it is decoded: false passes the line over unread (a reader that knows which lines
   * cannot hold what it wants spares decoding and parsing the rest). Not called for the unterminated tail.
   */
  readonly wanted?: (bytes: Buffer) => boolean;
}

export interface LineReadOutcome {
  /** Offset after the last complete line: the next pass starts here. */
  offset: number;
  line: number;
  /** Line numbers of lines longer than maxLineBytes, dropped unread. */
  oversized: number[];
}

/**
 * Calls `onLine` for every line in the range with its text (without CR/LF, and without a byte-order mark at the start
 * of the file), its 1-based number and whether it ended with a newline. Empty lines are passed over.
 */
export async function readLineRange(
  file: string,
  range: LineRange,
  onLine: (text: string, lineNo: number, terminated: boolean) => void,
): Promise<LineReadOutcome> {
  const { start, end } = range;
  const maxLineBytes = range.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const outcome: LineReadOutcome = { offset: start, line: range.startLine, oversized: [] };
  if (end <= start) return outcome;
  const emit = (bytes: Buffer, terminated: boolean) => {
    let text = bytes.toString('utf8');
    if (terminated && text.endsWith('\r')) text = text.slice(0, -1);
    if (outcome.offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim().length > 0) onLine(text, outcome.line, terminated);
  };
  // One buffer, reused for every chunk: reading hundreds of megabytes allocates nothing but the lines kept.
  const handle = await open(file, 'r');
  const buffer = takeBuffer();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversize = false;
  let chunkStart = start;
  try {
    while (chunkStart < end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, end - chunkStart), chunkStart);
      if (bytesRead === 0) break; // the file shrank meanwhile: what was read stands
      const chunk = buffer.subarray(0, bytesRead);
      let from = 0;
      for (let nl = chunk.indexOf(0x0a, from); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
        outcome.line++;
        if (oversize || pendingBytes + (nl - from) > maxLineBytes) outcome.oversized.push(outcome.line);
        else {
          const bytes = pendingBytes > 0 ? Buffer.concat([...pending, chunk.subarray(from, nl)]) : chunk.subarray(from, nl);
          if (!range.wanted || range.wanted(bytes)) emit(bytes, true);
        }
        pending = [];
        pendingBytes = 0;
        oversize = false;
        from = nl + 1;
        outcome.offset = chunkStart + from;
      }
      if (from < chunk.length && !oversize) {
        // The start of a line that goes on in the next chunk: copied, as the buffer is about to be reused.
        pending.push(Buffer.from(chunk.subarray(from)));
        pendingBytes += chunk.length - from;
        if (pendingBytes > maxLineBytes) {
          oversize = true;
          pending = [];
          pendingBytes = 0;
        }
      }
      chunkStart += bytesRead;
    }
  } finally {
    giveBack(buffer);
    await handle.close();
  }
  if (range.withUnterminatedTail && (pendingBytes > 0 || oversize)) {
    outcome.line++;
    if (oversize) outcome.oversized.push(outcome.line);
    else emit(Buffer.concat(pending, pendingBytes), false);
    outcome.offset = chunkStart;
  }
  return outcome;
}

/** The complete lines between `start` and `end`, as the incremental log readers read them. */
export function readLines(
  file: string,
  start: number,
  startLine: number,
  end: number,
  onLine: (text: string, lineNo: number) => void,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  wanted?: (bytes: Buffer) => boolean,
): Promise<LineReadOutcome> {
  return readLineRange(file, { start, startLine, end, maxLineBytes, wanted }, onLine);
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Whether a line's bytes start with `{` and end with `}` (around white space): it may be a whole JSON object. */
export function looksLikeObject(bytes: Buffer): boolean {
  let first = 0;
  while (first < bytes.length && bytes[first] <= 0x20) first++;
  let last = bytes.length - 1;
  while (last > first && bytes[last] <= 0x20) last--;
  return bytes[first] === OPEN_BRACE && bytes[last] === CLOSE_BRACE;
}
