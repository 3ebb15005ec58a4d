// Files a prompt pulls in: relative Markdown links and `#file:path` mentions.
// Pure text scanning; resolving against the file system is the caller's job.
import * as path from 'node:path';

/** A reference as written in the prompt, before resolution. */
export interface FileReference {
  /** The path as written, without a `#fragment` or `?query`, with `%20`-style escapes decoded. */
  readonly path: string;
  readonly syntax: 'markdown-link' | 'file-mention';
}

// [text](target "title"), ![alt](target) and [text](<target with spaces>).
const MARKDOWN_LINK = /!?\[[^\]\n]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+["'(][^)]*)?\)/g;
// #file:path, #file:"path with spaces" or #file:`path`.
const FILE_MENTION = /(?:^|[\s(])#file:(?:"([^"\n]+)"|`([^`\n]+)`|([^\s)\]]+))/g;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const FENCE = /^(?: {0,3})(```|~~~)/;

function cleanPath(raw: string): string | undefined {
  if (URL_SCHEME.test(raw) || raw.startsWith('#') || raw.startsWith('//')) return undefined;
  const withoutFragment = raw.replace(/[#?].*$/, '');
  if (!withoutFragment) return undefined;
  try {
    return decodeURIComponent(withoutFragment);
  } catch {
    return withoutFragment; // a stray '%' is part of the name
  }
}

/** Drops fenced code blocks, whose links are examples rather than references. */
function withoutCodeFences(markdown: string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const match = FENCE.exec(line);
      if (match && (!fence || match[1] === fence)) {
        fence = fence ? undefined : match[1];
        return '';
      }
      return fence ? '' : line;
    })
    .join('\n');
}

/** Every distinct file reference in `markdown`, in order of first appearance. */
export function extractFileReferences(markdown: string): FileReference[] {
  const text = withoutCodeFences(markdown);
  const found = new Map<string, FileReference>();
  const add = (raw: string | undefined, syntax: FileReference['syntax']) => {
    const path = raw === undefined ? undefined : cleanPath(raw.trim());
    if (path && !found.has(path)) found.set(path, { path, syntax });
  };
  for (const match of text.matchAll(MARKDOWN_LINK)) add(match[1] ?? match[2], 'markdown-link');
  for (const match of text.matchAll(FILE_MENTION)) {
    // A plain mention ends a sentence or list as often as not: `see #file:a.ts, then`.
    add(match[1] ?? match[2] ?? match[3]?.replace(/[.,;:!?]+$/, ''), 'file-mention');
  }
  return [...found.values()];
}

/**
 * The absolute paths a prompt file's links name, each once, in order: relative links against the prompt's folder,
 * `/path` against the workspace root (or the prompt's folder without one). The editor passes URI paths with
 * `path.posix`; the command line passes file paths. Whether each exists and lies inside the workspace is the caller's
 * to check, on its own file system.
 */
export function linkedPaths(promptPath: string, text: string, root: string | undefined, api: path.PlatformPath = path): LinkedPath[] {
  const folder = api.dirname(promptPath);
  const linked = new Map<string, LinkedPath>();
  for (const reference of extractFileReferences(text)) {
    const target = api.join(reference.path.startsWith('/') ? (root ?? folder) : folder, reference.path);
    if (!linked.has(target)) linked.set(target, { written: reference.path, path: target });
  }
  return [...linked.values()];
}

export interface LinkedPath {
  /** As the prompt wrote it. */
  readonly written: string;
  /** Resolved to an absolute path. */
  readonly path: string;
}
