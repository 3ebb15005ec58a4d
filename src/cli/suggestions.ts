// "Did you mean …" for a command or model the command line does not know: names that contain what was typed, else
// the ones a few edits away (fastest-levenshtein's edit distance).
import { distance } from 'fastest-levenshtein';
import { newestFirst, type PriceCatalog } from '../core';

/** Up to `limit` of `candidates` close to `typed`: containing it first, then within a few edits, nearest first. */
export function closest(typed: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = typed.trim().toLowerCase();
  if (!wanted) return [];
  const containing = candidates.filter((name) => name.toLowerCase().includes(wanted));
  if (containing.length) return containing.slice(0, limit);
  const tolerance = Math.max(1, Math.min(3, Math.floor(wanted.length / 3)));
  return candidates
    .map((name) => ({ name, edits: distance(wanted, name.toLowerCase()) }))
    .filter((entry) => entry.edits <= tolerance)
    .sort((a, b) => a.edits - b.edits || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}

/** ` Did you mean a, b or c?`, or nothing. */
export function didYouMean(names: readonly string[]): string {
  if (names.length === 0) return '';
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return ` Did you mean ${list}?`;
}

/** Catalog models a mistyped name may have meant: current models that answer prompts, newest first. */
export function modelSuggestions(catalog: PriceCatalog, typed: string): string[] {
  return closest(
    typed,
    catalog
      .models({ answering: true })
      .sort(newestFirst)
      .map((model) => model.id),
  );
}
