// Token counting without token ids: pre-tokenize with the encoding's own
// regex (ASCII text with a scanner that finds the same pieces faster, see
// asciiPieces.ts), then count each piece — from a bounded cache, as one token
// when the piece's bytes have a rank, or with the byte-pair merge otherwise.
// The count equals OpenAI's tokenizer's (tiktoken's `encode_ordinary`), on any
// runtime: special-token strings are ordinary text.
import { asciiScannerFor, type PieceScanner } from './asciiPieces';
import { countMergedTokens } from './bytePairMerge';
import { PieceMatcher } from './piecePatterns';
import { decodeRankTable, type RankTable, type TiktokenRankData } from './rankTable';

/** Distinct pieces kept in each of the cache's two generations. */
const CACHE_GENERATION_SIZE = 65_536;

/** Longer strings may be V8 slices that keep their whole source text alive. */
const SLICE_MIN_LENGTH = 13;

/** Slots of the table of recent short pieces in front of the cache (a power of two). */
const RECENT_SLOTS = 16_384;
/** Pieces up to this many UTF-16 code units go through that table. */
const RECENT_MAX_LENGTH = 12;

export class CountingEngine {
  private readonly ranks: Map<string, number>;
  private readonly maxTokenBytes: number;
  private readonly twoByteRanks: Int32Array | undefined;
  private readonly pieceMatcher: PieceMatcher;
  /** Finds pieces of ASCII text without the regex; undefined for a pattern it was not written for. */
  private readonly scanner: PieceScanner | undefined;
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  private scratch = Buffer.alloc(256);
  // The recent-pieces table: per slot a piece's code units, its length (0: empty slot) and its count.
  private readonly recentMask: number;
  private readonly recentChars: Uint16Array;
  private readonly recentLengths: Uint8Array;
  private readonly recentTokens: Int32Array;

  /** `recentSlots` (a power of two) is for tests: with a few slots, pieces keep replacing each other. */
  constructor(
    readonly patStr: string,
    table: RankTable,
    recentSlots = RECENT_SLOTS,
  ) {
    if (!(recentSlots > 0 && (recentSlots & (recentSlots - 1)) === 0)) throw new RangeError(`${recentSlots} slots: not a power of two.`);
    this.recentMask = recentSlots - 1;
    this.recentChars = new Uint16Array(recentSlots * RECENT_MAX_LENGTH);
    this.recentLengths = new Uint8Array(recentSlots);
    this.recentTokens = new Int32Array(recentSlots);
    this.ranks = table.ranks;
    this.maxTokenBytes = table.maxTokenBytes;
    this.twoByteRanks = table.twoByteRanks;
    this.pieceMatcher = new PieceMatcher(patStr);
    this.scanner = asciiScannerFor(patStr);
  }

  static fromRankData(data: TiktokenRankData): CountingEngine {
    return new CountingEngine(data.pat_str, decodeRankTable(data.bpe_ranks));
  }

  /** The number of tokens in `text`. */
  count(text: string): number {
    return this.countRange(text, 0, text.length);
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

  /**
   * Where the piece of `text` that starts at `at` (a piece boundary) ends:
   * from the ASCII scanner when it can tell, else from this engine's pattern
   * (its matcher sets each regex's position before it runs, so one serves
   * every caller).
   */
  pieceEnd(text: string, at: number): number {
    if (this.scanner !== undefined) {
      const end = this.scanner(text, at);
      if (end >= 0) return end;
    }
    const end = this.pieceMatcher.end(text, at);
    if (end < 0) throw new Error(`Pre-tokenization found no piece at offset ${at}.`);
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
    if (tokens === undefined) tokens = this.countUncached(piece);
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

  private countUncached(piece: string): number {
    const key = this.byteKey(piece);
    if (key.length <= 1 || this.ranks.has(key)) return key.length === 0 ? 0 : 1;
    return countMergedTokens(key, this.ranks, this.maxTokenBytes, this.twoByteRanks);
  }

  /** The piece's UTF-8 bytes as a latin1 string (lone surrogates become U+FFFD, as TextEncoder does). */
  private byteKey(piece: string): string {
    let ascii = true;
    for (let i = 0; i < piece.length; i++) {
      if (piece.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) return piece;
    const needed = piece.length * 3;
    if (needed > this.scratch.length) this.scratch = Buffer.alloc(Math.max(needed, this.scratch.length * 2));
    const length = this.scratch.write(piece, 0, 'utf8');
    return this.scratch.toString('latin1', 0, length);
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
