import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import type { CountingEngine } from '../../src/core/counting/countingEngine';
import { loadEngine, loadRankData } from '../../src/core/counting/encodings';
import { IncrementalCount, type TextEdit } from '../../src/core/counting/incrementalCount';
import { projectRoot } from '../support/paths';

const PIECES = [
  ' ',
  ' ',
  '  ',
  '    ',
  '\t',
  '\n',
  '\n',
  '\r\n',
  '\n\n',
  'x',
  'word',
  'Word',
  'WORD',
  "'s",
  "'ll",
  "'",
  'l',
  're',
  '1',
  '23',
  '4567',
  '.',
  '...',
  '/',
  '{',
  '}',
  '(',
  ');',
  '<|endoftext|>',
  'é',
  '中文',
  '😀',
  '\u00a0',
  '\u3000',
  '\ud83d',
];
/** A few characters that make contractions, digit groups and white-space runs at almost every position. */
const DENSE = ['y', 'O', "'", 'l', 'L', 's', 'r', 'e', ' ', ' ', '\n', '\t', '1', '.', '\u00a0'];
const text = (maxLength: number) =>
  fc.oneof(
    fc.array(fc.constantFrom(...PIECES), { maxLength }).map((parts) => parts.join('')),
    fc.array(fc.constantFrom(...DENSE), { maxLength: maxLength * 2 }).map((chars) => chars.join('')),
  );
/** Edits at any position (modulo the current length) of whatever text the previous edits left. */
const edit = fc.record({
  at: fc.nat(),
  deleteCount: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })),
  insert: fc.oneof(fc.constant(''), fc.constantFrom(...PIECES, ...DENSE), text(6)),
});

function concrete(current: string, spec: { at: number; deleteCount: number; insert: string }): TextEdit {
  const offset = spec.at % (current.length + 1);
  return { offset, deleteCount: Math.min(spec.deleteCount, current.length - offset), insert: spec.insert };
}

/** Piece lengths of a fresh pre-tokenization of `text`. */
function freshPieces(engine: CountingEngine, text: string): number[] {
  const lengths: number[] = [];
  let at = 0;
  engine.forEachPiece(text, 0, (end) => {
    lengths.push(end - at);
    at = end;
    return true;
  });
  return lengths;
}

function applyTo(current: string, change: TextEdit): string {
  return current.slice(0, change.offset) + change.insert + current.slice(change.offset + change.deleteCount);
}

describe('incremental count', function () {
  this.timeout(60_000);
  let engine: CountingEngine;
  let reference: Tiktoken;
  before(() => {
    engine = loadEngine('o200k_base');
    reference = new Tiktoken(loadRankData('o200k_base'));
  });

  it('equals a full count after every edit of random edit sequences', () => {
    fc.assert(
      fc.property(text(60), fc.array(edit, { minLength: 1, maxLength: 25 }), (initial, specs) => {
        const document = new IncrementalCount(engine, initial);
        let current = initial;
        for (const spec of specs) {
          const change = concrete(current, spec);
          current = applyTo(current, change);
          const tokens = document.applyEdit(change.offset, change.deleteCount, change.insert);
          assert.equal(document.documentText, current);
          assert.equal(tokens, engine.count(current), `after ${JSON.stringify(change)} on ${JSON.stringify(current)}`);
          assert.deepEqual(document.pieceLengths(), freshPieces(engine, current), `pieces after ${JSON.stringify(change)}`);
        }
        assert.equal(document.tokens, reference.encode(current, [], []).length);
      }),
    );
  });

  it('equals a fresh pre-tokenization after one-character edits of short dense texts', () => {
    const dense = fc.array(fc.constantFrom(...DENSE), { maxLength: 14 }).map((chars) => chars.join(''));
    const oneChar = fc.record({
      at: fc.nat(),
      deleteCount: fc.integer({ min: 0, max: 1 }),
      insert: fc.oneof(fc.constant(''), fc.constantFrom(...DENSE)),
    });
    fc.assert(
      fc.property(dense, fc.array(oneChar, { minLength: 1, maxLength: 6 }), (initial, specs) => {
        const document = new IncrementalCount(engine, initial);
        let current = initial;
        for (const spec of specs) {
          const change = concrete(current, spec);
          current = applyTo(current, change);
          document.applyEdit(change.offset, change.deleteCount, change.insert);
          assert.deepEqual(document.pieceLengths(), freshPieces(engine, current), `${JSON.stringify(change)} → ${JSON.stringify(current)}`);
        }
        assert.equal(document.tokens, engine.count(current));
      }),
      { numRuns: 1_000 },
    );
  });

  it('resynchronises pieces that look ahead: white-space runs, contractions, digits', () => {
    const cases: Array<[string, TextEdit]> = [
      ['  \n\n    x', { offset: 8, deleteCount: 1, insert: '\n' }],
      ['a' + ' '.repeat(30) + 'b', { offset: 31, deleteCount: 0, insert: '\n' }],
      ['a' + ' '.repeat(30) + '\nb', { offset: 31, deleteCount: 1, insert: '' }],
      ["you'", { offset: 4, deleteCount: 0, insert: 'll' }],
      ["you'll go", { offset: 5, deleteCount: 1, insert: '' }],
      ["you'r", { offset: 5, deleteCount: 0, insert: 'e' }],
      ["WE'L!", { offset: 4, deleteCount: 1, insert: 'L' }],
      ['12345', { offset: 1, deleteCount: 1, insert: '' }],
      ['x' + ' \t'.repeat(50) + 'y', { offset: 101, deleteCount: 1, insert: '' }],
      ['', { offset: 0, deleteCount: 0, insert: 'hello world' }],
      ['hello world', { offset: 0, deleteCount: 11, insert: '' }],
      ['\ud83d\ude00\ud83d\ude00', { offset: 2, deleteCount: 1, insert: '' }],
    ];
    for (const [initial, change] of cases) {
      const document = new IncrementalCount(engine, initial);
      const expected = applyTo(initial, change);
      assert.equal(
        document.applyEdit(change.offset, change.deleteCount, change.insert),
        engine.count(expected),
        JSON.stringify([initial, change]),
      );
      assert.equal(document.tokens, reference.encode(expected, [], []).length);
      assert.deepEqual(document.pieceLengths(), freshPieces(engine, expected), JSON.stringify([initial, change]));
    }
  });

  it('stays exact over many edits of a large document', () => {
    const source = readFileSync(join(projectRoot, 'node_modules', 'typescript', 'lib', 'lib.dom.d.ts'), 'utf8').slice(0, 300_000);
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 200 }), (specs) => {
        const document = new IncrementalCount(engine, source);
        let current = source;
        for (const spec of specs) {
          const change = concrete(current, spec);
          current = applyTo(current, change);
          document.applyEdit(change.offset, change.deleteCount, change.insert);
        }
        assert.equal(document.tokens, engine.count(current));
        assert.deepEqual(document.pieceLengths(), freshPieces(engine, current));
      }),
      { numRuns: 10 },
    );
  });

  it('keeps a 2 MB document exact through 400 one-character edits (latency: see npm run bench)', () => {
    const dom = readFileSync(join(projectRoot, 'node_modules', 'typescript', 'lib', 'lib.dom.d.ts'), 'utf8');
    const source = dom.repeat(Math.ceil(2_000_000 / dom.length)).slice(0, 2_000_000);
    const document = new IncrementalCount(engine, source);
    let seed = 12345;
    for (let i = 0; i < 400; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const offset = seed % document.documentLength;
      if (i % 2 === 0) document.applyEdit(offset, 0, 'x');
      else document.applyEdit(offset, 1, '');
    }
    assert.equal(document.tokens, engine.count(document.documentText));
  });
});
