// Token counting without token ids: pre-tokenize with the encoding's own
// regex, then count each piece — from a bounded cache, as one token when the
// piece's bytes have a rank, or with the byte-pair merge otherwise. The count
// equals js-tiktoken's `encode(text, [], []).length`: special-token strings are
// ordinary text.
import { countMergedTokens } from './bytePairMerge';
import { decodeRankTable, type RankTable, type TiktokenRankData } from './rankTable';

/** Distinct pieces kept in each of the cache's two generations. */
const CACHE_GENERATION_SIZE = 65_536;

/** Longer strings may be V8 slices that keep their whole source text alive. */
const SLICE_MIN_LENGTH = 13;

/**
 * Compiles the encoding's pre-tokenization pattern as js-tiktoken does (`ug`),
 * plus the sticky flag: the pattern matches every character, so its matches
 * tile the text and each starts where the previous one ended.
 */
export function compilePieceRegex(patStr: string): RegExp {
  return new RegExp(patStr, 'guy');
}

export class CountingEngine {
  private readonly ranks: Map<string, number>;
  private readonly maxTokenBytes: number;
  private readonly pieceRegex: RegExp;
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  private scratch = Buffer.alloc(256);

  constructor(
    readonly patStr: string,
    table: RankTable,
  ) {
    this.ranks = table.ranks;
    this.maxTokenBytes = table.maxTokenBytes;
    this.pieceRegex = compilePieceRegex(patStr);
  }

  static fromRankData(data: TiktokenRankData): CountingEngine {
    return new CountingEngine(data.pat_str, decodeRankTable(data.bpe_ranks));
  }

  /** A fresh regex for callers that iterate pieces themselves (it keeps state in lastIndex). */
  newPieceRegex(): RegExp {
    return compilePieceRegex(this.patStr);
  }

  /** The number of tokens in `text`. */
  count(text: string): number {
    return this.countRange(text, 0, text.length);
  }

  /** The number of tokens of the pieces of `text` from `start` (a piece boundary) to `end`. */
  countRange(text: string, start: number, end: number): number {
    const regex = this.pieceRegex;
    let total = 0;
    let at = start;
    while (at < end) {
      regex.lastIndex = at;
      if (!regex.test(text)) throw new Error(`Pre-tokenization found no piece at offset ${at}.`);
      const pieceEnd = regex.lastIndex;
      total += this.countPiece(text.slice(at, pieceEnd));
      at = pieceEnd;
    }
    return total;
  }

  /** Calls `visit(end, tokens)` for each piece of `text`, in order, starting at `start`, while it returns true. */
  forEachPiece(text: string, regex: RegExp, start: number, visit: (end: number, tokens: number) => boolean): void {
    let at = start;
    while (at < text.length) {
      regex.lastIndex = at;
      if (!regex.test(text)) throw new Error(`Pre-tokenization found no piece at offset ${at}.`);
      const pieceEnd = regex.lastIndex;
      if (!visit(pieceEnd, this.countPiece(text.slice(at, pieceEnd)))) return;
      at = pieceEnd;
    }
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
  }

  private countUncached(piece: string): number {
    const key = this.byteKey(piece);
    if (key.length <= 1 || this.ranks.has(key)) return key.length === 0 ? 0 : 1;
    return countMergedTokens(key, this.ranks, this.maxTokenBytes);
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
