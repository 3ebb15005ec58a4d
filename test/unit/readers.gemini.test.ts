import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geminiCliDefaultPaths, readGeminiCli, type GeminiCliState } from '../../src/core/readers/geminiCli';
import { skippedCount, type UsageRow } from '../../src/core/readers/usageRow';

const header = (sessionId = 'gs1') =>
  JSON.stringify({
    sessionId,
    projectHash: 'abc123',
    startTime: '2026-05-02T09:00:00Z',
    lastUpdated: '2026-05-02T09:00:00Z',
    kind: 'main',
  });
const userMsg = (id: string) => JSON.stringify({ id, timestamp: '2026-05-02T09:00:10Z', type: 'user', content: 'hello' });
type T = { input: number; output: number; cached: number; thoughts: number; tool?: number };
const gem = (id: string, tokens: T | null, model = 'gemini-2.5-pro', ts = '2026-05-02T09:00:12Z') =>
  JSON.stringify({
    id,
    timestamp: ts,
    type: 'gemini',
    content: 'reply',
    model,
    tokens: tokens && { ...tokens, tool: tokens.tool ?? 0, total: tokens.input + tokens.output + tokens.thoughts + (tokens.tool ?? 0) },
  });
const sum = (rows: UsageRow[], f: keyof UsageRow['tokens']) => rows.reduce((n, r) => n + r.tokens[f], 0);

describe('readers: Gemini CLI', () => {
  let home: string;
  let chats: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'tokenwise-gemini-'));
    chats = join(home, '.gemini', 'tmp', 'abc123', 'chats');
    mkdirSync(chats, { recursive: true });
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  const roots = () => geminiCliDefaultPaths({ GEMINI_CLI_HOME: home }, 'linux', '/nowhere');
  const write = (name: string, lines: string[]) => {
    const file = join(chats, name);
    writeFileSync(file, lines.map((l) => l + '\n').join(''));
    return file;
  };

  it('the last record per message id wins', async () => {
    write('session-2026-05-02T09-00-gs1.jsonl', [
      header(),
      userMsg('u1'),
      gem('m1', null), // streaming, no tokens yet
      gem('m1', { input: 1000, output: 20, cached: 0, thoughts: 0 }),
      gem('m1', { input: 1000, output: 300, cached: 200, thoughts: 50 }),
      userMsg('u2'),
      gem('m2', { input: 1500, output: 10, cached: 1000, thoughts: 0 }),
    ]);
    const { rows, stats } = await readGeminiCli(roots());
    assert.deepEqual(
      rows.map((r) => r.id),
      ['gemini-cli:gs1:m1', 'gemini-cli:gs1:m2'],
    );
    // m1 from its last record: input 1000 - cached 200 = 800, output 300, thoughts 50
    assert.deepEqual(rows[0].tokens, { input: 800, cacheRead: 200, cacheWrite: 0, cacheWrite1h: 0, output: 300, reasoning: 50 });
    // output over the session: 300 + 10 = 310 (summing every record would give 20 + 300 + 10 = 330)
    assert.equal(sum(rows, 'output'), 310);
    assert.equal(rows[0].model, 'gemini-2.5-pro');
    assert.equal(rows[0].sessionId, 'gs1');
    assert.equal(rows[0].source, 'gemini-cli');
    assert.equal(skippedCount(stats), 0);
  });

  it('input includes cached, thoughts are output-priced reasoning, tool tokens are input', async () => {
    write('session-a.jsonl', [header(), gem('m1', { input: 52000, output: 1900, cached: 41000, thoughts: 700, tool: 300 })]);
    const { rows } = await readGeminiCli(roots());
    // input: 52000 - 41000 cached + 300 tool = 11300; reasoning 700 apart from output 1900
    assert.deepEqual(rows[0].tokens, { input: 11300, cacheRead: 41000, cacheWrite: 0, cacheWrite1h: 0, output: 1900, reasoning: 700 });
  });

  it('$set lines are not counted, even holding the whole message array; $rewindTo keeps what was spent', async () => {
    write('session-b.jsonl', [
      header(),
      userMsg('u1'),
      gem('m1', { input: 100, output: 10, cached: 0, thoughts: 0 }),
      userMsg('u2'),
      gem('m2', { input: 200, output: 20, cached: 0, thoughts: 0 }),
      JSON.stringify({
        $set: {
          lastUpdated: '2026-05-02T09:05:00Z',
          messages: [JSON.parse(gem('m1', { input: 9999, output: 9999, cached: 0, thoughts: 0 }))],
        },
      }),
      JSON.stringify({ $rewindTo: 'u2' }),
      userMsg('u3'),
      gem('m3', { input: 300, output: 30, cached: 0, thoughts: 0 }),
    ]);
    const { rows, stats } = await readGeminiCli(roots());
    // m2 was rewound away from the conversation but its call was billed: 100 + 200 + 300 = 600 input
    assert.deepEqual(
      rows.map((r) => r.id),
      ['gemini-cli:gs1:m1', 'gemini-cli:gs1:m2', 'gemini-cli:gs1:m3'],
    );
    assert.equal(sum(rows, 'input'), 600);
    // nothing from the $set copy: output 10 + 20 + 30 = 60
    assert.equal(sum(rows, 'output'), 60);
    assert.equal(skippedCount(stats), 0);
  });

  it('incremental: appended records only; a message updated later comes back under its id', async () => {
    const file = write('session-c.jsonl', [header(), gem('m1', { input: 10, output: 1, cached: 0, thoughts: 0 })]);
    const first = await readGeminiCli(roots());
    assert.equal(first.rows.length, 1);
    appendFileSync(
      file,
      gem('m1', { input: 10, output: 5, cached: 0, thoughts: 0 }) +
        '\n' +
        gem('m2', { input: 20, output: 2, cached: 0, thoughts: 0 }).slice(0, 30),
    );
    const second = await readGeminiCli(roots(), JSON.parse(JSON.stringify(first.cursorState)) as GeminiCliState);
    assert.deepEqual(
      second.rows.map((r) => [r.id, r.tokens.output]),
      [['gemini-cli:gs1:m1', 5]],
    );
    appendFileSync(
      file,
      gem('m2', { input: 20, output: 2, cached: 0, thoughts: 0 }).slice(30) +
        '\n' +
        gem('m2', { input: 20, output: 2, cached: 0, thoughts: 0 }) +
        '\n',
    );
    const third = await readGeminiCli(roots(), second.cursorState);
    // the same m2 record twice: returned once, and not again later
    assert.deepEqual(
      third.rows.map((r) => r.id),
      ['gemini-cli:gs1:m2'],
    );
    assert.deepEqual((await readGeminiCli(roots(), third.cursorState)).rows, []);
  });

  it('older .json files are read whole, and again when rewritten in place', async () => {
    const file = join(chats, 'session-2025-08-01T10-00-old1.json');
    const doc = (messages: unknown[]) =>
      JSON.stringify({ sessionId: 'old1', projectHash: 'abc123', startTime: '2025-08-01T10:00:00Z', messages }, null, 2);
    const m1 = JSON.parse(gem('m1', { input: 400, output: 40, cached: 100, thoughts: 4 }, 'gemini-2.5-flash', '2025-08-01T10:00:05Z'));
    writeFileSync(file, doc([{ id: 'u1', type: 'user', timestamp: '2025-08-01T10:00:01Z', content: 'q' }, m1]));
    const first = await readGeminiCli(roots());
    // input 400 - 100 cached = 300
    assert.deepEqual(
      first.rows.map((r) => [r.id, r.tokens.input, r.tokens.cacheRead, r.model]),
      [['gemini-cli:old1:m1', 300, 100, 'gemini-2.5-flash']],
    );
    const unchanged = await readGeminiCli(roots(), first.cursorState);
    assert.deepEqual(unchanged.rows, []);
    const m2 = JSON.parse(gem('m2', { input: 800, output: 80, cached: 0, thoughts: 0 }, 'gemini-2.5-flash', '2025-08-01T10:01:00Z'));
    writeFileSync(file, doc([{ id: 'u1', type: 'user', timestamp: '2025-08-01T10:00:01Z', content: 'q' }, m1, m2]));
    utimesSync(file, new Date('2025-08-01T10:02:00Z'), new Date('2025-08-01T10:02:00Z'));
    const second = await readGeminiCli(roots(), first.cursorState);
    // only the new message: m1 is unchanged
    assert.deepEqual(
      second.rows.map((r) => [r.id, r.tokens.input]),
      [['gemini-cli:old1:m2', 800]],
    );
  });

  it('counts malformed and unknown lines and goes on', async () => {
    write('session-d.jsonl', [
      header(),
      '{oops',
      '42',
      JSON.stringify({ what: 'ever' }),
      JSON.stringify({ id: 'm0', type: 'gemini', tokens: { input: 1, output: 1 } }),
      gem('m1', { input: 2, output: 1, cached: 0, thoughts: 0 }),
    ]);
    const { rows, stats } = await readGeminiCli(roots());
    assert.equal(rows.length, 1);
    assert.deepEqual(
      stats.skipped.map((s) => [s.reason, s.line]),
      [
        ['malformed JSON', 2],
        ['not a JSON object', 3],
        ['unknown line', 4],
        ['no timestamp', 5],
      ],
    );
  });

  it('default location follows GEMINI_CLI_HOME', () => {
    assert.deepEqual(geminiCliDefaultPaths({}, 'linux', '/home/u'), ['/home/u/.gemini/tmp']);
    assert.deepEqual(geminiCliDefaultPaths({ GEMINI_CLI_HOME: '/g' }, 'linux', '/home/u'), ['/g/.gemini/tmp']);
    assert.deepEqual(geminiCliDefaultPaths({}, 'win32', 'C:\\Users\\u'), ['C:\\Users\\u\\.gemini\\tmp']);
  });
});
