// Incremental, streaming file access shared by the log readers.
//
// Append-only JSONL logs are read from the byte offset reached last time; only complete lines are
// consumed, so a line still being written is picked up on the next pass. Files rewritten whole
// (JSON) are re-read when their size or mtime changes. All state here is plain JSON so the caller
// can persist it between sessions. Nothing here ever holds a whole file in memory.
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { errorReason, skip, type ReadStats } from './usageRow';

/** What identifies a version of a file on disk. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  /** Inode (file index on Windows); 0 when unknown. */
  ino: number;
  /** Creation time; 0 when the file system does not report it. */
  birthtimeMs: number;
}

/** Progress through an append-only file. */
export interface JsonlCursor extends FileStamp {
  /** Bytes consumed: always the end of a complete line. */
  offset: number;
  /** Complete lines consumed, for line numbers in skip reports. */
  line: number;
}

export async function stampOf(file: string): Promise<FileStamp | undefined> {
  try {
    const st = await fsp.stat(file);
    if (!st.isFile()) return undefined;
    return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino || 0, birthtimeMs: st.birthtimeMs || 0 };
  } catch {
    return undefined;
  }
}

/** False when the inode or creation time shows that the path now names another file. */
export function sameIdentity(a: FileStamp, b: FileStamp): boolean {
  if (a.ino && b.ino && a.ino !== b.ino) return false;
  if (a.birthtimeMs && b.birthtimeMs && a.birthtimeMs !== b.birthtimeMs) return false;
  return true;
}

export interface ResumePoint {
  offset: number;
  line: number;
  /** True when reading starts over from 0 (new, shrunk, replaced or rotated file). */
  reset: boolean;
  /** True when nothing was added since the cursor: the file need not be opened. */
  unchanged: boolean;
}

/** Where to continue reading an append-only file. */
export function resumePoint(prev: JsonlCursor | undefined, now: FileStamp): ResumePoint {
  if (!prev || !sameIdentity(prev, now) || now.size < prev.size || now.size < prev.offset) {
    return { offset: 0, line: 0, reset: true, unchanged: now.size === 0 };
  }
  const unchanged = now.size === prev.size && now.mtimeMs === prev.mtimeMs;
  return { offset: prev.offset, line: prev.line, reset: false, unchanged };
}

/** Whether a file rewritten whole must be read again. */
export function wholeFileChanged(prev: FileStamp | undefined, now: FileStamp): boolean {
  return !prev || prev.size !== now.size || prev.mtimeMs !== now.mtimeMs || !sameIdentity(prev, now);
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

export interface LineReadOutcome {
  /** Offset after the last complete line: the next pass starts here. */
  offset: number;
  line: number;
  /** Line numbers of lines longer than maxLineBytes, dropped unread. */
  oversized: number[];
}

/**
 * Calls `onLine` for every complete line between `start` and `end` (exclusive; the size seen when
 * the pass began), streaming in chunks. A trailing line without its newline is left unconsumed.
 * Empty lines are passed over. `onLine` gets the text (without CR/LF) and its 1-based line number.
 */
export async function readLines(
  file: string,
  start: number,
  startLine: number,
  end: number,
  onLine: (text: string, lineNo: number) => void,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): Promise<LineReadOutcome> {
  const outcome: LineReadOutcome = { offset: start, line: startLine, oversized: [] };
  if (end <= start) return outcome;
  const stream = createReadStream(file, { start, end: end - 1, highWaterMark: CHUNK_BYTES });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversize = false;
  let chunkStart = start;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) break;
      outcome.line++;
      if (oversize || pendingBytes + (nl - from) > maxLineBytes) {
        outcome.oversized.push(outcome.line);
      } else {
        const bytes = pendingBytes > 0 ? Buffer.concat([...pending, chunk.subarray(from, nl)]) : chunk.subarray(from, nl);
        let text = bytes.toString('utf8');
        if (text.endsWith('\r')) text = text.slice(0, -1);
        if (outcome.offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (text.trim().length > 0) onLine(text, outcome.line);
      }
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
  return outcome;
}

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
  let cap: { depth: number; kind: 'container' | 'string' | 'scalar'; parts: Buffer[]; bytes: number; tooBig: boolean; member: boolean } | undefined;
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
      if (cap && cap.kind === 'scalar' && (b === 0x2c || b === 0x5d || b === 0x7d || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
        finishCapture(chunk, i);
      }
      switch (b) {
        case 0x20: case 0x0a: case 0x0d: case 0x09:
          break;
        case 0xef: case 0xbb: case 0xbf:
          if (started && !cap) broken = true; // a byte-order mark is only allowed before the document
          break;
        case 0x22: {
          inString = true;
          if (!started) { broken = true; break; }
          if (stack.length === 1 && stack[0] === 0x7b && expectKey && !cap) {
            keyParts = [];
            capFrom = i + 1;
            break;
          }
          const what = capturing();
          if (what) startCapture('string', i, what === 'member');
          break;
        }
        case 0x7b: case 0x5b: {
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
        case 0x7d: case 0x5d: {
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
          if (!started) { broken = true; break; }
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

/**
 * Files under `root` (recursively, up to `maxDepth` folder levels) whose name matches; sorted.
 * A missing or unreadable root gives an empty list. Symbolic links to folders are not followed.
 */
export async function listFiles(root: string, match: (name: string) => boolean, maxDepth = 8): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth) await walk(full, depth + 1);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && match(entry.name)) {
        found.push(full);
      }
    }
  };
  await walk(root, 0);
  return found.sort();
}

/**
 * Reads one file with `read`. A file that fails (no permission, gone mid-read, an I/O error) is skipped and counted
 * with its reason, and `keepPrevious` puts its earlier cursor back, so it is tried again next pass and the other files
 * and sources are still read.
 */
export async function readGuarded(stats: ReadStats, file: string, read: () => Promise<void>, keepPrevious: () => void): Promise<void> {
  try {
    await read();
  } catch (error) {
    skip(stats, `could not read the file (${errorReason(error)})`, file);
    keepPrevious();
  }
}

/** Environment variables as the readers see them (process.env or a test's own map). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Path functions of the given platform, so default locations can be computed for any OS. */
export function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The list without repeats, in order. */
export function uniqueRoots(roots: string[]): string[] {
  return [...new Set(roots)];
}

/** The files `find` lists under each existing root, each once, in the order found. */
export async function filesUnderRoots(roots: string[], find: (root: string) => Promise<string[]>): Promise<string[]> {
  const files = new Set<string>();
  for (const root of await existingRoots(roots)) for (const file of await find(root)) files.add(file);
  return [...files];
}

/** Existing roots resolved through symbolic links, without repeats (two names for one folder read once). */
export async function existingRoots(roots: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const root of roots) {
    let real: string;
    try {
      real = await fsp.realpath(root);
    } catch {
      continue; // a root that does not exist holds no logs
    }
    if (!seen.has(real)) {
      seen.add(real);
      result.push(real);
    }
  }
  return result;
}
