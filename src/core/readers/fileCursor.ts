// Incremental, streaming file access shared by the log readers.
//
// Append-only JSONL logs are read from the byte offset reached last time; only complete lines are
// consumed, so a line still being written is picked up on the next pass. Files rewritten whole
// (JSON) are re-read when their size or mtime changes. All state here is plain JSON so the caller
// can persist it between sessions. Nothing here ever holds a whole file in memory.
import { promises as fsp } from 'node:fs';
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

export { DEFAULT_MAX_LINE_BYTES, readLines, type LineReadOutcome } from '../files/lineReader';
export { DEFAULT_MAX_ITEM_BYTES, streamJsonItems, type JsonStreamOutcome } from './jsonStream';

export interface ListOptions {
  /** Folders (by name) not to walk into: `.git`, `node_modules`. */
  readonly skipFolder?: (name: string) => boolean;
  /** Stop once this many files are found: a walk of a repository, not of a disk. */
  readonly maxFiles?: number;
  /** Whether symbolic links (to files) are listed. Default true. */
  readonly symlinks?: boolean;
}

/**
 * Files under `root` (recursively, up to `maxDepth` folder levels) whose name matches; sorted.
 * A missing or unreadable root gives an empty list. Symbolic links to folders are not followed.
 */
export async function listFiles(
  root: string,
  match: (name: string) => boolean,
  maxDepth = 8,
  options: ListOptions = {},
): Promise<string[]> {
  const found: string[] = [];
  const { skipFolder, maxFiles = Infinity, symlinks = true } = options;
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= maxFiles) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth && !skipFolder?.(entry.name)) await walk(full, depth + 1);
      } else if ((entry.isFile() || (symlinks && entry.isSymbolicLink())) && match(entry.name)) {
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

/**
 * One file of a reader's pass: an unchanged file keeps its entry in `next`; a changed one gets the entry `read`
 * returns, or, when reading fails, keeps its earlier one (see `readGuarded`).
 */
export async function readIfChanged<F>(
  stats: ReadStats,
  file: string,
  next: Record<string, F>,
  prev: F | undefined,
  unchanged: boolean,
  read: () => Promise<F>,
): Promise<void> {
  if (prev !== undefined && unchanged) {
    next[file] = prev;
    return;
  }
  await readGuarded(
    stats,
    file,
    async () => {
      next[file] = await read();
    },
    () => {
      if (prev !== undefined) next[file] = prev;
    },
  );
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
