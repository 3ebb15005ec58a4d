import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { decodePromptText, errorReason, formatBytes, insideFolders, linkedPaths, OUTSIDE_WORKSPACE, promptFileMatcher } from '../core';

/** A file given on the command line, or one a given prompt file links to. */
export interface PromptFile {
  readonly path: string;
  readonly text: string;
  readonly role: 'prompt' | 'context';
}

/** A linked file that was not read, and why. */
export interface NotCounted {
  readonly path: string;
  readonly reason: string;
}

export interface PromptFiles {
  readonly files: PromptFile[];
  readonly notCounted: NotCounted[];
}

/** A problem the user can fix: reported with exit code 2 (with the usage text when it is about the arguments). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly aboutArguments = true,
  ) {
    super(message);
  }
}

export interface ReadLimits {
  /** Files larger than this are refused, as the editor refuses them (`tokenwise.counting.maxDocumentSizeKB`). */
  readonly maxBytes: number;
}

const FILE_ERRORS: Readonly<Record<string, string>> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a folder' };

function kindOf(stat: { isFIFO(): boolean; isSocket(): boolean }): string {
  return stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device';
}

/**
 * A prompt file's text. Only regular files are opened, without blocking (a named pipe would wait for a writer
 * forever, a device never end), and never more than the size limit is read.
 */
function readText(path: string, limits: ReadLimits): string {
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`${path} is a folder; give the files in it instead.`, false);
    if (!stat.isFile()) throw new UsageError(`${path} is not a regular file (${kindOf(stat)}).`, false);
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const size = fstatSync(fd).size;
      if (size > limits.maxBytes) {
        throw new UsageError(
          `${path} is ${formatBytes(size)}, over the ${formatBytes(limits.maxBytes)} limit; raise it with --max-size-kb.`,
          false,
        );
      }
      bytes = Buffer.alloc(size);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, bytes, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
      bytes = bytes.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`Cannot read ${path}: ${FILE_ERRORS[code] ?? errorReason(error)}.`, false);
  }
  const text = decodePromptText(bytes);
  if (text === undefined) throw new UsageError(`${path} is a binary file, not a prompt.`, false);
  return text;
}

/**
 * The files as a prompt: each given file, then the existing files that given prompt files (Markdown, text) link to (as
 * context), each once, as the editor counts them. Links are followed only inside `cwd` (the workspace), on real
 * paths; the others are listed as not counted.
 */
export async function readPromptFiles(paths: readonly string[], limits: ReadLimits, cwd = process.cwd()): Promise<PromptFiles> {
  const seen = new Set<string>();
  const files: PromptFile[] = [];
  const notCounted: NotCounted[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    files.push({ path: relative(cwd, absolute) || path, text: readText(absolute, limits), role: 'prompt' });
  }
  // The editor's rule with its default patterns: only prompt files bring their links along as context.
  const isPrompt = promptFileMatcher();
  for (const file of [...files]) {
    if (!isPrompt({ path: file.path })) continue;
    for (const { written, path: absolute } of linkedPaths(resolve(cwd, file.path), file.text, cwd)) {
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      try {
        if (!statSync(absolute).isFile()) continue;
      } catch {
        continue; // a dangling link is the prompt's problem, not a reason to stop
      }
      if (!(await insideFolders(absolute, [cwd]))) {
        notCounted.push({ path: written, reason: OUTSIDE_WORKSPACE });
        continue;
      }
      files.push({ path: relative(cwd, absolute), text: readText(absolute, limits), role: 'context' });
    }
  }
  return { files, notCounted };
}
