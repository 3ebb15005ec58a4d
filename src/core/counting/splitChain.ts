// Pre-tokenization as a Hugging Face tokenizer runs it: added tokens first (those matched before normalization,
// then those matched after it), then each split pattern in turn within the pieces of the one before. A split keeps
// both its matches and the text between them as pieces. Each pattern only sees its own stretch of text, as the
// reference hands it a separate string: a look-ahead or a greedy run stops at the stretch's end.
import type { AddedTokens } from './addedTokens';
import { PieceMatcher } from './piecePatterns';

/** One split pattern, read through the sticky regexes of a piece matcher. */
class SplitLevel {
  private readonly matcher: PieceMatcher;
  private readonly search: RegExp;
  // The stretch last cut out of a text, so a stretch is copied once however many pieces it has.
  private stretchOf: string | undefined;
  private stretchStart = 0;
  private stretchEnd = 0;
  private stretch = '';
  // The last stretch of text found to hold no match, from where it was searched to the next match.
  private gapOf: string | undefined;
  private gapFrom = 0;
  private gapEnd = 0;

  constructor(readonly pattern: string) {
    this.matcher = new PieceMatcher(pattern);
    this.search = new RegExp(this.matcher.sources.join('|'), 'gu');
  }

  /** The end of the piece that starts at `at` within the stretch `text[…, limit)`. */
  pieceEnd(text: string, at: number, limit: number): number {
    if (limit === text.length) return this.endIn(text, at);
    if (text !== this.stretchOf || at < this.stretchStart || limit !== this.stretchEnd) {
      this.stretchOf = text;
      this.stretchStart = at;
      this.stretchEnd = limit;
      this.stretch = text.slice(at, limit);
    }
    return this.stretchStart + this.endIn(this.stretch, at - this.stretchStart);
  }

  private endIn(text: string, at: number): number {
    if (text === this.gapOf && at >= this.gapFrom && at < this.gapEnd) return this.gapEnd;
    const end = this.matcher.end(text, at);
    if (end > at) return end;
    // No match here: the text up to the next match is a piece of its own.
    this.search.lastIndex = at;
    const found = this.search.exec(text);
    this.gapOf = text;
    this.gapFrom = at;
    this.gapEnd = found === null ? text.length : found.index;
    return this.gapEnd;
  }
}

export class SplitChain {
  private readonly levels: SplitLevel[];

  constructor(
    readonly addedLevels: readonly AddedTokens[],
    patterns: readonly string[],
  ) {
    this.levels = patterns.map((pattern) => new SplitLevel(pattern));
  }

  /** The end of the piece that starts at `at` (a piece boundary). */
  pieceEnd(text: string, at: number): number {
    let limit = text.length;
    for (const added of this.addedLevels) {
      const match = added.next(text, at, limit);
      if (match.start === at && match.length > 0) return at + match.length;
      limit = match.start;
    }
    for (const level of this.levels) limit = level.pieceEnd(text, at, limit);
    return limit;
  }
}
