import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  listFiles,
  readLines,
  resumePoint,
  stampOf,
  streamJsonItems,
  wholeFileChanged,
  type JsonlCursor,
} from '../../src/core/readers/fileCursor';

describe('readers: file cursor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-cursor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function pass(file: string, prev: JsonlCursor | undefined) {
    const stamp = (await stampOf(file))!;
    const from = resumePoint(prev, stamp);
    const lines: string[] = [];
    const outcome = await readLines(file, from.offset, from.line, stamp.size, (text, lineNo) => lines.push(`${lineNo}:${text}`));
    const cursor: JsonlCursor = { ...stamp, offset: outcome.offset, line: outcome.line };
    return { lines, cursor, from, outcome };
  }

  it('consumes complete lines only and finishes a partial last line on the next pass', async () => {
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, 'one\ntwo\nthr');
    const first = await pass(file, undefined);
    assert.deepEqual(first.lines, ['1:one', '2:two']);
    assert.equal(first.cursor.offset, 8); // "one\n" + "two\n"
    appendFileSync(file, 'ee\nfour\n');
    const second = await pass(file, first.cursor);
    assert.equal(second.from.reset, false);
    assert.deepEqual(second.lines, ['3:three', '4:four']);
    const third = await pass(file, second.cursor);
    assert.equal(third.from.unchanged, true);
    assert.deepEqual(third.lines, []);
  });

  it('starts over when the file shrank or was replaced by another file', async () => {
    const file = join(dir, 'b.jsonl');
    writeFileSync(file, 'alpha\nbeta\n');
    const first = await pass(file, undefined);
    writeFileSync(file, 'x\n'); // truncated and rewritten: smaller than before
    const shrunk = await pass(file, first.cursor);
    assert.equal(shrunk.from.reset, true);
    assert.deepEqual(shrunk.lines, ['1:x']);
    // rotated: a new file (new inode) renamed over the old one, even a longer one
    const other = join(dir, 'b.new');
    writeFileSync(other, 'gamma\ndelta\nepsilon\n');
    renameSync(other, file);
    const rotated = await pass(file, shrunk.cursor);
    assert.equal(rotated.from.reset, true);
    assert.deepEqual(rotated.lines, ['1:gamma', '2:delta', '3:epsilon']);
  });

  it('strips CR and a byte-order mark, passes over blank lines, drops over-long lines', async () => {
    const file = join(dir, 'c.jsonl');
    writeFileSync(file, '\ufeffhead\r\n\n  \nabcdefghij\nok\n');
    const stamp = (await stampOf(file))!;
    const lines: string[] = [];
    const outcome = await readLines(file, 0, 0, stamp.size, (t, n) => lines.push(`${n}:${t}`), 8);
    assert.deepEqual(lines, ['1:head', '5:ok']);
    assert.deepEqual(outcome.oversized, [4]);
    assert.equal(outcome.offset, stamp.size);
  });

  it('keeps a line that spans many read chunks whole', async () => {
    const file = join(dir, 'd.jsonl');
    const long = 'é'.repeat(400_000); // 800,000 bytes: about three 256 KiB chunks
    writeFileSync(file, `${long}\nend\n`);
    const stamp = (await stampOf(file))!;
    const lines: string[] = [];
    await readLines(file, 0, 0, stamp.size, (t) => lines.push(t));
    assert.equal(lines.length, 2);
    assert.equal(lines[0], long);
  });

  it('cursor state is plain JSON', async () => {
    const file = join(dir, 'e.jsonl');
    writeFileSync(file, 'x\n');
    const { cursor } = await pass(file, undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(cursor)), cursor);
  });

  it('decides re-reading of whole-file JSON from size, mtime and identity', async () => {
    const file = join(dir, 'f.json');
    writeFileSync(file, '[1]');
    const a = (await stampOf(file))!;
    assert.equal(wholeFileChanged(undefined, a), true);
    assert.equal(wholeFileChanged(a, { ...a }), false);
    assert.equal(wholeFileChanged(a, { ...a, mtimeMs: a.mtimeMs + 1 }), true);
    assert.equal(wholeFileChanged(a, { ...a, size: a.size + 1 }), true);
  });

  it('streams the items of a top-level array, strings with brackets and escapes included', async () => {
    const file = join(dir, 'g.json');
    const items = [{ a: 1, s: 'x]}"\\' }, [1, [2]], 'str,]', 42, -1.5e3, true, null, { big: 'z'.repeat(600_000) }];
    writeFileSync(file, `\ufeff[ ${items.map((i) => JSON.stringify(i)).join(' ,\n ')} ]\n`);
    const got: unknown[] = [];
    const outcome = await streamJsonItems(file, {}, (v) => got.push(v));
    assert.equal(outcome.complete, true);
    assert.deepEqual(got, items);
  });

  it('streams the array under a key and hands over the other members', async () => {
    const file = join(dir, 'h.json');
    writeFileSync(file, JSON.stringify({ sessionId: 's1', n: 3, messages: [{ id: 'a' }, { id: 'b' }], meta: { k: [1] }, last: 'z' }));
    const got: unknown[] = [];
    const members: Record<string, unknown> = {};
    const outcome = await streamJsonItems(
      file,
      { arrayKey: 'messages' },
      (v) => got.push(v),
      (k, v) => (members[k] = v),
    );
    assert.equal(outcome.complete, true);
    assert.deepEqual(got, [{ id: 'a' }, { id: 'b' }]);
    assert.deepEqual(members, { sessionId: 's1', n: 3, meta: { k: [1] }, last: 'z' });
  });

  it('reports a document cut short and items too large, keeps what it could read', async () => {
    const file = join(dir, 'i.json');
    writeFileSync(file, '[{"a":1},{"b":"' + 'x'.repeat(100) + '"},{"c":3},{"d":');
    const got: unknown[] = [];
    const outcome = await streamJsonItems(file, { maxItemBytes: 50 }, (v) => got.push(v));
    assert.equal(outcome.complete, false);
    assert.deepEqual(got, [{ a: 1 }, { c: 3 }]);
    assert.deepEqual(outcome.bad, [{ index: 1, reason: 'item too large' }]);
    writeFileSync(file, 'not json');
    assert.equal((await streamJsonItems(file, {}, () => undefined)).complete, false);
  });

  it('lists matching files recursively, sorted, and nothing for a missing root', async () => {
    writeFileSync(join(dir, 'b.jsonl'), '');
    rmSync(join(dir, 'sub'), { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'deeper', 'a.jsonl'), '');
    writeFileSync(join(dir, 'sub', 'skip.txt'), '');
    assert.deepEqual(await listFiles(dir, (n) => n.endsWith('.jsonl')), [join(dir, 'b.jsonl'), join(dir, 'sub', 'deeper', 'a.jsonl')]);
    assert.deepEqual(await listFiles(join(dir, 'missing'), () => true), []);
  });
});
