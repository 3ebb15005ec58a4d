import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, type SpendEvent } from '../../src/core';
import { ledgerFiles, serializeSpendEvent } from '../../src/core/spend';

/** The compiled ledger next to this compiled test, for the child processes. */
const compiledLedger = join(__dirname, '..', '..', 'src', 'core', 'spend', 'ledger.js');

function event(id: string, minute = 0, extra: Partial<SpendEvent> = {}): SpendEvent {
  return {
    id,
    time: new Date(Date.UTC(2026, 10, 24, 9, minute)).toISOString(),
    source: 'claude-code',
    sessionId: 'session-1',
    project: '/home/dev/shop',
    model: 'claude-sonnet-4-5',
    tokens: { input: 100, cacheRead: 2000, cacheWrite: 0, cacheWrite1h: 0, output: 50, reasoning: 0 },
    usd: 0.00105,
    costBasis: 'recorded',
    unpricedTokens: 0,
    ...extra,
  };
}

/** A child process's source: appends events through the compiled ledger. */
const WRITER = `
const { Ledger } = require(${JSON.stringify(compiledLedger)});
const [folder, prefix, total, batch, mode] = process.argv.slice(2);
const ledger = new Ledger(folder, { durable: mode !== 'loop' });
const make = (n) => ({
  id: prefix + '-' + n,
  time: new Date(Date.UTC(2026, 10, 24, 9, 0, 0, n)).toISOString(),
  source: 'codex',
  sessionId: prefix,
  model: 'gpt-5',
  tokens: { input: n, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output: 1, reasoning: 0 },
  usd: undefined,
  costBasis: 'calculated',
  unpricedTokens: n + 1,
});
let next = 0;
function step() {
  if (mode !== 'loop' && next >= Number(total)) return;
  const events = [];
  const size = mode === 'loop' ? Number(batch) : Math.min(Number(batch), Number(total) - next);
  for (let i = 0; i < size; i++) events.push(make(next++));
  ledger.append(events);
  process.stdout.write(next + '\\n');
  setImmediate(step);
}
step();
`;

function runWriter(script: string, args: string[]): { child: ChildProcess; done: Promise<number | null>; acked: () => number } {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acked = 0;
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line) acked = Number(line);
  });
  const done = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  return { child, done, acked: () => acked };
}

describe('spend ledger', function () {
  this.timeout(60_000);
  let root: string;
  let folder: string;
  let writer: string;
  let count = 0;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tokenwise-ledger-'));
    writer = join(root, 'writer.js');
    writeFileSync(writer, WRITER);
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => {
    folder = join(root, `ledger-${++count}`);
  });

  it('reads back what it appended, oldest first', async () => {
    const ledger = new Ledger(folder);
    const unknownCost = event('c', 1, { usd: undefined, costBasis: 'calculated', model: 'no-such-model', unpricedTokens: 2150 });
    ledger.append([event('b', 5), unknownCost]);
    ledger.append([event('a', 0)]);
    ledger.append([]);
    const { events, skipped, duplicates, files } = await ledger.read();
    assert.deepEqual(skipped, []);
    assert.equal(duplicates, 0);
    assert.deepEqual(files, [ledger.file]);
    assert.deepEqual(
      events.map((e) => e.id),
      ['a', 'c', 'b'],
    );
    assert.deepEqual(events[1], unknownCost);
    assert.equal(events[1].usd, undefined, 'an unknown cost stays unknown');
    assert.deepEqual(events[2], event('b', 5));
    assert.match(readFileSync(ledger.file as string, 'utf8'), /^(\{.*\}\n){3}$/);
  });

  it('reads an absent folder as an empty ledger', async () => {
    const contents = await new Ledger(join(root, 'never-written')).read();
    assert.deepEqual(contents, { events: [], skipped: [], duplicates: 0, files: [] });
  });

  it('refuses an invalid event and writes nothing of its batch', async () => {
    const ledger = new Ledger(folder);
    const bad = { ...event('bad'), costBasis: 'guessed' } as unknown as SpendEvent;
    assert.throws(() => ledger.append([event('ok'), bad]), TypeError);
    const noCost = { ...event('free'), usd: undefined } as SpendEvent; // recorded, yet no cost
    assert.throws(() => ledger.append([noCost]), TypeError);
    assert.deepEqual((await ledger.read()).events, []);
  });

  it('gives each writer a file of its own and de-duplicates by id across files', async () => {
    const first = new Ledger(folder);
    const second = new Ledger(folder);
    first.append([event('a', 0), event('b', 1)]);
    second.append([event('b', 1, { usd: 99 }), event('c', 2)]);
    first.append([event('c', 2, { usd: 99 }), event('a', 0)]);
    assert.notEqual(first.file, second.file);
    assert.match(first.file as string, /events-\d+-[0-9a-f]+\.jsonl$/);
    const { events, duplicates, files } = await new Ledger(folder).read();
    assert.equal(files.length, 2);
    assert.deepEqual(
      events.map((e) => e.id),
      ['a', 'b', 'c'],
    );
    assert.equal(duplicates, 3);
    // The first read wins: files are read by name, lines in order.
    const firstFileFirst = (first.file as string) < (second.file as string);
    assert.equal(events.find((e) => e.id === 'b')?.usd, firstFileFirst ? event('b').usd : 99);
  });

  it('skips and reports a torn last line, and keeps every complete event', async () => {
    const ledger = new Ledger(folder);
    ledger.append([event('a', 0), event('b', 1)]);
    const half = serializeSpendEvent(event('c', 2));
    appendFileSync(ledger.file as string, half.slice(0, Math.floor(half.length / 2)));
    const { events, skipped } = await ledger.read();
    assert.deepEqual(
      events.map((e) => e.id),
      ['a', 'b'],
    );
    assert.deepEqual(skipped, [{ file: ledger.file, line: 3, reason: 'torn last line (incomplete write)' }]);
  });

  it('after a failed write, starts the next batch on a fresh line', async () => {
    const ledger = new Ledger(folder);
    ledger.append([event('a', 0)]);
    // A write cut short: the tail is torn and the writer lives on.
    const half = serializeSpendEvent(event('b', 1));
    appendFileSync(ledger.file as string, half.slice(0, 40));
    (ledger as unknown as { tornTail: boolean }).tornTail = true;
    ledger.append([event('c', 2)]);
    const { events, skipped } = await ledger.read();
    assert.deepEqual(
      events.map((e) => e.id),
      ['a', 'c'],
    );
    assert.deepEqual(skipped, [{ file: ledger.file, line: 2, reason: 'malformed JSON' }]);
  });

  it('reports malformed, invalid and overlong lines with file and line, and reads on', async () => {
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'events-1-abc.jsonl');
    const lines = [
      serializeSpendEvent(event('a', 0)),
      'not json',
      JSON.stringify({ id: 'x', source: 'codex' }),
      '',
      'x'.repeat(300 * 1024),
      serializeSpendEvent(event('b', 1)) + '\r',
      serializeSpendEvent(event('c', 2)),
    ];
    writeFileSync(file, lines.join('\n'));
    writeFileSync(join(folder, 'notes.txt'), 'not a ledger file\n');
    const { events, skipped, files } = await new Ledger(folder).read();
    assert.deepEqual(files, [file]);
    assert.deepEqual(
      events.map((e) => e.id),
      ['a', 'b', 'c'],
      'an unterminated but complete last line is an event',
    );
    assert.deepEqual(
      skipped.map((s) => [s.file, s.line]),
      [
        [file, 2],
        [file, 3],
        [file, 5],
      ],
    );
    assert.equal(skipped[0].reason, 'malformed JSON');
    assert.match(skipped[1].reason, /^not a spend event: no valid time/);
    assert.match(skipped[2].reason, /^line longer than/);
  });

  it('splits a large batch into writes of whole lines', async () => {
    const ledger = new Ledger(folder, { durable: false });
    const many = Array.from({ length: 2000 }, (_, n) => event(`e${n}`, n % 60, { project: `/work/${'p'.repeat(50)}` }));
    ledger.append(many);
    assert.ok(statSync(ledger.file as string).size > 4 * 64 * 1024);
    const { events, skipped } = await ledger.read();
    assert.equal(events.length, 2000);
    assert.deepEqual(skipped, []);
  });

  it('loses and duplicates nothing when two processes append at once', async () => {
    const a = runWriter(writer, [folder, 'a', '500', '10', 'batches']);
    const b = runWriter(writer, [folder, 'b', '500', '7', 'batches']);
    assert.deepEqual(await Promise.all([a.done, b.done]), [0, 0]);
    const { events, skipped, duplicates, files } = await new Ledger(folder).read();
    assert.equal(files.length, 2);
    assert.deepEqual(await ledgerFiles(folder), files);
    assert.deepEqual(skipped, []);
    assert.equal(duplicates, 0);
    const ids = new Set(events.map((e) => e.id));
    assert.equal(events.length, 1000);
    assert.equal(ids.size, 1000);
    for (let n = 0; n < 500; n++) assert.ok(ids.has(`a-${n}`) && ids.has(`b-${n}`), `event ${n} is missing`);
    // Nothing duplicated on disk either: exactly one line per event.
    const lines = files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 0);
    assert.equal(lines, 1000);
  });

  for (const [batch, target] of [
    [25, 2000],
    [400, 3000],
    [1, 300],
  ] as const) {
    it(`stays readable after a writer is killed mid-append (batches of ${batch}), with every written event once`, async () => {
      const loop = runWriter(writer, [folder, 'k', '0', String(batch), 'loop']);
      // Let it append a while, then kill it without warning.
      const deadline = Date.now() + 20_000;
      while (loop.acked() < target && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      const acked = loop.acked();
      loop.child.kill('SIGKILL');
      await loop.done;
      assert.ok(acked > 0, 'the writer appended before it was killed');

      const { events, skipped, duplicates, files } = await new Ledger(folder).read();
      assert.equal(files.length, 1);
      assert.equal(duplicates, 0);
      // At most a torn tail is skipped.
      assert.ok(skipped.length <= 1, JSON.stringify(skipped));
      const lines = readFileSync(files[0], 'utf8').split('\n');
      for (const skip of skipped) {
        assert.equal(skip.line, lines.length, 'only the last line may be torn');
        assert.equal(skip.reason, 'torn last line (incomplete write)');
      }
      // Every acknowledged event is there, and the events form one unbroken run from the first: none lost, none twice.
      assert.ok(events.length >= acked, `${events.length} events read, ${acked} acknowledged`);
      assert.equal(lines.filter(Boolean).length - skipped.length, events.length, 'one line per event on disk');
      const numbers = events.map((e) => Number(e.id.slice(2))).sort((x, y) => x - y);
      numbers.forEach((n, index) => assert.equal(n, index));
      assert.deepEqual(readdirSync(folder), [files[0].slice(folder.length + 1)]);
    });
  }
});
