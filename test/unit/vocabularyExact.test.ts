// The published vocabularies (Llama 3, Qwen 3, DeepSeek V3, Gemma 3) count exactly as their own tokenizer, Hugging
// Face's Rust `tokenizers`, counts them: every code point in the contexts where its class or its place in the
// vocabulary shows, a corpus of code, prose, CJK, emoji and white-space runs, random texts, and random edits counted
// incrementally. The engine's split patterns have their Unicode classes fixed at build time; the last test breaks
// one class entry and shows this check finds it.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { CountingEngine } from '../../src/core/counting/countingEngine';
import { loadEngine, VOCABULARY_NAMES, vocabularyPath, type VocabularyName } from '../../src/core/counting/encodings';
import { IncrementalCount, type TextEdit } from '../../src/core/counting/incrementalCount';
import { EXPLICIT_PIECE_PATTERNS } from '../../src/core/counting/piecePatterns.generated';
import { parseVocabulary, vocabularyTokenization } from '../../src/core/counting/vocabularyTokenization';
import { brotliDecompressSync } from 'node:zlib';
import { projectRoot } from '../support/paths';
import { publishedCounts } from '../support/publishedReference';

/**
 * Where a code point's class shows: after a letter and before a contraction, alone before one, between a space and
 * letters (and before punctuation), and between digits. Gemma's count shows instead whether the vocabulary has the
 * character or falls back to its bytes, which any context shows.
 */
const CONTEXTS: readonly ((c: string) => string)[] = [(c) => `x${c}'ll`, (c) => `${c}'re`, (c) => ` ${c}ab.`, (c) => `1${c}2`];

function allCodePoints(from = 0, to = 0x10ffff): number[] {
  const codes: number[] = [];
  for (let code = from; code <= to; code++) if (code < 0xd800 || code > 0xdfff) codes.push(code);
  return codes;
}

/** The code points whose contexts count otherwise than the reference (each code point's contexts are one text). */
async function divergences(engine: CountingEngine, family: VocabularyName, codes: readonly number[]): Promise<number[]> {
  const found: number[] = [];
  for (let at = 0; at < codes.length; at += 8192) {
    const chunk = codes.slice(at, at + 8192);
    const texts = chunk.map((code) => CONTEXTS.map((context) => context(String.fromCodePoint(code))).join('\n'));
    const theirs = await publishedCounts(family, texts);
    texts.forEach((text, i) => {
      if (engine.count(text) !== theirs[i]) found.push(chunk[i]);
    });
  }
  return found;
}

const hex = (codes: number[]) => codes.slice(0, 20).map((code) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`);

/** Texts that differ and the first of them, so a failure shows the text. */
async function mismatches(engine: CountingEngine, family: VocabularyName, texts: readonly string[]): Promise<string[]> {
  const theirs = await publishedCounts(family, texts);
  return texts.flatMap((text, i) => {
    const ours = engine.count(text);
    return ours === theirs[i] ? [] : [`${JSON.stringify(text.slice(0, 200))}: ${ours} ≠ ${theirs[i]}`];
  });
}

function corpus(): string[] {
  const sources = readdirSync(join(projectRoot, 'src', 'core', 'counting'))
    .filter((name) => name.endsWith('.ts') && !name.includes('generated'))
    .map((name) => readFileSync(join(projectRoot, 'src', 'core', 'counting', name), 'utf8'));
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const spaces = Array.from(
    { length: 40 },
    (_, n) => `a${' '.repeat(n)}b${'\t'.repeat(n % 7)}c${'\n'.repeat(n % 35)}d${' \n'.repeat(n % 5)}`,
  );
  return [
    ...sources,
    readme,
    readme.replaceAll(' ', '  '),
    '人工智能模型按词元计费。把整个文件粘贴进对话之前，先看看它要花多少钱。模型的上下文窗口是有限的。',
    'トークン数と費用を送信前に確認できます。カタカナ、ひらがな、漢字が混ざった文章です。ｶﾀｶﾅ（半角）も。',
    '토큰 수와 비용을 보내기 전에 확인하세요. 한국어 문장입니다. ᄒᆞᆫ글 자모 ᄀ ᅡ ᆨ',
    'Emoji: 👩‍👩‍👧‍👦 🇩🇪🇯🇵 👍🏽 ❤️‍🔥 🧑🏿‍💻 #️⃣ 😀😃😄 ✅',
    'Café déjà vu — naïve coöperation, e\u0301 a\u030a Å Ω \u212b \u2126 ﬁ ﬀ ẞ ß İ ı ǅ',
    'Digits 1 12 123 1234 12345 123456 ٣٤٥ ১২৩ ①②③ ½ Ⅻ 0x1F 3.14159 1,234,567',
    '<|begin_of_text|><|start_header_id|>user<|end_header_id|> <|im_start|>user\nhi<|im_end|> <tool_call>{}</tool_call> <think>x</think>',
    '<｜User｜>你好<｜Assistant｜><｜tool▁calls▁begin｜> <start_of_turn>user\n<end_of_turn> <unused0><unused99> <table><tr><td>x</td></tr></table>',
    '\u2581\u2581 \u2581x\u2581\u2581y \u00a0\u3000\ufeff\u0085\u200b\u2028 \r\n\r\n\t \t',
    `lone ${'\ud83d'} and ${'\ude00'} surrogates ${'\ud83d\ude00'}`,
    'a'.repeat(20_000),
    ' '.repeat(5_000),
    '\n'.repeat(3_000),
    '1'.repeat(3_000),
    '中'.repeat(3_000),
    '<'.repeat(2_000) + '>'.repeat(2_000),
    ...spaces,
  ];
}

const FRAGMENTS = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  'x',
  'the',
  ' the',
  'The',
  "'s",
  "'S",
  "'ſ",
  "'ll",
  '1',
  '23',
  '4567',
  '.',
  ',',
  '...',
  '(',
  ');',
  '<',
  '>',
  '</',
  '<|',
  '|>',
  '<|im_start|>',
  '<|eot_id|>',
  '<tool_call>',
  '<think>',
  '<start_of_turn>',
  '<unused7>',
  '<td>',
  '</td>',
  '<｜User｜>',
  '<｜',
  '｜>',
  '\u2581',
  '\u2581\u2581',
  'é',
  'e\u0301',
  '\u1100\u1161\u11a8',
  '中文',
  'テスト',
  '한',
  '😀',
  '👩‍💻',
  '٣',
  '\u00a0',
  '\u3000',
  '\ufeff',
  '\u0085',
  '\ud83d',
  '\u{10D4A}',
];
const randomText = (maxLength: number) =>
  fc.oneof(
    fc.array(fc.constantFrom(...FRAGMENTS), { maxLength }).map((parts) => parts.join('')),
    fc.string({ unit: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength }),
  );
const editSpec = fc.record({
  at: fc.nat(),
  deleteCount: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })),
  insert: fc.oneof(fc.constant(''), fc.constantFrom(...FRAGMENTS), randomText(6)),
});

function concrete(current: string, spec: { at: number; deleteCount: number; insert: string }): TextEdit {
  const offset = spec.at % (current.length + 1);
  return { offset, deleteCount: Math.min(spec.deleteCount, current.length - offset), insert: spec.insert };
}

describe('published vocabularies: exact to their own tokenizer', function () {
  this.timeout(300_000);

  for (const family of VOCABULARY_NAMES) {
    describe(family, () => {
      let engine: CountingEngine;
      before(() => {
        engine = loadEngine(family);
      });

      it('counts every code point in its contexts as the reference does', async () => {
        assert.deepEqual(hex(await divergences(engine, family, allCodePoints())), []);
      });

      it('counts code, prose, CJK, emoji, white-space runs and chat markers as the reference does', async () => {
        assert.deepEqual(await mismatches(engine, family, corpus()), []);
      });

      it('counts random texts as the reference does', async () => {
        const texts = fc.sample(randomText(80), { numRuns: 3_000, seed: 16 });
        assert.deepEqual((await mismatches(engine, family, texts)).slice(0, 5), []);
      });

      it('keeps the reference count over random edits counted incrementally', async () => {
        const texts: string[] = [];
        const counts: number[] = [];
        const runs = fc.sample(fc.tuple(randomText(60), fc.array(editSpec, { minLength: 1, maxLength: 25 })), { numRuns: 300, seed: 18 });
        for (const [initial, specs] of runs) {
          const document = new IncrementalCount(engine, initial);
          let current = initial;
          for (const spec of specs) {
            const change = concrete(current, spec);
            current = current.slice(0, change.offset) + change.insert + current.slice(change.offset + change.deleteCount);
            texts.push(current);
            counts.push(document.applyEdit(change.offset, change.deleteCount, change.insert));
          }
        }
        const theirs = await publishedCounts(family, texts);
        const wrong = texts.flatMap((text, i) => (counts[i] === theirs[i] ? [] : [`${JSON.stringify(text)}: ${counts[i]} ≠ ${theirs[i]}`]));
        assert.deepEqual(wrong.slice(0, 5), []);
      });
    });
  }

  it('finds one code point whose class is wrong in a split pattern', async () => {
    const explicit = EXPLICIT_PIECE_PATTERNS.llama3.join('|');
    const broken = explicit.replaceAll('ª', '');
    assert.notEqual(broken, explicit);
    // The same vocabulary with the broken split pattern, which runs as it is written (a pattern Tokenwise does not know).
    const vocabulary = parseVocabulary(brotliDecompressSync(readFileSync(vocabularyPath('llama3'))));
    const engine = new CountingEngine(vocabularyTokenization({ ...vocabulary, header: { ...vocabulary.header, splits: [broken] } }));
    assert.deepEqual(hex(await divergences(engine, 'llama3', allCodePoints(0, 0x3ff))), ['U+00AA']);
  });
});
