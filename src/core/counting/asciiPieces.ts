// Pre-tokenization of ASCII text without the regex.
//
// The encoding's pattern tries its alternatives in order and backtracks: on
// indented code and prose it takes about 190 ns per piece, most of a warm
// count. For the two patterns Tokenwise knows, a scanner finds the same piece
// end with a table lookup per character (about 35 ns per piece there). It
// decides only from ASCII characters: as soon as the pattern would look at a
// non-ASCII one (in the piece or just after it: the end of a word, a
// contraction, the `(?!\S)` look-ahead) it answers FALLBACK and the regex
// decides that piece. Each scanner follows its pattern's alternatives in
// order, with the backtracking worked out for ASCII (see each branch).

/** Finds the end of the piece that starts at `at` (a piece boundary, `at < text.length`), or FALLBACK. */
export type PieceScanner = (text: string, at: number) => number;

/** "Let the regex decide this piece." */
export const FALLBACK = -1;

// Classes of ASCII characters in the patterns' terms.
/** `[^\s\p{L}\p{N}]`: punctuation, symbols and control characters. */
const OTHER = 0;
/** `\p{Lu}`: in ASCII, the whole of `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` less the lower-case class. */
const UPPER = 1;
/** `\p{Ll}`: in ASCII, the whole of `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`. */
const LOWER = 2;
/** `\p{N}`. */
const DIGIT = 3;
/** `\s` other than `\r` and `\n`: space, `\t`, `\v`, `\f`. */
const SPACE = 4;
/** `\r` or `\n`. */
const NEWLINE = 5;
/** Any character from U+0080 on: the scanner does not classify it. */
const NON_ASCII = 6;
/** Past the end of the text. */
const END = 7;

/** The class of each ASCII code unit, computed with the same Unicode properties the patterns use. */
const ASCII_CLASS = (() => {
  const classes = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    const char = String.fromCharCode(code);
    if (char === '\r' || char === '\n') classes[code] = NEWLINE;
    else if (/\s/u.test(char)) classes[code] = SPACE;
    else if (/\p{Lu}/u.test(char)) classes[code] = UPPER;
    else if (/\p{Ll}/u.test(char)) classes[code] = LOWER;
    else if (/\p{N}/u.test(char)) classes[code] = DIGIT;
    else if (/\p{L}/u.test(char)) throw new Error(`Unexpected ASCII letter class for ${code}.`);
    else classes[code] = OTHER;
  }
  return classes;
})();

const APOSTROPHE = 39;
const SPACE_CHAR = 32;

function classAt(text: string, i: number): number {
  if (i >= text.length) return END;
  const code = text.charCodeAt(i);
  return code < 128 ? ASCII_CLASS[code] : NON_ASCII;
}

/**
 * Where the optional contraction `'s|'t|'re|'ve|'m|'ll|'d` (either case, each
 * letter on its own) that may start at `i` ends: `i` when there is none.
 */
function contractionEnd(text: string, i: number): number {
  if (i + 1 >= text.length || text.charCodeAt(i) !== APOSTROPHE) return i;
  const first = text.charCodeAt(i + 1);
  if (first >= 128) return FALLBACK;
  const lower = first | 0x20; // ASCII letters only: other characters never equal a lower-case letter after this
  if (lower === 0x73 /* s */ || lower === 0x74 /* t */ || lower === 0x6d /* m */ || lower === 0x64 /* d */) return i + 2;
  let second: number;
  if (lower === 0x72 /* r */ || lower === 0x76 /* v */) second = 0x65; /* e */
  else if (lower === 0x6c /* l */) second = 0x6c; /* l */
  else return i;
  if (i + 2 >= text.length) return i;
  const next = text.charCodeAt(i + 2);
  if (next >= 128) return FALLBACK;
  return (next | 0x20) === second ? i + 3 : i;
}

/**
 * `\p{N}{1,3}` from a digit at `at`: up to three digits, deciding on a
 * non-ASCII character (it might be a digit) only with the regex.
 */
function digitsEnd(text: string, at: number): number {
  let i = at + 1;
  while (i < at + 3) {
    const c = classAt(text, i);
    if (c === DIGIT) i++;
    else if (c === NON_ASCII) return FALLBACK;
    else break;
  }
  return i;
}

/**
 * `[^\s\p{L}\p{N}]+` from `from`, then any run of the characters in
 * `[\r\n]` (and `/` when `slash`). Greedy with nothing after it: no backtracking.
 */
function symbolsEnd(text: string, from: number, slash: boolean): number {
  let i = from + 1;
  let c = classAt(text, i);
  while (c === OTHER) c = classAt(text, ++i);
  if (c === NON_ASCII) return FALLBACK;
  for (;;) {
    if (i >= text.length) return i;
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13 || (slash && code === 47)) i++;
    else if (code >= 128) return FALLBACK;
    else return i;
  }
}

/**
 * The white-space alternatives `\s*[\r\n]+|\s+(?!\S)|\s+` from `at`, worked
 * out on the whole run of white space: up to its last line break if it has
 * one; else all of it at the end of the text; else all but its last
 * character (left to prefix what follows), unless it is only one character.
 */
function whiteSpaceEnd(text: string, at: number): number {
  let lastNewline = -1;
  let i = at;
  let c = classAt(text, i);
  for (;;) {
    if (c === NEWLINE) lastNewline = i;
    else if (c !== SPACE) break;
    c = classAt(text, ++i);
  }
  // A non-ASCII character may be white space (U+00A0, U+2028, …) that would extend the run.
  if (c === NON_ASCII) return FALLBACK;
  if (lastNewline >= 0) return lastNewline + 1;
  if (c === END || i - at === 1) return i;
  return i - 1;
}

/**
 * The alternatives both patterns share after their words, for a piece that starts at `at` with a character of
 * class `c`: `\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n(/)]*|\s*[\r\n]+|\s+(?!\S)|\s+`. `slash`: o200k_base's
 * symbols also take trailing `/`.
 */
function otherPieceEnd(text: string, at: number, c: number, slash: boolean): number {
  if (c === DIGIT) return digitsEnd(text, at);
  if (c === OTHER) return symbolsEnd(text, at, slash);
  // ` ?` before symbols: a space, no other white space.
  if (c === SPACE && text.charCodeAt(at) === SPACE_CHAR && classAt(text, at + 1) === OTHER) return symbolsEnd(text, at + 1, slash);
  if (c === SPACE || c === NEWLINE) return whiteSpaceEnd(text, at);
  return FALLBACK;
}

/**
 * o200k_base:
 * `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+('s|…)?`
 * `|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*('s|…)?`
 * `|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 */
export function nextO200kPieceEnd(text: string, at: number): number {
  let c = classAt(text, at);
  let i = at;
  if (c === OTHER || c === SPACE) {
    // The optional first character of a word (white space too, but not \r or \n).
    const next = classAt(text, at + 1);
    if (next === UPPER || next === LOWER) {
      c = next;
      i = at + 1;
    } else if (next === NON_ASCII) return FALLBACK;
  }
  if (c === UPPER || c === LOWER) {
    // In ASCII the two letter classes are disjoint, so both word
    // alternatives come to: upper-case letters, then lower-case ones, at
    // least one letter in all (the second alternative takes what the first,
    // needing a lower-case letter, leaves).
    while (c === UPPER) c = classAt(text, ++i);
    while (c === LOWER) c = classAt(text, ++i);
    if (c === NON_ASCII) return FALLBACK;
    return contractionEnd(text, i);
  }
  return otherPieceEnd(text, at, c, true);
}

/**
 * cl100k_base:
 * `('s|…)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 */
export function nextCl100kPieceEnd(text: string, at: number): number {
  let c = classAt(text, at);
  let i = at;
  if (c === OTHER) {
    // A contraction comes first, even before letters: `'sfoo` is `'s`, `foo`.
    const contraction = contractionEnd(text, at);
    if (contraction !== at) return contraction; // its end, or FALLBACK
  }
  if (c === OTHER || c === SPACE) {
    const next = classAt(text, at + 1);
    if (next === UPPER || next === LOWER) {
      c = next;
      i = at + 1;
    } else if (next === NON_ASCII) return FALLBACK;
  }
  if (c === UPPER || c === LOWER) {
    while (c === UPPER || c === LOWER) c = classAt(text, ++i);
    return c === NON_ASCII ? FALLBACK : i;
  }
  return otherPieceEnd(text, at, c, false);
}

/** The pre-tokenization patterns of js-tiktoken's o200k_base and cl100k_base rank data, exactly. */
const CONTRACTIONS = "'s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D";
export const O200K_PATTERN =
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(${CONTRACTIONS})?` +
  `|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(${CONTRACTIONS})?` +
  '|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+';
export const CL100K_PATTERN = `(${CONTRACTIONS})|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`;

/** The scanner written for exactly this pattern, or undefined: any other pattern is left to its regex. */
export function asciiScannerFor(patStr: string): PieceScanner | undefined {
  if (patStr === O200K_PATTERN) return nextO200kPieceEnd;
  if (patStr === CL100K_PATTERN) return nextCl100kPieceEnd;
  return undefined;
}
