// The one way Tokenwise keeps a JSON file (the readers' cursors, the team config's cached copy): written whole to a
// temporary file of its own, flushed, then renamed over the old one, so a crash or a second window writing at the
// same moment never leaves half a file, and no two writers share a temporary file.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `value` as JSON to `file`, atomically. Throws what the file system throws; the temporary file is removed. */
export function writeJsonAtomic(file: string, value: unknown, options: { readonly pretty?: boolean } = {}): void {
  const text = options.pretty ? `${JSON.stringify(value, null, 2)}\n` : JSON.stringify(value);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * The parsed content of a JSON file Tokenwise wrote, or undefined when there is none, it cannot be read, or it is not
 * JSON (a first run, a file from another version): the caller checks the shape and starts over from nothing.
 */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
