// The one streaming line reader: the log readers' append-only files and the ledger's go through it. It reads a byte
// range in chunks and never holds more than one line (at most `maxLineBytes`) besides the chunk being scanned.
import { createReadStream } from 'node:fs';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

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
  const stream = createReadStream(file, { start, end: end - 1, highWaterMark: CHUNK_BYTES });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversize = false;
  let chunkStart = start;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(0x0a, from); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
        outcome.line++;
        if (oversize || pendingBytes + (nl - from) > maxLineBytes) outcome.oversized.push(outcome.line);
        else emit(pendingBytes > 0 ? Buffer.concat([...pending, chunk.subarray(from, nl)]) : chunk.subarray(from, nl), true);
        pending = [];
        pendingBytes = 0;
        oversize = false;
        from = nl + 1;
        outcome.offset = chunkStart + from;
      }
      if (from < chunk.length && !oversize) {
        pending.push(chunk.subarray(from));
        pendingBytes += chunk.length - from;
        if (pendingBytes > maxLineBytes) {
          oversize = true;
          pending = [];
          pendingBytes = 0;
        }
      }
      chunkStart += chunk.length;
    }
  } finally {
    stream.destroy();
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
): Promise<LineReadOutcome> {
  return readLineRange(file, { start, startLine, end, maxLineBytes }, onLine);
}
