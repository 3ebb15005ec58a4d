import * as assert from 'node:assert/strict';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { claudeCodeDefaultPaths, emptyClaudeCodeState, readClaudeCode, type ClaudeCodeState } from '../../src/core/readers/claudeCode';
import { totalTokens } from '../../src/core';
import { skippedCount, type UsageRow } from '../../src/core/readers/usageRow';
import { logSourceRoots, readLogSource } from '../../src/core/readers';

interface Line {
  msg?: string;
  req?: string;
  out: number;
  inp?: number;
  cr?: number;
  cw?: number;
  session?: string;
  side?: boolean;
  model?: string;
  ts?: string;
  extra?: Record<string, unknown>;
  usage?: Record<string, unknown>;
}

function assistant(l: Line): string {
  const message: Record<string, unknown> = {
    model: l.model ?? 'claude-sonnet-4-5',
    usage: {
      input_tokens: l.inp ?? 0,
      output_tokens: l.out,
      cache_creation_input_tokens: l.cw ?? 0,
      cache_read_input_tokens: l.cr ?? 0,
      ...l.usage,
    },
  };
  if (l.msg !== undefined) message.id = l.msg;
  const line: Record<string, unknown> = {
    type: 'assistant',
    timestamp: l.ts ?? '2026-05-02T09:14:03Z',
    sessionId: l.session ?? 's1',
    cwd: '/work/app',
    isSidechain: l.side ?? false,
    message,
    ...l.extra,
  };
  if (l.req !== undefined) line.requestId = l.req;
  return JSON.stringify(line);
}
const user = (text: string) =>
  JSON.stringify({ type: 'user', timestamp: '2026-05-02T09:14:00Z', sessionId: 's1', message: { role: 'user', content: text } });

/** Sum of one token field over rows, keeping the latest row per id as a consumer would. */
function latest(rowsPerPass: UsageRow[][]): UsageRow[] {
  const byId = new Map<string, UsageRow>();
  for (const rows of rowsPerPass) for (const row of rows) byId.set(row.id, row);
  return [...byId.values()];
}
const sum = (rows: UsageRow[], field: keyof UsageRow['tokens']) => rows.reduce((n, r) => n + r.tokens[field], 0);

describe('readers: Claude Code', () => {
  let root: string;
  let project: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tokenwise-claude-'));
    project = join(root, '-work-app');
    mkdirSync(project, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (name: string, lines: string[]) => {
    const file = join(project, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, lines.map((l) => l + '\n').join(''));
    return file;
  };

  it('streaming partials: keeps the line with the largest totals, not the first', async () => {
    write('s1.jsonl', [
      user('hi'),
      assistant({ msg: 'msg_A', req: 'req_1', inp: 4, cr: 30210, cw: 1500, out: 1 }),
      assistant({ msg: 'msg_A', req: 'req_1', inp: 4, cr: 30210, cw: 1500, out: 90 }),
      assistant({ msg: 'msg_A', req: 'req_1', inp: 4, cr: 30210, cw: 1500, out: 212 }),
      assistant({ msg: 'msg_B', req: 'req_2', inp: 10, out: 50 }),
    ]);
    const { rows, stats } = await readClaudeCode([root]);
    assert.equal(rows.length, 2);
    const a = rows.find((r) => r.id === 'claude-code:msg_A:req_1')!;
    // output: the final line's 212 (the first line's 1 would undercount by 211)
    assert.deepEqual(a.tokens, { input: 4, cacheRead: 30210, cacheWrite: 1500, cacheWrite1h: 0, output: 212, reasoning: 0 });
    // output over the file: 212 + 50 = 262; input: 4 + 10 = 14
    assert.equal(sum(rows, 'output'), 262);
    assert.equal(sum(rows, 'input'), 14);
    assert.equal(a.sessionId, 's1');
    assert.equal(a.project, '/work/app');
    assert.equal(a.model, 'claude-sonnet-4-5');
    assert.equal(a.time, '2026-05-02T09:14:03.000Z');
    assert.equal(skippedCount(stats), 0);
  });

  it('streaming partials across passes: the grown row comes back under the same id', async () => {
    const file = write('s1.jsonl', [assistant({ msg: 'msg_A', req: 'req_1', inp: 4, out: 30 })]);
    const first = await readClaudeCode([root]);
    assert.equal(first.rows[0].tokens.output, 30);
    appendFileSync(
      file,
      assistant({ msg: 'msg_A', req: 'req_1', inp: 4, out: 212 }) +
        '\n' +
        assistant({ msg: 'msg_A', req: 'req_1', inp: 4, out: 100 }) +
        '\n',
    );
    const second = await readClaudeCode([root], first.cursorState);
    assert.deepEqual(
      second.rows.map((r) => [r.id, r.tokens.output]),
      [['claude-code:msg_A:req_1', 212]],
    );
    // consumer keeps the latest per id: output 212, not 30 + 212 = 242
    assert.equal(sum(latest([first.rows, second.rows]), 'output'), 212);
  });

  it('resumed sessions: lines copied into a new file are counted once (message.id alone without requestId)', async () => {
    const a1 = assistant({ msg: 'msg_1', req: 'req_1', inp: 100, out: 10 });
    const a2 = assistant({ msg: 'msg_2', inp: 200, out: 20 }); // third-party endpoint: no requestId
    write('s1.jsonl', [user('q'), a1, a2]);
    write('s2.jsonl', [
      user('q'),
      a1.replace('"s1"', '"s2"'),
      a2.replace('"s1"', '"s2"'),
      assistant({ msg: 'msg_3', req: 'req_3', inp: 300, out: 30, session: 's2' }),
    ]);
    const { rows } = await readClaudeCode([root]);
    assert.deepEqual(rows.map((r) => r.id).sort(), ['claude-code:msg_1:req_1', 'claude-code:msg_2', 'claude-code:msg_3:req_3']);
    // input 100 + 200 + 300 = 600 (not 900 with the copies); output 10 + 20 + 30 = 60
    assert.equal(sum(rows, 'input'), 600);
    assert.equal(sum(rows, 'output'), 60);
    // the first copy keeps its session
    assert.equal(rows.find((r) => r.id === 'claude-code:msg_1:req_1')!.sessionId, 's1');
  });

  it('resumed session read in a later pass: copies are not returned again', async () => {
    const a1 = assistant({ msg: 'msg_1', req: 'req_1', inp: 100, out: 10 });
    write('s1.jsonl', [a1]);
    const first = await readClaudeCode([root]);
    write('s2.jsonl', [a1, assistant({ msg: 'msg_2', req: 'req_2', inp: 5, out: 7 })]);
    const second = await readClaudeCode([root], first.cursorState);
    assert.deepEqual(
      second.rows.map((r) => r.id),
      ['claude-code:msg_2:req_2'],
    );
  });

  it('sidechain replays of a parent message keep the parent copy', async () => {
    write('s1.jsonl', [assistant({ msg: 'msg_P', req: 'req_parent', inp: 1000, out: 400 })]);
    write('s1/subagents/agent-1.jsonl', [
      assistant({ msg: 'msg_P', req: 'req_side', inp: 1000, out: 400, side: true }),
      assistant({ msg: 'msg_S', req: 'req_S', inp: 50, out: 5, side: true }),
    ]);
    const { rows } = await readClaudeCode([root]);
    assert.deepEqual(
      rows.map((r) => r.id),
      ['claude-code:msg_P:req_parent', 'claude-code:msg_S:req_S'],
    );
    // input 1000 + 50 = 1050 (the replay would add another 1000)
    assert.equal(sum(rows, 'input'), 1050);
  });

  it('sidechain replay read before its parent in one pass: the parent copy still wins', async () => {
    write('a-side.jsonl', [assistant({ msg: 'msg_P', req: 'req_side', inp: 1000, out: 400, side: true })]);
    write('b-main.jsonl', [assistant({ msg: 'msg_P', req: 'req_parent', inp: 1000, out: 400 })]);
    const { rows } = await readClaudeCode([root]);
    assert.deepEqual(
      rows.map((r) => r.id),
      ['claude-code:msg_P:req_parent'],
    );
  });

  it('hands rows to a sink file by file, holding a sidechain replay until its parent can no longer come', async () => {
    write('a-side.jsonl', [
      assistant({ msg: 'msg_P', req: 'req_side', inp: 1000, out: 400, side: true }),
      assistant({ msg: 'msg_A', req: 'req_A', inp: 10, out: 1 }),
    ]);
    write('b-main.jsonl', [assistant({ msg: 'msg_P', req: 'req_parent', inp: 1000, out: 400 })]);
    write('c-main.jsonl', [assistant({ msg: 'msg_C', req: 'req_C', inp: 20, out: 2 })]);
    const handed: string[][] = [];
    const { rows, stats } = await readClaudeCode([root], undefined, {}, (ready) => handed.push(ready.map((row) => row.id)));
    // The replay is never handed over: the parent's copy replaced it before the pass ended.
    assert.deepEqual(handed, [['claude-code:msg_A:req_A'], ['claude-code:msg_P:req_parent'], ['claude-code:msg_C:req_C']]);
    assert.deepEqual(rows, []);
    assert.equal(stats.rows, 3);
    const whole = await readClaudeCode([root]);
    assert.deepEqual(whole.rows.map((row) => row.id).sort(), handed.flat().sort());
  });

  it('a response that goes on in a later file is handed over again with more tokens', async () => {
    write('a.jsonl', [assistant({ msg: 'msg_G', req: 'req_G', inp: 5, out: 1 })]);
    write('b.jsonl', [assistant({ msg: 'msg_G', req: 'req_G', inp: 5, out: 90 })]);
    const handed: UsageRow[] = [];
    await readClaudeCode([root], undefined, {}, (ready) => handed.push(...ready));
    assert.deepEqual(
      handed.map((row) => [row.id, row.tokens.output]),
      [
        ['claude-code:msg_G:req_G', 1],
        ['claude-code:msg_G:req_G', 90],
      ],
    );
  });

  it('skips <synthetic> models and API error messages', async () => {
    write('s1.jsonl', [
      assistant({ msg: 'msg_syn', req: 'r1', out: 0, model: '<synthetic>' }),
      assistant({ msg: 'msg_err', req: 'r2', inp: 9, out: 9, extra: { isApiErrorMessage: true } }),
      assistant({ msg: 'msg_ok', req: 'r3', inp: 3, out: 7 }),
    ]);
    const { rows, stats } = await readClaudeCode([root]);
    assert.deepEqual(
      rows.map((r) => r.id),
      ['claude-code:msg_ok:r3'],
    );
    assert.equal(sum(rows, 'output'), 7);
    assert.equal(skippedCount(stats), 0);
  });

  it('keeps an old costUSD as recorded cost, splits 5-minute and 1-hour cache writes, keeps speed', async () => {
    write('s1.jsonl', [
      assistant({ msg: 'm1', req: 'r1', inp: 10, out: 20, extra: { costUSD: 0.0123 } }),
      assistant({
        msg: 'm2',
        req: 'r2',
        inp: 1,
        out: 2,
        cw: 3000,
        usage: { cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 }, speed: 'fast' },
      }),
    ]);
    const { rows } = await readClaudeCode([root]);
    assert.equal(rows[0].recordedUsd, 0.0123);
    assert.equal(rows[1].recordedUsd, undefined);
    // cache writes 3000 = 1000 (5 min) + 2000 (1 h)
    assert.equal(rows[1].tokens.cacheWrite, 1000);
    assert.equal(rows[1].tokens.cacheWrite1h, 2000);
    assert.equal(totalTokens(rows[1].tokens), 1 + 2 + 3000);
    assert.equal(rows[1].billingMode, 'fast');
  });

  it('counts and skips malformed and unknown lines, never throws', async () => {
    write('s1.jsonl', [
      '{"type":"assistant", broken',
      '[1,2,3]',
      '{"no":"type"}',
      JSON.stringify({ type: 'assistant', timestamp: '2026-05-02T09:14:03Z', message: { id: 'x' } }),
      JSON.stringify({ type: 'assistant', message: { id: 'y', usage: { output_tokens: 1 } } }),
      JSON.stringify({ type: 'summary', summary: 'known, no usage' }),
      assistant({ msg: 'm_ok', req: 'r', inp: 1, out: 1 }),
    ]);
    const { rows, stats } = await readClaudeCode([root]);
    assert.equal(rows.length, 1);
    assert.deepEqual(
      stats.skipped.map((s) => [s.reason, s.line]),
      [
        ['malformed JSON', 1],
        ['not a JSON object', 2],
        ['unknown line (no type)', 3],
        ['assistant line without usage', 4],
        ['no timestamp', 5],
      ],
    );
    assert.equal(stats.files, 1);
    assert.equal(stats.rows, 1);
  });

  it('incremental: only appended lines are read; a partial last line waits for its end', async () => {
    const file = write('s1.jsonl', [assistant({ msg: 'm1', req: 'r1', inp: 1, out: 1 })]);
    const first = await readClaudeCode([root]);
    assert.equal(first.rows.length, 1);
    const whole = assistant({ msg: 'm2', req: 'r2', inp: 2, out: 2 });
    appendFileSync(file, whole.slice(0, 40));
    const second = await readClaudeCode([root], first.cursorState);
    assert.deepEqual(second.rows, []);
    assert.equal(skippedCount(second.stats), 0);
    appendFileSync(file, whole.slice(40) + '\n');
    const third = await readClaudeCode([root], JSON.parse(JSON.stringify(second.cursorState)) as ClaudeCodeState);
    assert.deepEqual(
      third.rows.map((r) => r.id),
      ['claude-code:m2:r2'],
    );
    const fourth = await readClaudeCode([root], third.cursorState);
    assert.deepEqual(fourth.rows, []);
  });

  it('a truncated or rotated file is read again from the start', async () => {
    const file = write('s1.jsonl', [
      assistant({ msg: 'm1', req: 'r1', inp: 1, out: 1 }),
      assistant({ msg: 'm2', req: 'r2', inp: 1, out: 1 }),
    ]);
    const first = await readClaudeCode([root]);
    writeFileSync(file, assistant({ msg: 'm3', req: 'r3', inp: 3, out: 3 }) + '\n');
    const second = await readClaudeCode([root], first.cursorState);
    assert.deepEqual(
      second.rows.map((r) => r.id),
      ['claude-code:m3:r3'],
    );
    const fresh = join(project, 'next.tmp');
    writeFileSync(
      fresh,
      [assistant({ msg: 'm3', req: 'r3', inp: 3, out: 3 }), assistant({ msg: 'm4', req: 'r4', inp: 4, out: 4 }), ''].join('\n'),
    );
    renameSync(fresh, file);
    const third = await readClaudeCode([root], second.cursorState);
    // m3 was already returned: only m4 is new
    assert.deepEqual(
      third.rows.map((r) => r.id),
      ['claude-code:m4:r4'],
    );
  });

  it('forgets de-duplication entries past the horizon, keeps the cursor state plain JSON', async () => {
    write('s1.jsonl', [
      assistant({ msg: 'old', req: 'r', ts: '2026-01-01T00:00:00Z', out: 1 }),
      assistant({ msg: 'new', req: 'r', ts: '2026-05-01T00:00:00Z', out: 1 }),
    ]);
    const { cursorState } = await readClaudeCode([root], emptyClaudeCodeState(), { forgetAfterDays: 60 });
    assert.deepEqual(Object.keys(cursorState.seen), ['new']);
    assert.deepEqual(JSON.parse(JSON.stringify(cursorState)), cursorState);
  });

  it('default locations follow CLAUDE_CONFIG_DIR, XDG_CONFIG_HOME and the home folder', () => {
    assert.deepEqual(claudeCodeDefaultPaths({}, 'linux', '/home/u'), ['/home/u/.config/claude/projects', '/home/u/.claude/projects']);
    assert.deepEqual(claudeCodeDefaultPaths({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u'), [
      '/x/claude/projects',
      '/home/u/.claude/projects',
    ]);
    assert.deepEqual(claudeCodeDefaultPaths({ CLAUDE_CONFIG_DIR: '/a/cfg, /b/cfg ,', XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u'), [
      '/a/cfg/projects',
      '/b/cfg/projects',
    ]);
    assert.deepEqual(claudeCodeDefaultPaths({}, 'win32', 'C:\\Users\\u'), [
      'C:\\Users\\u\\.config\\claude\\projects',
      'C:\\Users\\u\\.claude\\projects',
    ]);
  });

  it('settings switch a source off or replace its folders; a foreign persisted state starts over', async () => {
    assert.deepEqual(logSourceRoots('claude-code', { enabled: false }, {}, 'linux', '/home/u'), []);
    assert.deepEqual(logSourceRoots('codex', { paths: [' /logs/codex ', ''] }, {}, 'linux', '/home/u'), ['/logs/codex']);
    assert.deepEqual(logSourceRoots('gemini-cli', { paths: [] }, {}, 'linux', '/home/u'), ['/home/u/.gemini/tmp']);
    assert.equal(
      logSourceRoots('roo-code', undefined, {}, 'linux', '/home/u')[0],
      '/home/u/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks',
    );
    write('s1.jsonl', [assistant({ msg: 'm1', req: 'r1', inp: 1, out: 2 })]);
    const { rows } = await readLogSource('claude-code', [root], { something: 'else' });
    assert.deepEqual(
      rows.map((r) => r.id),
      ['claude-code:m1:r1'],
    );
  });

  it('streams a ~50 MB log without holding it in memory', async function () {
    this.timeout(120_000);
    const file = join(project, 'big.jsonl');
    const fd = openSync(file, 'w');
    const filler = user('x'.repeat(4000)) + '\n';
    let written = 0;
    let n = 0;
    while (written < 50 * 1024 * 1024) {
      let block = '';
      for (let i = 0; i < 19; i++) block += filler;
      block += assistant({ msg: `msg_${n}`, req: `req_${n}`, inp: 3, out: 5 }) + '\n';
      n++;
      written += writeSync(fd, block);
    }
    closeSync(fd);
    const size = statSync(file).size;
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 2);
    const { rows } = await readClaudeCode([root]);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    assert.equal(rows.length, n);
    // output: 5 per response × n responses
    assert.equal(sum(rows, 'output'), 5 * n);
    const grown = peak - before;
    assert.ok(grown < size / 3, `heap grew by ${grown} bytes while reading ${size} bytes`);
  });
});
