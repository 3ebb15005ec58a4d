// The spend ledger: append-only JSON-lines files in one folder (the extension's global storage), one event a line.
//
// Concurrent writers. Every writer (one `Ledger` instance: in practice one VS Code window or one command-line run)
// appends to a file of its own, `events-<pid>-<random>.jsonl`, created exclusively on its first append. No two
// writers ever share a file, so their lines cannot interleave whatever the file system does. A single shared file
// opened with O_APPEND would be safe only on local POSIX file systems, where each write() lands whole at the end
// of the file; network and synced home folders (NFS, SMB) emulate O_APPEND and may interleave or overwrite, and a
// writer killed mid-line would leave its torn line in the middle of others' events. With a file per writer, a
// torn line can only be the tail of a file whose writer died (or failed to write, see `append`).
//
// Crashes. Each batch goes out as whole lines in one write() call per at most `MAX_WRITE_BYTES` (one call for the
// usual batch), followed by fsync unless turned off, so a kill at any moment loses at most the lines being written;
// the reader skips a torn last line and reports it, and every complete line before it stays readable.
//
// Reading streams every file chunk by chunk and never holds more than one line (at most `MAX_LINE_BYTES`) of a file
// in memory; events are de-duplicated by id, the copy with the most tokens wins (a log row grows as it is rewritten).
// Rotation and compaction are not done here.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readLineRange } from '../files/lineReader';
import { errorReason } from '../input/entryRules';
import { checkSpendEvent, moreComplete, serializeSpendEvent, type SpendEvent } from './spendEvent';

/** Lines longer than this are refused on append and skipped on read. */
export const MAX_LINE_BYTES = 256 * 1024;
/** Batches larger than this are written in several calls, each of whole lines. */
export const MAX_WRITE_BYTES = 64 * 1024;

const LEDGER_FILE = /^events-.+\.jsonl$/;

export interface LedgerOptions {
  /** Flush each batch to disk (fsync) before `append` returns, so it survives a system crash too. Default true. */
  readonly durable?: boolean;
}

/** A line the reader could not use. */
export interface SkippedLine {
  /** The file's full path. */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  readonly reason: string;
}

export interface LedgerContents {
  /** Every valid event once, oldest first (ties in reading order). */
  readonly events: SpendEvent[];
  /** Lines that were torn, malformed or not valid events. */
  readonly skipped: SkippedLine[];
  /** Valid events dropped because an event with the same id was read before. */
  readonly duplicates: number;
  /** The ledger files read, in reading order. */
  readonly files: string[];
}

export class Ledger {
  readonly folder: string;
  private readonly durable: boolean;
  private ownFile: string | undefined;
  /** The last write failed part-way: the next one must start on a fresh line. */
  private tornTail = false;

  constructor(folder: string, options: LedgerOptions = {}) {
    this.folder = folder;
    this.durable = options.durable ?? true;
  }

  /** This writer's file, once it has appended something. */
  get file(): string | undefined {
    return this.ownFile;
  }

  /**
   * Appends events to this writer's file, creating the folder and the file as needed. Every event is validated
   * first: an invalid one throws a TypeError and nothing of the batch is written. Write errors are thrown too.
   */
  append(events: Iterable<SpendEvent>): void {
    const lines: string[] = [];
    for (const event of events) {
      const checked = checkSpendEvent(event); // at once for an event the core built and checked already
      if (checked.error !== undefined) {
        throw new TypeError(`Not a valid spend event (${checked.error}): ${String((event as { id?: unknown })?.id)}`);
      }
      const line = serializeSpendEvent(checked.event) + '\n';
      if (Buffer.byteLength(line) > MAX_LINE_BYTES) throw new TypeError(`Spend event ${event.id} is too large for the ledger`);
      lines.push(line);
    }
    if (lines.length === 0) return;
    const file = this.ownFile ?? this.createFile();
    for (const chunk of chunks(lines, this.tornTail)) {
      this.tornTail = true;
      writeWhole(file, chunk, this.durable);
      this.tornTail = false;
    }
  }

  /**
   * Reads every ledger file in the folder. An absent folder is an empty ledger. Never throws for what is on disk: a
   * name that is not a regular file (a folder, a FIFO, a device), a file that cannot be read, or a ledger path that
   * is not a folder is skipped and listed with its reason, and the rest is read.
   */
  async read(): Promise<LedgerContents> {
    const events: SpendEvent[] = [];
    const skipped: SkippedLine[] = [];
    let files: string[];
    try {
      files = await ledgerFiles(this.folder);
    } catch (error) {
      skipped.push({ file: this.folder, line: 0, reason: `the ledger folder cannot be read (${errorReason(error)})` });
      return { events, skipped, duplicates: 0, files: [] };
    }
    const seen = new Map<string, number>();
    let duplicates = 0;
    const readable: string[] = [];
    for (const file of files) {
      const problem = await notRegularFile(file);
      if (problem) skipped.push({ file, line: 0, reason: problem });
      else readable.push(file);
    }
    for (const file of readable) {
      try {
        await readFile(file);
      } catch (error) {
        skipped.push({ file, line: 0, reason: `could not read the file (${errorReason(error)})` });
      }
    }
    const order = new Map(events.map((event, index) => [event, index]));
    const times = new Map(events.map((event) => [event, Date.parse(event.time)]));
    events.sort((a, b) => (times.get(a) as number) - (times.get(b) as number) || (order.get(a) as number) - (order.get(b) as number));
    return { events, skipped, duplicates, files: readable };

    async function readFile(file: string): Promise<void> {
      const { size } = await fs.promises.stat(file);
      const lines: SkippedLine[] = [];
      const outcome = await readLineRange(
        file,
        { start: 0, startLine: 0, end: size, maxLineBytes: MAX_LINE_BYTES, withUnterminatedTail: true },
        (text, number, terminated) => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            lines.push({ file, line: number, reason: terminated ? 'malformed JSON' : 'torn last line (incomplete write)' });
            return;
          }
          const checked = checkSpendEvent(json);
          if (checked.error !== undefined) {
            lines.push({ file, line: number, reason: `not a spend event: ${checked.error}` });
            return;
          }
          const { event } = checked;
          const earlier = seen.get(event.id);
          if (earlier !== undefined) {
            duplicates++;
            events[earlier] = moreComplete(events[earlier], event);
            return;
          }
          seen.set(event.id, events.length);
          events.push(event);
        },
      );
      for (const line of outcome.oversized) lines.push({ file, line, reason: `line longer than ${MAX_LINE_BYTES} bytes` });
      skipped.push(...lines.sort((a, b) => a.line - b.line));
    }
  }

  private createFile(): string {
    fs.mkdirSync(this.folder, { recursive: true });
    for (;;) {
      const file = path.join(this.folder, `events-${process.pid}-${randomBytes(6).toString('hex')}.jsonl`);
      try {
        // `wx`: created here and nowhere else, so the file is this writer's alone.
        fs.closeSync(fs.openSync(file, 'wx', 0o600));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      if (this.durable) syncFolder(this.folder);
      this.ownFile = file;
      return file;
    }
  }
}

/** Why a ledger file is not to be opened (reading a FIFO or a device would hang or never end), or undefined. */
async function notRegularFile(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.promises.stat(file);
    if (stat.isFile()) return undefined;
    return `not a regular file (${stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe' : 'a device or socket'})`;
  } catch (error) {
    return `could not read the file (${errorReason(error)})`;
  }
}

/** The ledger files in `folder`, by name. */
export async function ledgerFiles(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => LEDGER_FILE.test(name))
    .sort()
    .map((name) => path.join(folder, name));
}

/**
 * What identifies the ledger's contents: each file's name, size and modification time. Equal stamps mean a read
 * would find what the last one found, so a reader can skip it (a window's own append and its file watcher both ask).
 */
export async function ledgerStamp(folder: string): Promise<string> {
  let files: string[];
  try {
    files = await ledgerFiles(folder);
  } catch (error) {
    return `unreadable: ${errorReason(error)}`;
  }
  const parts = await Promise.all(
    files.map(async (file) => {
      try {
        const stat = await fs.promises.stat(file);
        return `${path.basename(file)}:${stat.size}:${stat.mtimeMs}`;
      } catch (error) {
        return `${path.basename(file)}:${errorReason(error)}`;
      }
    }),
  );
  return parts.join('|');
}

/** Whole lines grouped into writes of at most `MAX_WRITE_BYTES` (a single line may exceed it). */
function* chunks(lines: readonly string[], freshLine: boolean): Generator<Buffer> {
  let parts: string[] = freshLine ? ['\n'] : [];
  let size = parts.length;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line);
    if (size > 0 && size + bytes > MAX_WRITE_BYTES) {
      yield Buffer.from(parts.join(''));
      parts = [];
      size = 0;
    }
    parts.push(line);
    size += bytes;
  }
  if (parts.length) yield Buffer.from(parts.join(''));
}

/** Appends `data` with O_APPEND, looping only if the system writes it in part. */
function writeWhole(file: string, data: Buffer, durable: boolean): void {
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    let offset = 0;
    while (offset < data.length) offset += fs.writeSync(fd, data, offset, data.length - offset);
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a new file's directory entry durable; not possible everywhere (Windows), so best effort. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // The file's own fsync still holds its content.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
