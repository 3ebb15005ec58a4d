// The byte-pair rank table, decoded from js-tiktoken's compressed rank data.
//
// js-tiktoken ships each encoding's ranks as lines of
//   `<label> <first rank> <base64 token> <base64 token> ...`
// where the tokens of a line take consecutive ranks from the first rank on.
// js-tiktoken's own constructor turns that into two maps holding a
// comma-separated string and a Uint8Array per token (about 150 MB for
// o200k_base). Counting needs only "bytes → rank", so this keeps a single Map
// keyed by the token's bytes as a latin1 string: one character per byte, which
// is also the JavaScript string itself for ASCII text.

/** js-tiktoken's rank module export (`js-tiktoken/ranks/<name>`). */
export interface TiktokenRankData {
  readonly pat_str: string;
  readonly special_tokens: Record<string, number>;
  readonly bpe_ranks: string;
}

export interface RankTable {
  /** Token bytes as a latin1 string → rank. */
  readonly ranks: Map<string, number>;
  /** Longest token in bytes; longer byte strings have no rank. */
  readonly maxTokenBytes: number;
  /**
   * The rank of every two-byte token, at `first * 256 + second` (-1: none). Every merge starts from the pairs of
   * single bytes, so most lookups are two bytes long: an array read instead of a substring and a Map lookup.
   */
  readonly twoByteRanks?: Int32Array;
}

/** The two-byte ranks of a rank map, as `RankTable.twoByteRanks` holds them. */
export function twoByteRanksOf(ranks: ReadonlyMap<string, number>): Int32Array {
  const pairs = new Int32Array(65_536).fill(-1);
  for (const [bytes, rank] of ranks) if (bytes.length === 2) pairs[bytes.charCodeAt(0) * 256 + bytes.charCodeAt(1)] = rank;
  return pairs;
}

const BASE64_VALUES = (() => {
  const values = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
})();

/**
 * Decodes base64 `text[start, end)` to bytes in `out` and returns how many.
 * Padding ends the token; no other character is accepted.
 */
function decodeBase64(text: string, start: number, end: number, out: Uint8Array): number {
  let written = 0;
  let bits = 0;
  let bitCount = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 61 /* = */) break;
    const value = code < 128 ? BASE64_VALUES[code] : -1;
    if (value < 0) throw new Error(`Invalid base64 in the rank data at ${i}.`);
    bits = (bits << 6) | value;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[written++] = (bits >> bitCount) & 0xff;
    }
  }
  return written;
}

/** `bytes[0, length)` as a latin1 string; without a Buffer per token. */
function latin1(bytes: Uint8Array, length: number): string {
  return String.fromCharCode.apply(null, bytes.subarray(0, length) as unknown as number[]);
}

/** Decodes js-tiktoken's `bpe_ranks` string into a byte-keyed rank map. */
export function decodeRankTable(bpeRanks: string): RankTable {
  // Later entries win, as in js-tiktoken (an object keyed by token, then a Map).
  const ranks = new Map<string, number>();
  const scratch = new Uint8Array(1024);
  let maxTokenBytes = 0;
  let lineStart = 0;
  while (lineStart < bpeRanks.length) {
    let lineEnd = bpeRanks.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = bpeRanks.length;
    if (lineEnd > lineStart) {
      const labelEnd = bpeRanks.indexOf(' ', lineStart);
      if (labelEnd < 0 || labelEnd > lineEnd) throw new Error('Malformed rank data line.');
      let fieldEnd = bpeRanks.indexOf(' ', labelEnd + 1);
      if (fieldEnd < 0 || fieldEnd > lineEnd) fieldEnd = lineEnd;
      let rank = Number.parseInt(bpeRanks.slice(labelEnd + 1, fieldEnd), 10);
      let tokenStart = fieldEnd + 1;
      while (tokenStart <= lineEnd) {
        let tokenEnd = bpeRanks.indexOf(' ', tokenStart);
        if (tokenEnd < 0 || tokenEnd > lineEnd) tokenEnd = lineEnd;
        if (tokenEnd > tokenStart) {
          const length = decodeBase64(bpeRanks, tokenStart, tokenEnd, scratch);
          if (length > maxTokenBytes) maxTokenBytes = length;
          ranks.set(latin1(scratch, length), rank);
        }
        rank++;
        tokenStart = tokenEnd + 1;
      }
    }
    lineStart = lineEnd + 1;
  }
  return { ranks, maxTokenBytes, twoByteRanks: twoByteRanksOf(ranks) };
}
