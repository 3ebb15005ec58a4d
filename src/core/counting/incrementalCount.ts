// A document's token count kept up to date edit by edit.
//
// The document is held as its pre-tokenized pieces (length and token count of
// each), in chunks that also hold their own slice of the text, so an edit
// never copies the whole document. An edit re-tokenizes only from a piece
// boundary shortly before it until the new pieces line up again with old ones
// after it; from there on the text is unchanged and the pattern has no
// look-behind, so the remaining pieces are exactly what a full count gives.
import type { CountingEngine } from './countingEngine';

/** Pieces per chunk when chunks are built; a rebuilt run longer than twice this is split. */
const CHUNK_PIECES = 512;

/** Characters of unchanged text first read after an edit; grows as needed. */
const INITIAL_WINDOW_TAIL = 512;

interface Chunk {
  text: string;
  lengths: number[];
  tokens: number[];
  tokenSum: number;
}

/** One edit: replace `deleteCount` characters at `offset` with `insert`. */
export interface TextEdit {
  readonly offset: number;
  readonly deleteCount: number;
  readonly insert: string;
}

const WHITE_SPACE = /\s/;

/** `\s` as the pre-tokenization patterns understand it (all white space is in the BMP). */
function isWhiteSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 128) return false;
  return WHITE_SPACE.test(String.fromCharCode(code));
}

function lastNonWhiteSpace(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && isWhiteSpace(text.charCodeAt(i))) i--;
  return i;
}

export class IncrementalCount {
  private chunks: Chunk[] = [];
  private total = 0;
  private length: number;
  /**
   * The document has held a character its tokenizer's normalizer might change (NFC, a lone surrogate): the pieces
   * are of the text as typed, so the count is checked against the normalized text and taken whole when they differ.
   */
  private mayNormalize = false;

  constructor(
    private readonly engine: CountingEngine,
    text: string,
  ) {
    this.length = text.length;
    this.noteNormalizable(text);
    const lengths: number[] = [];
    const tokens: number[] = [];
    let at = 0;
    engine.forEachPiece(text, 0, (end, count) => {
      lengths.push(end - at);
      tokens.push(count);
      at = end;
      return true;
    });
    this.chunks = toChunks(text, lengths, tokens);
    for (const chunk of this.chunks) this.total += chunk.tokenSum;
  }

  /** The document's token count. */
  get tokens(): number {
    if (this.mayNormalize) {
      const text = this.documentText;
      if (this.engine.tokenization.normalize?.(text) !== text) return this.engine.count(text);
    }
    return this.total;
  }

  private noteNormalizable(text: string): void {
    if (this.mayNormalize || this.engine.tokenization.normalize === undefined) return;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) >= 0x300) {
        this.mayNormalize = true;
        return;
      }
    }
  }

  /** The document's current text (built from the chunks: O(length)). */
  get documentText(): string {
    return this.chunks.map((chunk) => chunk.text).join('');
  }

  get documentLength(): number {
    return this.length;
  }

  /** The lengths of the document's pieces, in order (for tests: they must equal a fresh pre-tokenization). */
  pieceLengths(): number[] {
    const lengths: number[] = [];
    for (const chunk of this.chunks) lengths.push(...chunk.lengths);
    return lengths;
  }

  /** Applies edits one after the other (each offset refers to the text left by the previous one). */
  applyEdits(edits: readonly TextEdit[]): number {
    for (const edit of edits) this.applyEdit(edit.offset, edit.deleteCount, edit.insert);
    return this.tokens;
  }

  /** Replaces `deleteCount` characters at `offset` with `insert` and returns the new count. */
  applyEdit(offset: number, deleteCount: number, insert: string): number {
    const oldLength = this.length;
    if (!(
      Number.isInteger(offset) &&
      Number.isInteger(deleteCount) &&
      offset >= 0 &&
      deleteCount >= 0 &&
      offset + deleteCount <= oldLength
    )) {
      throw new RangeError(`Edit ${offset}+${deleteCount} is outside the document (${oldLength} characters).`);
    }
    if (deleteCount === 0 && insert.length === 0) return this.tokens;
    this.noteNormalizable(insert);
    const editEnd = offset + deleteCount; // old coordinates
    const delta = insert.length - deleteCount;
    const tailStart = offset + insert.length; // first unchanged character, new coordinates

    // Restart from the piece holding the last non-white-space character at
    // least the engine's look-ahead before the edit. No earlier piece looked at the
    // edited text: a word or symbol piece looks a few characters ahead, a
    // white-space piece to the end of its run, which that character ends.
    const anchor = this.lastNonWhiteSpaceBefore(offset - this.engine.lookahead);
    const cursor = anchor < 0 ? { chunk: 0, index: 0, start: 0, chunkStart: 0 } : this.locate(anchor);
    const restart = cursor.start;

    // The new text from the restart on, read in a window that grows until the
    // pieces realign (or the document ends).
    const head = this.slice(restart, offset) + insert;
    let tailEnd = Math.min(oldLength, editEnd + INITIAL_WINDOW_TAIL);
    let window = head + this.slice(editEnd, tailEnd);
    let lastSolid = lastNonWhiteSpace(window);

    const newLengths: number[] = [];
    const newTokens: number[] = [];
    let oldChunk = cursor.chunk;
    let oldIndex = cursor.index; // first old piece not yet passed
    let oldChunkStart = cursor.chunkStart;
    let oldBoundary = restart; // end of the old pieces passed so far, old coordinates
    let removedTokens = 0;
    let at = 0; // window offset of the next piece
    for (;;) {
      const windowIsEnd = tailEnd === oldLength;
      if (windowIsEnd && at === window.length) {
        // The document ends here: every remaining old piece is replaced.
        while (oldChunk < this.chunks.length) {
          const chunk = this.chunks[oldChunk];
          for (; oldIndex < chunk.lengths.length; oldIndex++) removedTokens += chunk.tokens[oldIndex];
          oldChunkStart += chunk.text.length;
          oldChunk++;
          oldIndex = 0;
        }
        break;
      }
      const end = this.engine.pieceEnd(window, at);
      if (!windowIsEnd && (end + this.engine.lookahead > window.length || lastSolid < at)) {
        // The piece may depend on text past the window: read more.
        tailEnd = Math.min(oldLength, tailEnd + Math.max(INITIAL_WINDOW_TAIL, 2 * (tailEnd - editEnd)));
        window = head + this.slice(editEnd, tailEnd);
        lastSolid = lastNonWhiteSpace(window);
        continue;
      }
      newLengths.push(end - at);
      newTokens.push(this.engine.countPiece(window.slice(at, end)));
      at = end;
      const endInNew = restart + end;
      if (endInNew < tailStart) continue;
      const endInOld = endInNew - delta;
      while (oldBoundary < endInOld && oldChunk < this.chunks.length) {
        const chunk = this.chunks[oldChunk];
        if (oldIndex >= chunk.lengths.length) {
          oldChunkStart += chunk.text.length;
          oldChunk++;
          oldIndex = 0;
          continue;
        }
        oldBoundary += chunk.lengths[oldIndex];
        removedTokens += chunk.tokens[oldIndex];
        oldIndex++;
      }
      if (oldBoundary === endInOld) break; // aligned: the rest is unchanged
    }

    this.splice(cursor, oldChunk, oldIndex, oldBoundary - oldChunkStart, window.slice(0, at), newLengths, newTokens);
    let addedTokens = 0;
    for (const count of newTokens) addedTokens += count;
    this.total += addedTokens - removedTokens;
    this.length += delta;
    return this.tokens;
  }

  /** Index of the last non-white-space character before `limit`, or -1. */
  private lastNonWhiteSpaceBefore(limit: number): number {
    if (limit <= 0) return -1;
    let position = limit - 1;
    const { chunk, chunkStart } = this.locate(position);
    for (let c = chunk; c >= 0; c--) {
      const text = this.chunks[c].text;
      const start = c === chunk ? chunkStart : chunkStart - this.textBefore(chunk, c);
      for (let i = position - start; i >= 0; i--) {
        if (!isWhiteSpace(text.charCodeAt(i))) return start + i;
      }
      position = start - 1;
    }
    return -1;
  }

  /** Characters in chunks [from, to). */
  private textBefore(to: number, from: number): number {
    let length = 0;
    for (let c = from; c < to; c++) length += this.chunks[c].text.length;
    return length;
  }

  /** The old text [from, to), read from the chunks. */
  private slice(from: number, to: number): string {
    if (to <= from) return '';
    let result = '';
    let start = 0;
    for (const chunk of this.chunks) {
      const end = start + chunk.text.length;
      if (end > from) {
        result += chunk.text.slice(Math.max(0, from - start), Math.min(chunk.text.length, to - start));
        if (end >= to) break;
      }
      start = end;
    }
    return result;
  }

  /** The piece containing character `position` (which must be inside the text). */
  private locate(position: number): { chunk: number; index: number; start: number; chunkStart: number } {
    let start = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      if (position >= start + chunk.text.length) {
        start += chunk.text.length;
        continue;
      }
      const chunkStart = start;
      const lengths = chunk.lengths;
      for (let i = 0; i < lengths.length; i++) {
        if (position < start + lengths[i]) return { chunk: c, index: i, start, chunkStart };
        start += lengths[i];
      }
    }
    throw new RangeError(`Position ${position} is outside the document.`);
  }

  /**
   * Replaces the pieces from `from` up to but excluding piece `toIndex` of
   * chunk `toChunk` (which starts `toOffset` characters into that chunk) with
   * new pieces spanning `text`, rebuilding only the chunks touched.
   */
  private splice(
    from: { chunk: number; index: number; start: number; chunkStart: number },
    toChunk: number,
    toIndex: number,
    toOffset: number,
    text: string,
    lengths: number[],
    tokens: number[],
  ): void {
    const chunks = this.chunks;
    let joinedText = '';
    const joinedLengths: number[] = [];
    const joinedTokens: number[] = [];
    if (from.chunk < chunks.length) {
      const first = chunks[from.chunk];
      joinedText = first.text.slice(0, from.start - from.chunkStart);
      for (let i = 0; i < from.index; i++) {
        joinedLengths.push(first.lengths[i]);
        joinedTokens.push(first.tokens[i]);
      }
    }
    joinedText += text;
    for (let i = 0; i < lengths.length; i++) {
      joinedLengths.push(lengths[i]);
      joinedTokens.push(tokens[i]);
    }
    if (toChunk < chunks.length) {
      const last = chunks[toChunk];
      joinedText += last.text.slice(toOffset);
      for (let i = toIndex; i < last.lengths.length; i++) {
        joinedLengths.push(last.lengths[i]);
        joinedTokens.push(last.tokens[i]);
      }
    }
    const lastTouched = Math.min(toChunk, chunks.length - 1);
    const removeCount = from.chunk < chunks.length ? lastTouched - from.chunk + 1 : 0;
    chunks.splice(from.chunk, removeCount, ...toChunks(joinedText, joinedLengths, joinedTokens));
  }
}

function toChunks(text: string, lengths: number[], tokens: number[]): Chunk[] {
  if (lengths.length === 0) return [];
  if (lengths.length <= 2 * CHUNK_PIECES) return [makeChunk(text, lengths, tokens)];
  const chunks: Chunk[] = [];
  let start = 0;
  for (let i = 0; i < lengths.length; i += CHUNK_PIECES) {
    const chunkLengths = lengths.slice(i, i + CHUNK_PIECES);
    let length = 0;
    for (const pieceLength of chunkLengths) length += pieceLength;
    chunks.push(makeChunk(text.slice(start, start + length), chunkLengths, tokens.slice(i, i + CHUNK_PIECES)));
    start += length;
  }
  return chunks;
}

function makeChunk(text: string, lengths: number[], tokens: number[]): Chunk {
  let tokenSum = 0;
  for (let i = 0; i < tokens.length; i++) tokenSum += tokens[i];
  return { text, lengths, tokens, tokenSum };
}
