import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clineDefaultPaths, clineTasksBeside, readCline, vscodeUserDirs, type ClineState } from '../../src/core/readers/cline';
import type { UsageRow } from '../../src/core/readers/usageRow';

interface Req {
  tokensIn?: number;
  tokensOut?: number;
  cacheWrites?: number;
  cacheReads?: number;
  cost?: number;
  cancelReason?: string;
  modelInfo?: { providerId: string; modelId: string; mode: string };
}
const req = (ts: number, info: Req) => ({
  ts,
  type: 'say',
  say: 'api_req_started',
  text: JSON.stringify({ request: '<task>…</task>', ...info }),
});
const text = (ts: number) => ({ ts, type: 'say', say: 'text', text: 'Working on it' });
const ask = (ts: number) => ({ ts, type: 'ask', ask: 'tool', text: '{"tool":"readFile"}' });
const T0 = Date.parse('2026-05-02T09:00:00Z');
const sum = (rows: UsageRow[], f: keyof UsageRow['tokens']) => rows.reduce((n, r) => n + r.tokens[f], 0);
const usd = (rows: UsageRow[]) => Math.round(rows.reduce((n, r) => n + (r.recordedUsd ?? 0), 0) * 1e6) / 1e6;

describe('readers: Cline, Roo Code, Kilo Code', () => {
  let tasks: string;
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'tokenwise-cline-'));
    tasks = join(base, 'globalStorage', 'saoudrizwan.claude-dev', 'tasks');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));
  let tick = 0;
  const write = (root: string, taskId: string, items: unknown[]) => {
    const dir = join(root, taskId);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'ui_messages.json');
    writeFileSync(file, JSON.stringify(items));
    tick += 10;
    utimesSync(file, new Date(T0 + tick * 1000), new Date(T0 + tick * 1000)); // a distinct mtime per rewrite
    return file;
  };

  it('rows are updated in place: keyed by (taskId, ts), re-read when the file changes', async () => {
    write(tasks, 'task-1', [
      text(T0),
      req(T0 + 1000, { tokensIn: 12, tokensOut: 340, cacheWrites: 5000, cacheReads: 0, cost: 0.02394 }),
      ask(T0 + 2000),
      req(T0 + 3000, {}), // started, not finished
    ]);
    const first = await readCline([tasks]);
    assert.deepEqual(
      first.rows.map((r) => r.id),
      [`cline:task-1:${T0 + 1000}`],
    );
    // the request ends: same ts, now with its usage
    write(tasks, 'task-1', [
      text(T0),
      req(T0 + 1000, { tokensIn: 12, tokensOut: 340, cacheWrites: 5000, cacheReads: 0, cost: 0.02394 }),
      ask(T0 + 2000),
      req(T0 + 3000, { tokensIn: 3, tokensOut: 120, cacheWrites: 200, cacheReads: 5000, cost: 0.004 }),
    ]);
    const second = await readCline([tasks], JSON.parse(JSON.stringify(first.cursorState)) as ClineState);
    assert.deepEqual(
      second.rows.map((r) => r.id),
      [`cline:task-1:${T0 + 3000}`],
    );
    const all = [...first.rows, ...second.rows];
    // recorded cost as is: 0.02394 + 0.004 = 0.02794
    assert.equal(usd(all), 0.02794);
    // input 12 + 3 = 15; output 340 + 120 = 460; cache writes 5000 + 200 = 5200; cache reads 0 + 5000
    assert.equal(sum(all, 'input'), 15);
    assert.equal(sum(all, 'output'), 460);
    assert.equal(sum(all, 'cacheWrite'), 5200);
    assert.equal(sum(all, 'cacheRead'), 5000);
    assert.equal(second.rows[0].time, new Date(T0 + 3000).toISOString());
    assert.equal(second.rows[0].sessionId, 'task-1');
    // unchanged file: nothing again
    assert.deepEqual((await readCline([tasks], second.cursorState)).rows, []);
  });

  it('a row changed in place (cancelled, cost revised) comes back under the same id', async () => {
    write(tasks, 't2', [req(T0, { tokensIn: 10, tokensOut: 5, cost: 0.001 })]);
    const first = await readCline([tasks]);
    write(tasks, 't2', [req(T0, { tokensIn: 10, tokensOut: 50, cost: 0.003, cancelReason: 'user_cancelled' })]);
    const second = await readCline([tasks], first.cursorState);
    assert.deepEqual(
      second.rows.map((r) => [r.id, r.tokens.output, r.recordedUsd]),
      [[`cline:t2:${T0}`, 50, 0.003]],
    );
    // the consumer keeps the latest per id: total 0.003, not 0.001 + 0.003
    const latest = new Map([...first.rows, ...second.rows].map((r) => [r.id, r]));
    assert.equal(usd([...latest.values()]), 0.003);
  });

  it('takes the model from modelInfo when present', async () => {
    write(tasks, 't3', [
      req(T0, {
        tokensIn: 1,
        tokensOut: 1,
        cost: 0.0001,
        modelInfo: { providerId: 'anthropic', modelId: 'claude-sonnet-4-5', mode: 'act' },
      }),
      req(T0 + 1, { tokensIn: 1, tokensOut: 1, cost: 0.0001 }),
    ]);
    const { rows } = await readCline([tasks]);
    assert.deepEqual(
      rows.map((r) => r.model),
      ['claude-sonnet-4-5', undefined],
    );
  });

  it('Roo Code and Kilo Code share the reader under their own ids', async () => {
    const roo = join(base, 'globalStorage', 'rooveterinaryinc.roo-cline', 'tasks');
    const kilo = join(base, 'globalStorage', 'kilocode.kilo-code', 'tasks');
    write(roo, 'r1', [req(T0, { tokensIn: 7, tokensOut: 8, cost: 0.5 })]);
    write(kilo, 'k1', [req(T0, { tokensIn: 9, tokensOut: 10, cost: 0.25 })]);
    const r = await readCline([roo], undefined, 'rooveterinaryinc.roo-cline');
    const k = await readCline([kilo], undefined, 'kilocode.kilo-code');
    assert.deepEqual(
      r.rows.map((x) => [x.id, x.source, x.recordedUsd]),
      [[`roo-code:r1:${T0}`, 'roo-code', 0.5]],
    );
    assert.deepEqual(
      k.rows.map((x) => [x.id, x.source, x.recordedUsd]),
      [[`kilo-code:k1:${T0}`, 'kilo-code', 0.25]],
    );
  });

  it('counts malformed rows and a file caught mid-rewrite, keeps the rest', async () => {
    write(tasks, 't4', [
      'a bare string',
      { ts: T0, type: 'say', say: 'api_req_started', text: '{not json' },
      { type: 'say', say: 'api_req_started', text: '{}' },
      req(T0 + 5, { tokensIn: 4, tokensOut: 4, cost: 0.01 }),
    ]);
    const file = join(tasks, 't5', 'ui_messages.json');
    mkdirSync(join(tasks, 't5'));
    writeFileSync(file, JSON.stringify([req(T0, { tokensIn: 1, tokensOut: 2, cost: 0.02 })]).slice(0, -1) + ',{"ts":');
    const { rows, stats } = await readCline([tasks]);
    assert.deepEqual(rows.map((r) => r.id).sort(), [`cline:t4:${T0 + 5}`, `cline:t5:${T0}`]);
    assert.deepEqual(
      stats.skipped.map((s) => [s.reason, s.line]),
      [
        ['unknown message', 1],
        ['malformed request text', 2],
        ['request without ts', 3],
        ['incomplete JSON document', undefined],
      ],
    );
    assert.equal(stats.files, 2);
  });

  it('default locations cover every editor flavour per OS', () => {
    assert.deepEqual(vscodeUserDirs({}, 'linux', '/home/u'), [
      '/home/u/.config/Code/User',
      '/home/u/.config/Code - Insiders/User',
      '/home/u/.config/VSCodium/User',
      '/home/u/.config/Cursor/User',
      '/home/u/.vscode-server/data/User',
      '/home/u/.vscode-server-insiders/data/User',
    ]);
    assert.equal(vscodeUserDirs({}, 'darwin', '/Users/u')[0], '/Users/u/Library/Application Support/Code/User');
    assert.deepEqual(vscodeUserDirs({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'), [
      'C:\\Users\\u\\AppData\\Roaming\\Code\\User',
      'C:\\Users\\u\\AppData\\Roaming\\Code - Insiders\\User',
      'C:\\Users\\u\\AppData\\Roaming\\VSCodium\\User',
      'C:\\Users\\u\\AppData\\Roaming\\Cursor\\User',
    ]);
    assert.equal(
      clineDefaultPaths({}, 'linux', '/home/u', 'kilocode.kilo-code')[0],
      '/home/u/.config/Code/User/globalStorage/kilocode.kilo-code/tasks',
    );
    assert.equal(
      clineTasksBeside('/home/u/.config/Code/User/globalStorage/tokenwise.tokenwise', 'rooveterinaryinc.roo-cline', 'linux'),
      '/home/u/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks',
    );
  });
});
