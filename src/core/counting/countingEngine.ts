// Token counting without token ids: pre-tokenize into pieces, then count each piece — from a bounded cache, or
// with the tokenization's own merge. What a piece is and how it is merged is the tokenization's (OpenAI's ranks in
// rankTokenization.ts, the published vocabularies in vocabularyTokenization.ts); the caches are shared.
import { RankTokenization } from './rankTokenization';
import type { RankTable, TiktokenRankData } from './rankTable';
import { decodeRankTable } from './rankTable';

/** How a tokenizer cuts text into pieces and counts a piece (the engine caches the counts). */
export interface Tokenization {
  /** The end of the piece of `text` that starts at `at` (a piece boundary). */
  pieceEnd(text: string, at: number): number;
  /** The number of tokens one piece becomes. */
  countPiece(piece: string): number;
  /**
   * How far past a piece's end the text can change that piece (besides a piece of white space, which looks to the
   * end of its run): the incremental count re-reads at least this much around an edit.
   */
  readonly lookahead: number;
  /** The text as the tokenizer reads it, for a tokenizer with a normalizer; counts are of that text. */
  normalize?(text: string): string;
}

/** Distinct pieces kept in each of the cache's two generations. */
const CACHE_GENERATION_SIZE = 65_536;

/** Longer strings may be V8 slices that keep their whole source text alive. */
const SLICE_MIN_LENGTH = 13;

/** Slots of the table of recent short pieces in front of the cache (a power of two). */
const RECENT_SLOTS = 16_384;
/** Pieces up to this many UTF-16 code units go through that table. */
const RECENT_MAX_LENGTH = 12;

export class CountingEngine {
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  // The recent-pieces table: per slot a piece's code units, its length (0: empty slot) and its count.
  private readonly recentMask: number;
  private readonly recentChars: Uint16Array;
  private readonly recentLengths: Uint8Array;
  private readonly recentTokens: Int32Array;

  /** `recentSlots` (a power of two) is for tests: with a few slots, pieces keep replacing each other. */
  constructor(
    readonly tokenization: Tokenization,
    recentSlots = RECENT_SLOTS,
  ) {
    if (!(recentSlots > 0 && (recentSlots & (recentSlots - 1)) === 0)) throw new RangeError(`${recentSlots} slots: not a power of two.`);
    this.recentMask = recentSlots - 1;
    this.recentChars = new Uint16Array(recentSlots * RECENT_MAX_LENGTH);
    this.recentLengths = new Uint8Array(recentSlots);
    this.recentTokens = new Int32Array(recentSlots);
  }

  /** An engine for a tiktoken encoding: its pattern and its ranks. */
  static fromPattern(patStr: string, table: RankTable, recentSlots = RECENT_SLOTS): CountingEngine {
    return new CountingEngine(new RankTokenization(patStr, table), recentSlots);
  }

  static fromRankData(data: TiktokenRankData): CountingEngine {
    return CountingEngine.fromPattern(data.pat_str, decodeRankTable(data.bpe_ranks));
  }

  /** How far past a piece's end an edit can change it (see `Tokenization.lookahead`). */
  get lookahead(): number {
    return this.tokenization.lookahead;
  }

  /** The number of tokens in `text`. */
  count(text: string): number {
    const read = this.tokenization.normalize ? this.tokenization.normalize(text) : text;
    return this.countRange(read, 0, read.length);
  }

  /** The number of tokens of the pieces of `text` from `start` (a piece boundary) to `end`. */
  countRange(text: string, start: number, end: number): number {
    let total = 0;
    let at = start;
    while (at < end) {
      const pieceEnd = this.pieceEnd(text, at);
      total += this.countPieceAt(text, at, pieceEnd);
      at = pieceEnd;
    }
    return total;
  }

  /** Calls `visit(end, tokens)` for each piece of `text`, in order, starting at `start`, while it returns true. */
  forEachPiece(text: string, start: number, visit: (end: number, tokens: number) => boolean): void {
    let at = start;
    while (at < text.length) {
      const pieceEnd = this.pieceEnd(text, at);
      if (!visit(pieceEnd, this.countPieceAt(text, at, pieceEnd))) return;
      at = pieceEnd;
    }
  }

  /** Where the piece of `text` that starts at `at` (a piece boundary) ends. */
  pieceEnd(text: string, at: number): number {
    const end = this.tokenization.pieceEnd(text, at);
    if (!(end > at)) throw new Error(`Pre-tokenization found no piece at offset ${at}.`);
    return end;
  }

  /**
   * The number of tokens of the piece `text[at, end)`. Slicing the piece and
   * looking it up in the cache's Maps take more time than finding it, so a
   * short piece is first looked for in a direct-mapped table of recent
   * pieces, by hashing and comparing its code units in place.
   */
  private countPieceAt(text: string, at: number, end: number): number {
    const length = end - at;
    if (length > RECENT_MAX_LENGTH) return this.countPiece(text.slice(at, end));
    let hash = length;
    for (let i = at; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const slot = (hash ^ (hash >>> 16)) & this.recentMask;
    const chars = this.recentChars;
    const base = slot * RECENT_MAX_LENGTH;
    if (this.recentLengths[slot] === length) {
      let i = 0;
      while (i < length && chars[base + i] === text.charCodeAt(at + i)) i++;
      if (i === length) return this.recentTokens[slot];
    }
    const tokens = this.countPiece(text.slice(at, end));
    for (let i = 0; i < length; i++) chars[base + i] = text.charCodeAt(at + i);
    this.recentLengths[slot] = length;
    this.recentTokens[slot] = tokens;
    return tokens;
  }

  /** The number of tokens one pre-tokenized piece becomes. */
  countPiece(piece: string): number {
    let tokens = this.young.get(piece);
    if (tokens !== undefined) return tokens;
    tokens = this.old.get(piece);
    if (tokens === undefined) tokens = this.tokenization.countPiece(piece);
    if (this.young.size >= CACHE_GENERATION_SIZE) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(piece.length >= SLICE_MIN_LENGTH ? copyString(piece) : piece, tokens);
    return tokens;
  }

  /** Empties the piece cache (for measurements of a first pass). */
  clearCache(): void {
    this.young = new Map();
    this.old = new Map();
    this.recentLengths.fill(0);
  }
}

/** A flat copy of a string, so a cached piece does not keep its document alive. */
function copyString(text: string): string {
  return isLatin1(text) ? Buffer.from(text, 'latin1').toString('latin1') : Buffer.from(text, 'utf16le').toString('utf16le');
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}
