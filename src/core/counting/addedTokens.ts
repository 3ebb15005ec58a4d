// The added tokens of a Hugging Face tokenizer (chat markers, tool-call tags, runs of new lines…): found in the text
// before anything else, leftmost first and the longest at a position, each one token; the text between them is
// tokenized as usual. The reference matches them whether or not they are special, so a prompt that contains
// `<|im_start|>` counts it as one token.

/** Where the next added token is in a stretch of text: its start (the stretch's end when there is none) and length. */
export interface AddedTokenMatch {
  readonly start: number;
  readonly length: number;
}

export class AddedTokens {
  /** Tokens by their first two code units, longest first. */
  private readonly byPrefix = new Map<number, string[]>();
  /** Code units that start some token (BMP: the first code unit). */
  private readonly starts = new Uint8Array(0x10000);
  readonly longest: number;
  private readonly singles = new Set<number>();
  // The last answer, reused while the same text is read forward through the same stretch.
  private cachedText: string | undefined;
  private cachedLimit = -1;
  private cachedFrom = -1;
  private cachedMatch: AddedTokenMatch = { start: 0, length: 0 };

  constructor(readonly tokens: readonly string[]) {
    let longest = 0;
    for (const token of tokens) {
      if (token.length === 0) continue;
      longest = Math.max(longest, token.length);
      this.starts[token.charCodeAt(0)] = 1;
      if (token.length === 1) {
        this.singles.add(token.charCodeAt(0));
        continue;
      }
      const key = token.charCodeAt(0) * 0x10000 + token.charCodeAt(1);
      const list = this.byPrefix.get(key) ?? [];
      list.push(token);
      this.byPrefix.set(key, list);
    }
    for (const list of this.byPrefix.values()) list.sort((a, b) => b.length - a.length);
    this.longest = longest;
  }

  /** True when `piece` is one of the tokens. */
  has(piece: string): boolean {
    if (piece.length === 1) return this.singles.has(piece.charCodeAt(0));
    if (piece.length < 2) return false;
    return this.byPrefix.get(piece.charCodeAt(0) * 0x10000 + piece.charCodeAt(1))?.includes(piece) ?? false;
  }

  /** The first token that lies wholly in `text[from, limit)`, found as the reference's leftmost-longest scan does. */
  next(text: string, from: number, limit: number): AddedTokenMatch {
    if (text === this.cachedText && limit === this.cachedLimit && from >= this.cachedFrom && from <= this.cachedMatch.start) {
      return this.cachedMatch;
    }
    let match: AddedTokenMatch = { start: limit, length: 0 };
    for (let at = from; at < limit; at++) {
      if (this.starts[text.charCodeAt(at)] === 0) continue;
      const length = this.longestAt(text, at, limit);
      if (length > 0) {
        match = { start: at, length };
        break;
      }
    }
    this.cachedText = text;
    this.cachedLimit = limit;
    this.cachedFrom = from;
    this.cachedMatch = match;
    return match;
  }

  private longestAt(text: string, at: number, limit: number): number {
    if (at + 1 < limit) {
      const candidates = this.byPrefix.get(text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1));
      if (candidates) {
        for (const token of candidates) if (at + token.length <= limit && text.startsWith(token, at)) return token.length;
      }
    }
    return this.singles.has(text.charCodeAt(at)) ? 1 : 0;
  }
}
