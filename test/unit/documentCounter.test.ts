import * as assert from 'node:assert/strict';
import { DocumentCounter, WorkerTokenCounter } from '../../src/core';
import { type TextEdit } from '../../src/core/counting/incrementalCount';
import { compiledWorkerScript } from '../support/paths';
import { referenceCount } from '../support/referenceCount';
import { largeText } from '../support/texts';

const limits = { maxBytes: 10 * 1024 * 1024, timeoutMs: 30_000 };

function apply(text: string, edits: readonly TextEdit[]): string {
  for (const edit of edits) text = text.slice(0, edit.offset) + edit.insert + text.slice(edit.offset + edit.deleteCount);
  return text;
}

function expected(text: string) {
  return { o200k_base: referenceCount(text), cl100k_base: referenceCount(text, 'cl100k_base') };
}

describe('DocumentCounter', function () {
  this.timeout(60_000);
  let counter: WorkerTokenCounter;
  let documents: DocumentCounter;
  beforeEach(() => {
    counter = new WorkerTokenCounter(compiledWorkerScript);
    documents = new DocumentCounter(counter);
  });
  afterEach(() => counter.dispose());

  it('sends the whole text first, then only edits, and stays exact', async () => {
    let text = 'function add(a, b) {\n  return a + b;\n}\n';
    assert.deepEqual((await documents.count('doc', 1, text, limits)).counts, expected(text));
    const edits = [
      { offset: 9, deleteCount: 3, insert: 'sum' },
      { offset: 0, deleteCount: 0, insert: 'export ' },
    ];
    text = apply(text, edits);
    documents.recordEdits('doc', 1, 2, edits);
    assert.deepEqual((await documents.count('doc', 2, text, limits)).counts, expected(text));
    assert.deepEqual(documents.stats, { fullSyncs: 1, incrementalUpdates: 1 });
  });

  it('stays exact through a random sequence of edits counted now and then', async () => {
    let text = 'The quick brown fox jumps over the lazy dog.\n\n    indented code();\n'.repeat(20);
    let version = 1;
    await documents.count('doc', version, text, limits);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const inserts = [' ', '\n', 'x', 'fox', '  ', '\t', "'s", '日本', '🎉', '<|endoftext|>', ''];
    for (let step = 0; step < 60; step++) {
      const offset = random(text.length + 1);
      const edit = { offset, deleteCount: random(Math.min(6, text.length - offset) + 1), insert: inserts[random(inserts.length)] };
      text = apply(text, [edit]);
      documents.recordEdits('doc', version, version + 1, [edit]);
      version++;
      if (step % 3 === 0) {
        assert.deepEqual((await documents.count('doc', version, text, limits)).counts, expected(text), `after step ${step}`);
      }
    }
    assert.equal(documents.stats.fullSyncs, 1);
    assert.ok(documents.stats.incrementalUpdates >= 19);
  });

  it('sends the whole text again when an event was missed', async () => {
    await documents.count('doc', 1, 'one two', limits);
    documents.recordEdits('doc', 2, 3, [{ offset: 0, deleteCount: 0, insert: 'zero ' }]); // version 1 → 2 never recorded
    const text = 'zero one two three';
    assert.deepEqual((await documents.count('doc', 3, text, limits)).counts, expected(text));
    assert.deepEqual(documents.stats, { fullSyncs: 2, incrementalUpdates: 0 });
  });

  it('recovers when the recorded edits do not match the text (length check)', async () => {
    await documents.count('doc', 1, 'alpha beta', limits);
    documents.recordEdits('doc', 1, 2, [{ offset: 0, deleteCount: 0, insert: 'x' }]);
    const text = 'alpha beta gamma'; // the real document changed differently
    assert.deepEqual((await documents.count('doc', 2, text, limits)).counts, expected(text));
    assert.equal(documents.stats.fullSyncs, 2);
  });

  it('resyncs after the worker was restarted by a time-out', async () => {
    await documents.count('doc', 1, 'some text', limits);
    await assert.rejects(counter.count([largeText()], 'o200k_base', 20)); // stops the worker, and its copy
    documents.recordEdits('doc', 1, 2, [{ offset: 4, deleteCount: 0, insert: ' more' }]);
    assert.deepEqual((await documents.count('doc', 2, 'some more text', limits)).counts, expected('some more text'));
    assert.deepEqual(documents.stats, { fullSyncs: 2, incrementalUpdates: 0 });
  });

  it('keeps counts of one document in order when they overlap', async () => {
    const texts = ['a b', 'a b c', 'a b c d'];
    const first = documents.count('doc', 1, texts[0], limits);
    documents.recordEdits('doc', 1, 2, [{ offset: 3, deleteCount: 0, insert: ' c' }]);
    const second = documents.count('doc', 2, texts[1], limits);
    documents.recordEdits('doc', 2, 3, [{ offset: 5, deleteCount: 0, insert: ' d' }]);
    const third = documents.count('doc', 3, texts[2], limits);
    const results = await Promise.all([first, second, third]);
    assert.deepEqual(
      results.map((result) => result.counts),
      texts.map(expected),
    );
    assert.deepEqual(documents.stats, { fullSyncs: 1, incrementalUpdates: 2 });
  });

  it('reports a document over the size limit without counting it', async () => {
    const { outcome, counts } = await documents.count('doc', 1, 'x'.repeat(2048), { maxBytes: 1024, timeoutMs: 1000 });
    assert.deepEqual(outcome, { kind: 'tooLarge', scope: 'document', bytes: 2048, maxBytes: 1024 });
    assert.equal(counts, undefined);
  });
});
