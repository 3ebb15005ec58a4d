// Which documents are prompts: a prompt is priced with its context (the files it links to and the files the user
// added); any other document, or a selection, is priced alone. The rule is the `tokenwise.context.promptFiles`
// patterns, matched against the workspace-relative path (a pattern without a slash against the file name), plus
// untitled Markdown and plain-text documents, where prompts are drafted.
import picomatch from 'picomatch';

/** Prompt files by default: Markdown (prompt and instruction files included), plain text and `.prompt` files. */
export const DEFAULT_PROMPT_FILES: readonly string[] = ['*.md', '*.markdown', '*.mdx', '*.txt', '*.prompt'];

/** Languages of an untitled document that make it a prompt. */
const UNTITLED_PROMPT_LANGUAGES: ReadonlySet<string> = new Set(['markdown', 'plaintext', 'prompt', 'instructions', 'chatmode']);

export interface PromptDocument {
  /** Relative to its workspace folder when it is in one, else the file's path. */
  readonly path: string;
  readonly languageId?: string;
  readonly untitled?: boolean;
}

export type PromptFileMatcher = (document: PromptDocument) => boolean;

/** A matcher for the patterns (case-insensitive, dot files included); a pattern that cannot be compiled is skipped. */
export function promptFileMatcher(patterns: readonly string[] = DEFAULT_PROMPT_FILES): PromptFileMatcher {
  const tests: ((path: string) => boolean)[] = [];
  for (const pattern of patterns) {
    try {
      tests.push(picomatch(pattern, { basename: !pattern.includes('/'), nocase: true, dot: true }));
    } catch {
      // The settings accessor warns about the pattern; the others still apply.
    }
  }
  return (document) => {
    if (document.untitled) return UNTITLED_PROMPT_LANGUAGES.has(document.languageId ?? 'plaintext');
    const path = document.path.replace(/\\/g, '/');
    return tests.some((test) => test(path));
  };
}

/** Why a pattern is not usable, or undefined when it is. */
export function promptPatternIssue(pattern: string): string | undefined {
  if (pattern.trim() === '' || pattern.length > 200) return 'an empty pattern, or one over 200 characters';
  try {
    picomatch(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Why the context was not added to a count, in words; undefined when it was (or there was none to add). */
export type ContextLeftOut = 'selection' | 'not-a-prompt' | undefined;

export function describeContextLeftOut(reason: ContextLeftOut): string | undefined {
  if (reason === 'selection') return 'A selection is priced alone: its context files are not added.';
  if (reason === 'not-a-prompt') {
    return 'This file is not a prompt file, so it is priced alone; `tokenwise.context.promptFiles` says which files are.';
  }
  return undefined;
}
