import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import { countWithArrayMerge, countWithHeapMerge } from '../../src/core/counting/bytePairMerge';
import type { CountingEngine } from '../../src/core/counting/countingEngine';
import { ENCODING_NAMES, loadEngine, loadRankData, type RankEncodingName } from '../../src/core/counting/encodings';
import { decodeRankTable } from '../../src/core/counting/rankTable';
import { referenceCount as openaiCount } from '../support/referenceCount';
import { projectRoot } from '../support/paths';

// OpenAI's tokenizer (tiktoken, WASM) is the reference: every count must equal its. js-tiktoken's rank map is
// compared with the decoded table only.
const references = new Map<RankEncodingName, Tiktoken>();
const engines = new Map<RankEncodingName, CountingEngine>();

function reference(name: RankEncodingName): Tiktoken {
  let encoder = references.get(name);
  if (!encoder) {
    encoder = new Tiktoken(loadRankData(name));
    references.set(name, encoder);
  }
  return encoder;
}

function engine(name: RankEncodingName): CountingEngine {
  let built = engines.get(name);
  if (!built) {
    built = loadEngine(name);
    engines.set(name, built);
  }
  return built;
}

function referenceCount(name: RankEncodingName, text: string): number {
  return openaiCount(text, name);
}

/** Text fragments that exercise every branch of both pre-tokenization patterns. */
const FRAGMENTS = [
  'const',
  'x',
  ' ',
  '  ',
  '   ',
  '\t',
  '\n',
  '\r\n',
  '\n\n',
  ' \n',
  '{',
  '}',
  '(',
  ')',
  ';',
  '=>',
  '//',
  '/**',
  ' */',
  "'s",
  "'S",
  "'ll",
  "'RE",
  "'ve",
  "'d",
  'don',
  'HTTPServer',
  'camelCase',
  'ALLCAPS',
  'Über',
  '123',
  '4567',
  '1234567',
  '😀',
  '👩‍💻',
  'é',
  'e\u0301',
  'ñ',
  '中文字',
  'Ж',
  'ǅ',
  'ʰ',
  '٣',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ufeff',
  '<|endoftext|>',
  '<|fim_prefix|>',
  '<|endofprompt|>',
  '<|',
  '|>',
  '\ud800',
  '\udc00',
  '...',
  '!!!',
  '#',
  '$',
];

const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));
const unicodeText = fc.string({ unit: 'binary', maxLength: 80 });
/** Raw UTF-16 code units, lone surrogates included. */
const codeUnitText = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 60 })
  .map((codes) => String.fromCharCode(...codes));
const whitespaceText = fc
  .array(fc.constantFrom(' ', ' ', ' ', '\t', '\n', '\r', '\u00a0', '\u3000', 'a', 'B', '.', '1', "'"), { maxLength: 300 })
  .map((chars) => chars.join(''));
const repeatedText = fc
  .tuple(fc.constantFrom('a', ' ', '\n', '.', '0', 'é', '中', '😀', 'ab', ' x', '\t\n', '=-'), fc.integer({ min: 1, max: 400 }))
  .map(([unit, times]) => unit.repeat(times));
const anyText = fc.oneof(fragmentText, unicodeText, codeUnitText, whitespaceText, repeatedText);

/** This repository's own sources and docs, TypeScript's DOM typings and some generated Markdown. */
function corpusDocuments(): string[] {
  const documents: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs|md|json)$/.test(entry.name)) documents.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(projectRoot, 'src'));
  walk(join(projectRoot, 'test', 'unit'));
  const dom = readFileSync(join(projectRoot, 'node_modules', 'typescript', 'lib', 'lib.dom.d.ts'), 'utf8');
  for (let i = 0; i < 8; i++) documents.push(dom.slice(i * 60_000, i * 60_000 + 30_000));
  const markdown = [
    '# Tokenwise\n\nCounts **tokens** locally — before you send a prompt.\n',
    '- item one\n- item _two_\n  - nested `code`\n\n```ts\nconst x = 1;\n```\n',
    '| col | value |\n|-----|------:|\n| a | 1 |\n\n> Quoted: naïve café, 東京, Привет, مرحبا 🎉\n',
  ];
  documents.push(markdown.join('\n').repeat(20));
  return documents;
}

for (const name of ENCODING_NAMES) {
  describe(`counting engine, ${name}`, function () {
    this.timeout(60_000);
    before(() => {
      engine(name);
      reference(name);
    });

    it('decodes exactly the ranks js-tiktoken uses', () => {
      const table = decodeRankTable(loadRankData(name).bpe_ranks);
      const rankMap = (reference(name) as unknown as { rankMap: Map<string, number> }).rankMap;
      assert.equal(table.ranks.size, rankMap.size);
      for (const [bytes, rank] of rankMap) {
        const key = Buffer.from(bytes.split(',').map(Number)).toString('latin1');
        if (table.ranks.get(key) !== rank) assert.fail(`rank of [${bytes}]: ${table.ranks.get(key)} instead of ${rank}`);
      }
    });

    it('counts like tiktoken on random text, code, white space and special-token strings', () => {
      fc.assert(fc.property(anyText, (text) => engine(name).count(text) === referenceCount(name, text)));
    });

    it('counts like tiktoken on concatenations, so no piece boundary is lost', () => {
      fc.assert(
        fc.property(fc.array(anyText, { minLength: 2, maxLength: 5 }), (texts) => {
          const text = texts.join('');
          return engine(name).count(text) === referenceCount(name, text);
        }),
        { numRuns: 50 },
      );
    });

    it('counts every document of the corpus like tiktoken, cold and warm', () => {
      const documents = corpusDocuments();
      engine(name).clearCache();
      for (const pass of ['cold', 'warm']) {
        for (const [i, document] of documents.entries()) {
          const expected = referenceCount(name, document);
          assert.equal(engine(name).count(document), expected, `${pass} document ${i}`);
        }
      }
      const whole = documents.join('\n');
      assert.equal(engine(name).count(whole), referenceCount(name, whole));
    });

    it('counts special-token strings as ordinary text', () => {
      for (const text of ['<|endoftext|>', 'a<|endofprompt|>b', '<|fim_prefix|><|fim_suffix|>']) {
        assert.equal(engine(name).count(text), referenceCount(name, text));
        assert.ok(engine(name).count(text) > 1);
      }
    });

    it('counts runs of one character like tiktoken at every length up to 600', () => {
      for (const unit of ['a', ' ', '\n', '0', '中']) {
        for (let length = 1; length <= 600; length += length < 80 ? 1 : 37) {
          const text = unit.repeat(length);
          assert.equal(engine(name).count(text), referenceCount(name, text), `${JSON.stringify(unit)} × ${length}`);
        }
      }
    });
  });
}

describe('byte-pair merge', () => {
  it('the heap merge gives the same count as the reference loop', function () {
    this.timeout(60_000);
    const { ranks, maxTokenBytes } = decodeRankTable(loadRankData('o200k_base').bpe_ranks);
    const bytes = fc.oneof(
      fc.uint8Array({ minLength: 2, maxLength: 300 }),
      fc
        .array(fc.constantFrom(0x61, 0x62, 0x20, 0x0a, 0xe4, 0xb8, 0xad), { minLength: 2, maxLength: 2_000 })
        .map((a) => Uint8Array.from(a)),
      fc
        .tuple(fc.constantFrom('a', ' ', 'ab', 'abc', '=', '\n '), fc.integer({ min: 1, max: 1_500 }))
        .map(([unit, n]) => Buffer.from(unit.repeat(n) + 'x')),
    );
    fc.assert(
      fc.property(bytes, (piece) => {
        const key = Buffer.from(piece).toString('latin1');
        return countWithHeapMerge(key, ranks, maxTokenBytes) === countWithArrayMerge(key, ranks, maxTokenBytes);
      }),
    );
  });
});

describe('pathological inputs', () => {
  // Counted by this engine, gpt-tokenizer and tiktoken alike (the benchmark
  // checks that again); js-tiktoken's quadratic merge would take minutes.
  const cases: ReadonlyArray<[string, string, number]> = [
    ['100 KB of "a"', 'a'.repeat(100_000), 12_500],
    ['100 KB of spaces', ' '.repeat(100_000), 782],
  ];
  let o200k: CountingEngine;
  before(function () {
    this.timeout(30_000);
    o200k = engine('o200k_base');
  });

  for (const [title, text, expected] of cases) {
    it(`counts ${title} exactly within the default time-out`, function () {
      this.timeout(2_000);
      o200k.clearCache();
      assert.equal(o200k.count(text), expected);
    });
  }

  it('counts a 100 KB run of any one character quickly', function () {
    this.timeout(2_000);
    for (const unit of ['.', '\n', '0', 'é', '中', '😀', 'Z']) {
      const started = performance.now();
      const tokens = o200k.count(unit.repeat(100_000 / unit.length));
      assert.ok(tokens > 0);
      assert.ok(performance.now() - started < 500, `${unit}: ${performance.now() - started} ms`);
    }
  });
});
