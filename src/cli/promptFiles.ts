import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { decodePromptText, extractFileReferences, isPromptFile } from '../core';

/** A file given on the command line, or one a given prompt file links to. */
export interface PromptFile {
  readonly path: string;
  readonly text: string;
  readonly role: 'prompt' | 'context';
}

/** A problem the user can fix: reported with exit code 2 (with the usage text when it is about the arguments). */
export class UsageError extends Error {
  constructor(message: string, readonly aboutArguments = true) {
    super(message);
  }
}

const FILE_ERRORS: Readonly<Record<string, string>> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a folder' };

function readText(path: string): string {
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${path} is a folder; give the files in it instead.`, false);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`Cannot read ${path}: ${FILE_ERRORS[code] ?? (error as Error).message}.`, false);
  }
  const text = decodePromptText(bytes);
  if (text === undefined) throw new UsageError(`${path} is a binary file, not a prompt.`, false);
  return text;
}

/**
 * The files as a prompt: each given file, then the existing files that given
 * Markdown prompt files link to (as context), each once, as the editor counts them.
 */
export function readPromptFiles(paths: readonly string[], cwd = process.cwd()): PromptFile[] {
  const seen = new Set<string>();
  const files: PromptFile[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    files.push({ path: relative(cwd, absolute) || path, text: readText(absolute), role: 'prompt' });
  }
  for (const file of [...files]) {
    if (!isPromptFile(file.path)) continue;
    for (const reference of extractFileReferences(file.text)) {
      const absolute = resolve(dirname(resolve(cwd, file.path)), reference.path.replace(/^\//, `${cwd}/`));
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      try {
        if (!statSync(absolute).isFile()) continue;
      } catch {
        continue; // a dangling link is the prompt's problem, not a reason to stop
      }
      files.push({ path: relative(cwd, absolute), text: readText(absolute), role: 'context' });
    }
  }
  return files;
}
