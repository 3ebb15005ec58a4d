// The tokenization of a published Hugging Face tokenizer, as the reference (its Rust `tokenizers`) runs
// `encode(text, { addSpecialTokens: false })`: added tokens, the normalizer, the split patterns, then BPE by merge
// rules over the word's bytes (byte-level vocabularies: Llama 3, Qwen 3, DeepSeek V3) or its characters with a byte
// fallback (SentencePiece-style vocabularies: Gemma 3, whose only pre-tokenization is spaces made into `▁`).
import { AddedTokens } from './addedTokens';
import type { Tokenization } from './countingEngine';
import { MergeRules } from './mergeRules';
import { SplitChain } from './splitChain';

/** What the compact vocabulary file holds (written by scripts/generateVocabularies.mjs). */
export interface VocabularyHeader {
  readonly family: string;
  readonly normalizer: 'NFC' | 'spaceToMetaspace' | null;
  readonly splits: readonly string[];
  readonly byteLevel: boolean;
  readonly ignoreMerges: boolean;
  /** Each added token and whether the reference matches it after normalization (1) or before (0). */
  readonly added: readonly (readonly [string, number])[];
  readonly byteIds?: readonly number[];
  readonly wordTokens?: readonly (string | null)[];
  readonly byteFallbackIds?: readonly number[];
  /** Code point, id, code point, id… of the one-character tokens. */
  readonly charIds?: readonly number[];
  /** Code point pairs (flat) that occur inside some token. */
  readonly joinedPairs?: readonly number[];
}

export interface Vocabulary {
  readonly header: VocabularyHeader;
  readonly merges: Int32Array;
}

/** Reads a decompressed vocabulary file. */
export function parseVocabulary(file: Buffer): Vocabulary {
  if (file.toString('latin1', 0, 4) !== 'TWV1') throw new Error('Not a Tokenwise vocabulary file.');
  const headerLength = file.readUInt32LE(4);
  const header = JSON.parse(file.toString('utf8', 8, 8 + headerLength)) as VocabularyHeader;
  const start = Math.ceil((8 + headerLength) / 4) * 4;
  const merges = new Int32Array((file.length - start) / 4);
  for (let i = 0; i < merges.length; i++) merges[i] = file.readInt32LE(start + i * 4);
  return { header, merges };
}

/** Pieces can change with text this far past their end, beyond an added token's length. */
const SPLIT_LOOKAHEAD = 8;

/** The tokenization a vocabulary describes. */
export function vocabularyTokenization(vocabulary: Vocabulary): Tokenization {
  return vocabulary.header.byteLevel ? new ByteLevelTokenization(vocabulary) : new CharacterTokenization(vocabulary);
}

function addedLevels(header: VocabularyHeader): AddedTokens[] {
  const before = header.added.filter(([, normalized]) => normalized === 0).map(([content]) => content);
  const after = header.added.filter(([, normalized]) => normalized === 1).map(([content]) => content);
  return [before, after].filter((tokens) => tokens.length > 0).map((tokens) => new AddedTokens(tokens));
}

class ByteLevelTokenization implements Tokenization {
  readonly lookahead: number;
  private readonly chain: SplitChain;
  private readonly added: AddedTokens[];
  private readonly rules: MergeRules;
  private readonly byteIds: Int32Array;
  private readonly words: Set<string> | undefined;
  private scratch = Buffer.alloc(256);
  private ids = new Int32Array(256);
  readonly normalize: (text: string) => string;

  constructor({ header, merges }: Vocabulary) {
    this.added = addedLevels(header);
    this.chain = new SplitChain(this.added, header.splits);
    this.lookahead = Math.max(0, ...this.added.map((level) => level.longest)) + SPLIT_LOOKAHEAD;
    this.rules = new MergeRules(merges);
    this.byteIds = Int32Array.from(header.byteIds ?? []);
    if (this.byteIds.length !== 256) throw new Error(`${header.family}: the vocabulary has no byte alphabet.`);
    this.words = header.ignoreMerges ? new Set((header.wordTokens ?? []).filter((token) => token !== null)) : undefined;
    this.normalize = header.normalizer === 'NFC' ? (text) => toNfc(wellFormed(text)) : wellFormed;
  }

  pieceEnd(text: string, at: number): number {
    return this.chain.pieceEnd(text, at);
  }

  countPiece(piece: string): number {
    if (this.added.some((level) => level.has(piece))) return 1;
    if (piece.length * 3 > this.scratch.length) this.scratch = Buffer.alloc(piece.length * 3 * 2);
    const length = this.scratch.write(piece, 0, 'utf8');
    if (length <= 1) return length;
    // A whole word in the vocabulary is one token, whatever the merges would make of it (Llama 3).
    if (this.words?.has(this.scratch.toString('latin1', 0, length))) return 1;
    if (length > this.ids.length) this.ids = new Int32Array(length * 2);
    for (let i = 0; i < length; i++) this.ids[i] = this.byteIds[this.scratch[i]];
    return this.rules.countTokens(this.ids, length);
  }
}

/**
 * The text with each lone surrogate made U+FFFD, as the reference receives it (its strings are UTF-8): a lone
 * surrogate would otherwise fall in another character class.
 */
export function wellFormed(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return text.replace(/\p{Cs}/gu, '\uFFFD');
  }
  return text;
}

/** NFC, skipping text that has nothing NFC could change (no character from U+0300 on). */
function toNfc(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x300) return text.normalize('NFC');
  return text;
}

const METASPACE = 0x2581;

class CharacterTokenization implements Tokenization {
  readonly lookahead: number;
  readonly normalize = wellFormed;
  private readonly added: AddedTokens;
  private readonly rules: MergeRules;
  private readonly charIds = new Map<number, number>();
  private readonly bmpIds = new Int32Array(0x10000).fill(-1);
  private readonly byteFallbackIds: Int32Array;
  private readonly joined: PairSet;
  private ids = new Int32Array(256);
  private readonly bytes = Buffer.alloc(4);

  constructor({ header, merges }: Vocabulary) {
    const levels = addedLevels(header);
    if (levels.length > 1 || header.normalizer !== 'spaceToMetaspace' || header.splits.length > 0) {
      throw new Error(`${header.family}: a character-level vocabulary Tokenwise does not read.`);
    }
    this.added = levels[0] ?? new AddedTokens([]);
    this.lookahead = this.added.longest + SPLIT_LOOKAHEAD;
    this.rules = new MergeRules(merges);
    const charIds = header.charIds ?? [];
    for (let i = 0; i < charIds.length; i += 2) {
      if (charIds[i] < 0x10000) this.bmpIds[charIds[i]] = charIds[i + 1];
      else this.charIds.set(charIds[i], charIds[i + 1]);
    }
    this.byteFallbackIds = Int32Array.from(header.byteFallbackIds ?? []);
    this.joined = new PairSet(header.joinedPairs ?? []);
  }

  /**
   * The whole text between added tokens is one word for the reference. It is cut where two neighbouring characters
   * never occur together inside a token: no merge can join across such a place, so the word's pieces merge alone.
   */
  pieceEnd(text: string, at: number): number {
    const match = this.added.next(text, at, text.length);
    if (match.start === at && match.length > 0) return at + match.length;
    const limit = match.start;
    let previous = metaspaced(text.codePointAt(at) ?? 0);
    let position = at + units(previous);
    while (position < limit) {
      const current = metaspaced(text.codePointAt(position) ?? 0);
      if (!this.joined.has(previous, current)) return position;
      previous = current;
      position += units(current);
    }
    return Math.min(position, limit);
  }

  countPiece(piece: string): number {
    if (this.added.has(piece)) return 1;
    let length = 0;
    for (let i = 0; i < piece.length; i++) {
      const code = metaspaced(piece.codePointAt(i) ?? 0);
      if (code > 0xffff) i++;
      if (length + 4 > this.ids.length) {
        const grown = new Int32Array(this.ids.length * 2);
        grown.set(this.ids);
        this.ids = grown;
      }
      const id = code < 0x10000 ? this.bmpIds[code] : (this.charIds.get(code) ?? -1);
      if (id >= 0) {
        this.ids[length++] = id;
        continue;
      }
      // A character the vocabulary lacks is its UTF-8 bytes, each a byte token (a lone surrogate is U+FFFD).
      const size = this.bytes.write(String.fromCodePoint(code), 0, 'utf8');
      for (let b = 0; b < size; b++) this.ids[length++] = this.byteFallbackIds[this.bytes[b]];
    }
    return this.rules.countTokens(this.ids, length);
  }
}

/** The symbol a code point is to the vocabulary: a space is `▁`, a lone surrogate U+FFFD. */
function metaspaced(code: number): number {
  if (code === 0x20) return METASPACE;
  return code >= 0xd800 && code <= 0xdfff ? 0xfffd : code;
}

function units(code: number): number {
  return code > 0xffff ? 2 : 1;
}

/** A set of code point pairs, open addressing over two Int32Arrays. */
class PairSet {
  private readonly firsts: Int32Array;
  private readonly seconds: Int32Array;
  private readonly mask: number;

  constructor(flat: readonly number[]) {
    let size = 16;
    while (size < flat.length) size *= 2; // two slots per pair
    this.firsts = new Int32Array(size).fill(-1);
    this.seconds = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < flat.length; i += 2) {
      let slot = this.slotOf(flat[i], flat[i + 1]);
      while (this.firsts[slot] !== -1 && !(this.firsts[slot] === flat[i] && this.seconds[slot] === flat[i + 1])) {
        slot = (slot + 1) & this.mask;
      }
      this.firsts[slot] = flat[i];
      this.seconds[slot] = flat[i + 1];
    }
  }

  has(first: number, second: number): boolean {
    let slot = this.slotOf(first, second);
    for (;;) {
      const held = this.firsts[slot];
      if (held === -1) return false;
      if (held === first && this.seconds[slot] === second) return true;
      slot = (slot + 1) & this.mask;
    }
  }

  private slotOf(first: number, second: number): number {
    const h = Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x632be5ab, 0x85ebca6b);
    return (h ^ (h >>> 15)) & this.mask;
  }
}
