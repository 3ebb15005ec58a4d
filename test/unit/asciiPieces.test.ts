import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import {
  asciiScannerFor,
  CL100K_PATTERN,
  FALLBACK,
  nextCl100kPieceEnd,
  nextO200kPieceEnd,
  O200K_PATTERN,
} from '../../src/core/counting/asciiPieces';
import { CountingEngine } from '../../src/core/counting/countingEngine';
import { PieceMatcher } from '../../src/core/counting/piecePatterns';
import { decodeRankTable } from '../../src/core/counting/rankTable';
import { ENCODING_NAMES, loadEngine, loadRankData, type EncodingName } from '../../src/core/counting/encodings';
import { referenceCount } from '../support/referenceCount';

// The ASCII scanners must cut text exactly where the encoding's regex does.
// The reference is the regex alone; the engine's pieces (scanner first, the
// regex where the scanner gives up) must be the same, piece by piece.

const patterns = new Map<EncodingName, string>(ENCODING_NAMES.map((name) => [name, loadRankData(name).pat_str]));

/** Piece ends of `text` by the encoding's regex alone. */
function regexPieceEnds(patStr: string, text: string): number[] {
  const matcher = new PieceMatcher(patStr);
  const ends: number[] = [];
  let at = 0;
  while (at < text.length) {
    const end = matcher.end(text, at);
    assert.ok(end > at, `no piece at ${at}`);
    at = end;
    ends.push(at);
  }
  return ends;
}

/** An engine for boundaries only: no ranks (every piece is counted as its bytes), so it builds instantly. */
function boundaryEngine(patStr: string): CountingEngine {
  return CountingEngine.fromPattern(patStr, { ranks: new Map(), maxTokenBytes: 0 });
}

/** Piece ends of `text` as the engine iterates them: the scanner, and the regex where it falls back. */
function enginePieceEnds(engine: CountingEngine, text: string): number[] {
  const ends: number[] = [];
  engine.forEachPiece(text, 0, (end) => {
    // An empty piece would make the iteration loop for ever.
    if (end <= (ends.at(-1) ?? 0)) assert.fail(`empty piece at ${end} in ${show(text)}`);
    ends.push(end);
    return true;
  });
  return ends;
}

const show = (text: string): string => JSON.stringify(text);

/** Fails with the first piece where the engine and the regex differ. */
function assertSamePieces(engine: CountingEngine, patStr: string, text: string): void {
  const expected = regexPieceEnds(patStr, text);
  const actual = enginePieceEnds(engine, text);
  for (let i = 0, start = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i]) {
      assert.fail(
        `piece ${i} of ${show(text)} from ${start}: regex ${show(text.slice(start, expected[i]))}, engine ${show(text.slice(start, actual[i]))}`,
      );
    }
    start = expected[i];
  }
}

// ---------------------------------------------------------------- inputs

const oneOf = (...items: string[]) => fc.constantFrom(...items);
const chars = (alphabet: string, maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength }).map((parts) => parts.join(''));

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
/** Every ASCII character that is neither white space, a letter nor a digit, control characters included. */
const SYMBOLS = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code))
  .filter((char) => !/[\s\p{L}\p{N}]/u.test(char))
  .join('');

const word = fc.oneof(
  chars(LOWER, 8),
  chars(UPPER, 5),
  chars(LOWER + UPPER, 8),
  oneOf('const', 'HTTPServer', 'camelCase', 'ALLCAPS', 'Don', 'x', 'I'),
);
/** Contractions in every case, and near misses that must not be taken for one. */
const contraction = oneOf(
  "'s",
  "'S",
  "'t",
  "'T",
  "'re",
  "'rE",
  "'Re",
  "'RE",
  "'ve",
  "'vE",
  "'Ve",
  "'VE",
  "'m",
  "'M",
  "'ll",
  "'lL",
  "'Ll",
  "'LL",
  "'d",
  "'D",
  "'",
  "''",
  "'l",
  "'L",
  "'r",
  "'v",
  "'e",
  "'x",
  "'1",
  "' ",
  "'ls",
  "'rr",
);
const digits = chars(DIGITS, 7);
const whiteSpace = fc.oneof(chars(' \t\r\n\v\f', 6), oneOf(' ', '  ', '    ', '\t', '\n', '\r\n', ' \n', '\n\n'));
const symbols = fc.oneof(chars(SYMBOLS, 4), oneOf('=>', '//', '/**', ' */', '{', '}', ');', '...', '<|endoftext|>'));
/** Symbols followed by line breaks and slashes, which `[\r\n/]*` (o200k) or `[\r\n]*` (cl100k) may take. */
const symbolsThenBreaks = fc.tuple(symbols, chars('\r\n/', 4)).map(([a, b]) => a + b);
/** Characters the scanners must leave to the regex, each next to ASCII in some case. */
const nonAscii = oneOf(
  'é',
  'É',
  'e\u0301',
  '\u0301',
  'ǅ',
  'ʰ',
  '中',
  'ſ',
  '\u212a',
  '٣',
  '²',
  'Ⅻ',
  '\u00a0',
  '\u1680',
  '\u2028',
  '\u2029',
  '\u3000',
  '\ufeff',
  '\u200b',
  '😀',
  '👩‍💻',
  '\ud800',
  '\udc00',
  '—',
  '’',
  '\u0085',
  '\u00ad',
);
const fragment = fc.oneof(
  { arbitrary: word, weight: 6 },
  { arbitrary: contraction, weight: 3 },
  { arbitrary: digits, weight: 2 },
  { arbitrary: whiteSpace, weight: 5 },
  { arbitrary: symbols, weight: 4 },
  { arbitrary: symbolsThenBreaks, weight: 2 },
  { arbitrary: nonAscii, weight: 1 },
);
const asciiHeavyText = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));
/** Any ASCII code units, and a few non-ASCII ones. */
const codeUnitText = fc
  .array(
    fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 0x7f }), weight: 12 },
      { arbitrary: fc.integer({ min: 0x80, max: 0xffff }), weight: 1 },
    ),
    {
      maxLength: 40,
    },
  )
  .map((codes) => String.fromCharCode(...codes));
const anyText = fc.oneof({ arbitrary: asciiHeavyText, weight: 3 }, { arbitrary: codeUnitText, weight: 1 });
const asciiOnly = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
};

// ---------------------------------------------------------------- tests

describe('ASCII pre-tokenization', () => {
  it("knows the patterns of js-tiktoken's rank data, and no other", () => {
    assert.equal(patterns.get('o200k_base'), O200K_PATTERN);
    assert.equal(patterns.get('cl100k_base'), CL100K_PATTERN);
    assert.equal(asciiScannerFor(O200K_PATTERN), nextO200kPieceEnd);
    assert.equal(asciiScannerFor(CL100K_PATTERN), nextCl100kPieceEnd);
    assert.equal(asciiScannerFor(O200K_PATTERN.replace('[\\r\\n/]*', '[\\r\\n]*')), undefined);
    assert.equal(asciiScannerFor("'s|\\s+"), undefined);
  });

  it('an engine with a pattern it does not know pre-tokenizes with the regex alone', () => {
    const patStr = "\\p{L}+|\\p{N}|'s|[^\\p{L}\\p{N}]";
    const text = "Don't 42 x's";
    assert.deepEqual(enginePieceEnds(boundaryEngine(patStr), text), regexPieceEnds(patStr, text));
  });

  for (const name of ENCODING_NAMES) {
    describe(name, () => {
      const patStr = patterns.get(name) ?? '';
      const scanner = asciiScannerFor(patStr) ?? (() => FALLBACK);
      const engine = boundaryEngine(patStr);

      it('cuts random ASCII-heavy text into the same pieces as the regex', () => {
        fc.assert(
          fc.property(anyText, (text) => assertSamePieces(engine, patStr, text)),
          { numRuns: 3_000 },
        );
      });

      it('never falls back on ASCII text, and gives up on each non-ASCII decision rather than guess', () => {
        fc.assert(
          fc.property(anyText, (text) => {
            const ends = regexPieceEnds(patStr, text);
            for (let i = 0, at = 0; i < ends.length; at = ends[i++]) {
              const end = scanner(text, at);
              if (end === FALLBACK) {
                assert.ok(!asciiOnly(text), `fell back on ASCII text ${show(text)} at ${at}`);
              } else {
                assert.equal(end, ends[i], `${show(text)} at ${at}`);
              }
            }
          }),
          { numRuns: 2_000 },
        );
      });

      it('cuts the tricky cases like the regex', () => {
        const cases = [
          "don't",
          "DON'T",
          "we'LL",
          "they'Re",
          "I'm",
          "x'ld",
          "'s",
          "'sfoo",
          "a'",
          "a'l",
          "a''",
          "O'Neil",
          'HTTPServer',
          'camelCaseWORDS',
          'ABc',
          'aBC',
          ' x',
          '  x',
          '\tx',
          '\vX',
          '\fx',
          '\nx',
          '\rx',
          '.x',
          ' .x',
          '_Private',
          '1234567',
          'a1b22c333',
          ' 12',
          '.5',
          '  \n  x',
          ' \n',
          '\n \n ',
          '\r\n\r\n',
          'x  ',
          'x \t',
          ' \t\v\fx',
          '   ',
          ' ',
          ' ;\r\n/',
          '};\n//',
          '*/\n',
          '?!/ \n',
          ' ==',
          '\t==',
          '\x00\x01a',
          '\x7f\x1f\n',
          'aé',
          'Éa',
          'ae\u0301',
          'a\u00a0',
          ' \u00a0x',
          '\u00a0x',
          'x \u2028',
          'a\u2028\u2028b',
          "a'é",
          "a'lé",
          '1٣',
          '12²',
          '.—',
          ' 😀',
          'a\ud800',
          ';\ud800',
          '\n\udc00',
        ];
        for (const text of cases) assertSamePieces(engine, patStr, text);
      });
    });
  }
});

describe('counting through the table of recent pieces', function () {
  this.timeout(60_000);

  it('counts like js-tiktoken when every piece replaces another in a table of two slots', () => {
    const data = loadRankData('o200k_base');
    const engine = CountingEngine.fromPattern(data.pat_str, decodeRankTable(data.bpe_ranks), 2);
    // Short words of few letters: pieces of one length that differ in one character.
    const fewLetters = fc.array(fc.oneof(chars(' ab', 4), chars("aAbB' ", 5), digits), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(anyText, fewLetters), (text) => {
        const expected = referenceCount(text);
        assert.equal(engine.count(text), expected, `cold ${show(text)}`);
        assert.equal(engine.count(text), expected, `warm ${show(text)}`);
      }),
      { numRuns: 1_000 },
    );
  });

  it('counts more distinct short pieces than it has slots like js-tiktoken, cold and warm', () => {
    const engine = loadEngine('o200k_base');
    // 60,000 distinct words, calls and numbers, and every three-letter word:
    // many share a slot, and each replaces another.
    const parts: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const id = i.toString(36);
      parts.push(i % 3 === 0 ? ` w${id}` : i % 3 === 1 ? `(${id}Q);` : ` ${i}`);
    }
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (const a of letters) for (const b of letters) for (const c of letters) parts.push(` ${a}${b}${c}`);
    const text = parts.join('');
    const expected = referenceCount(text);
    assert.equal(engine.count(text), expected, 'cold');
    assert.equal(engine.count(text), expected, 'warm');
    const rotated = text.slice(1_000) + text.slice(0, 1_000);
    assert.equal(engine.count(rotated), referenceCount(rotated), 'rotated');
  });

  it('takes only a power of two as its number of slots', () => {
    assert.throws(() => CountingEngine.fromPattern(O200K_PATTERN, { ranks: new Map(), maxTokenBytes: 0 }, 3), RangeError);
  });
});
