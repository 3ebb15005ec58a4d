// OpenAI's tokenization (tiktoken's `encode_ordinary`): pieces from the encoding's own regex (ASCII text with a
// scanner that finds the same pieces faster, see asciiPieces.ts); a piece whose bytes have a rank is one token,
// any other goes through the byte-pair merge of the ranks. Special-token strings are ordinary text.
import { asciiScannerFor, type PieceScanner } from './asciiPieces';
import { countMergedTokens } from './bytePairMerge';
import type { Tokenization } from './countingEngine';
import { PieceMatcher } from './piecePatterns';
import type { RankTable } from './rankTable';

/** A contraction such as `'re` after a word looks three characters ahead; generous on purpose. */
const RANK_LOOKAHEAD = 8;

export class RankTokenization implements Tokenization {
  readonly lookahead = RANK_LOOKAHEAD;
  private readonly ranks: Map<string, number>;
  private readonly maxTokenBytes: number;
  private readonly twoByteRanks: Int32Array | undefined;
  private readonly pieceMatcher: PieceMatcher;
  /** Finds pieces of ASCII text without the regex; undefined for a pattern it was not written for. */
  private readonly scanner: PieceScanner | undefined;
  private scratch = Buffer.alloc(256);

  constructor(
    readonly patStr: string,
    table: RankTable,
  ) {
    this.ranks = table.ranks;
    this.maxTokenBytes = table.maxTokenBytes;
    this.twoByteRanks = table.twoByteRanks;
    this.pieceMatcher = new PieceMatcher(patStr);
    this.scanner = asciiScannerFor(patStr);
  }

  /**
   * From the ASCII scanner when it can tell, else from the pattern (its matcher sets each regex's position before it
   * runs, so one serves every caller).
   */
  pieceEnd(text: string, at: number): number {
    if (this.scanner !== undefined) {
      const end = this.scanner(text, at);
      if (end >= 0) return end;
    }
    return this.pieceMatcher.end(text, at);
  }

  countPiece(piece: string): number {
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
