import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { codexDefaultPaths, readCodex, type CodexState } from '../../src/core/readers/codex';
import { newStats, skippedCount, type UsageRow } from '../../src/core/readers/usageRow';
import { noPriceReason } from '../../src/core/spend/eventPricing';
import { usageRowsToEvents } from '../../src/core/spend/ingest';

type U = [input: number, cached: number, output: number, reasoning: number];
const usage = ([input, cached, output, reasoning]: U) => ({
  input_tokens: input,
  cached_input_tokens: cached,
  output_tokens: output,
  reasoning_output_tokens: reasoning,
  total_tokens: input + output,
});
const meta = (id: string, ts = '2026-05-02T09:00:00.000Z', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ timestamp: ts, type: 'session_meta', payload: { id, cwd: '/work/app', cli_version: '0.40.0', ...extra } });
const context = (model: string, ts = '2026-05-02T09:00:01.000Z') =>
  JSON.stringify({ timestamp: ts, type: 'turn_context', payload: { model } });
const tokens = (ts: string, total?: U, last?: U) =>
  JSON.stringify({
    timestamp: ts,
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: { ...(total ? { total_token_usage: usage(total) } : {}), ...(last ? { last_token_usage: usage(last) } : {}) },
      rate_limits: { primary: { used_percent: 10, window_minutes: 300, resets_at: 1770000000 } },
    },
  });
const sum = (rows: UsageRow[], f: keyof UsageRow['tokens']) => rows.reduce((n, r) => n + r.tokens[f], 0);
const SID = '0199a213-81c0-7800-8aa1-bbab2a035a53';
const NAME = `rollout-2026-05-02T09-00-00-${SID}.jsonl`;

describe('readers: Codex CLI', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'tokenwise-codex-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  const roots = () => codexDefaultPaths({ CODEX_HOME: home }, 'linux', '/nowhere');
  const write = (rel: string, lines: string[]) => {
    const file = join(home, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, lines.map((l) => l + '\n').join(''));
    return file;
  };
  const dayFile = (name = NAME) => `sessions/2026/05/02/${name}`;

  it('cached input is part of input and reasoning part of output: split, not added twice', async () => {
    write(dayFile(), [
      meta(SID),
      context('gpt-5-codex'),
      tokens('2026-05-02T09:15:00Z', [52000, 41000, 1900, 700], [52000, 41000, 1900, 700]),
    ]);
    const { rows } = await readCodex(roots());
    assert.equal(rows.length, 1);
    // input 52000 - cached 41000 = 11000; output 1900 - reasoning 700 = 1200
    assert.deepEqual(rows[0].tokens, { input: 11000, cacheRead: 41000, cacheWrite: 0, cacheWrite1h: 0, output: 1200, reasoning: 700 });
    assert.equal(rows[0].sessionId, SID);
    assert.equal(rows[0].project, '/work/app');
    assert.equal(rows[0].model, 'gpt-5-codex');
    assert.equal(rows[0].time, '2026-05-02T09:15:00.000Z');
    assert.equal(rows[0].source, 'codex');
  });

  it('re-emitted token counts with unmoved totals are skipped: deltas of total_token_usage', async () => {
    write(dayFile(), [
      meta(SID),
      context('gpt-5'),
      tokens('2026-05-02T09:01:00Z', [1000, 0, 100, 0], [1000, 0, 100, 0]),
      tokens('2026-05-02T09:01:01Z', [1000, 0, 100, 0], [1000, 0, 100, 0]), // re-emitted
      tokens('2026-05-02T09:02:00Z', [3000, 800, 250, 50], [2000, 800, 150, 50]),
      tokens('2026-05-02T09:02:01Z', [3000, 800, 250, 50], [2000, 800, 150, 50]), // re-emitted
    ]);
    const { rows } = await readCodex(roots());
    assert.equal(rows.length, 2);
    // totals at the end: input 3000 (800 cached), output 250 (50 reasoning)
    // rows: input (1000-0) + (2000-800) = 2200; cacheRead 0 + 800 = 800 -> 2200 + 800 = 3000
    assert.equal(sum(rows, 'input'), 2200);
    assert.equal(sum(rows, 'cacheRead'), 800);
    // output (100-0) + (150-50) = 200; reasoning 50 -> 250
    assert.equal(sum(rows, 'output'), 200);
    assert.equal(sum(rows, 'reasoning'), 50);
    // summing last_token_usage would give input 1000+1000+2000+2000 = 6000, twice the truth
  });

  it('falls back to last_token_usage when totals are missing or reset', async () => {
    write(dayFile(), [
      meta(SID),
      tokens('2026-05-02T09:01:00Z', undefined, [500, 100, 40, 10]), // no totals
      tokens('2026-05-02T09:02:00Z', [5000, 1000, 400, 100], [5000, 1000, 400, 100]),
      tokens('2026-05-02T09:03:00Z', [700, 0, 70, 0], [600, 0, 60, 0]), // totals went back: reset
      tokens('2026-05-02T09:04:00Z', [900, 0, 90, 0], [200, 0, 20, 0]), // delta from 700/70 again
    ]);
    const { rows } = await readCodex(roots());
    assert.equal(rows.length, 4);
    // input without cache: (500-100) + (5000-1000) + 600 (last, after reset) + (900-700) = 400 + 4000 + 600 + 200 = 5200
    assert.equal(sum(rows, 'input'), 5200);
    // output without reasoning: (40-10) + (400-100) + 60 + (90-70) = 30 + 300 + 60 + 20 = 410
    assert.equal(sum(rows, 'output'), 410);
    assert.equal(sum(rows, 'cacheRead'), 1100);
    assert.equal(sum(rows, 'reasoning'), 110);
  });

  it("records the thread's service tier as the billing mode, priced at that tier's prices or as no price, never the standard rate", async () => {
    const settings = (tier: string, nested: boolean, ts: string) =>
      JSON.stringify({
        timestamp: ts,
        type: 'event_msg',
        payload: nested
          ? { type: 'thread_settings_applied', thread_settings: { service_tier: tier } }
          : { type: 'thread_settings_applied', service_tier: tier },
      });
    write(dayFile(), [
      meta(SID),
      context('gpt-5'),
      tokens('2026-05-02T09:01:00Z', [10, 0, 1, 0]),
      settings('priority', true, '2026-05-02T09:01:10Z'),
      tokens('2026-05-02T09:02:00Z', [20, 0, 2, 0]),
      settings('flex', false, '2026-05-02T09:02:10Z'),
      tokens('2026-05-02T09:03:00Z', [30, 0, 3, 0]),
      settings('default', false, '2026-05-02T09:03:10Z'),
      tokens('2026-05-02T09:04:00Z', [40, 0, 4, 0]),
    ]);
    const { rows } = await readCodex(roots());
    assert.deepEqual(
      rows.map((r) => r.billingMode),
      [undefined, 'priority', 'flex', undefined],
    );
    const [standard, priority, flex] = usageRowsToEvents(rows, newStats());
    assert.ok(standard.usd !== undefined && standard.usd > 0);
    // Each turn added 10 input and 1 output token. GPT-5 on priority (https://openai.com/api-priority-processing/):
    // $2.50 input, $20 output per million: 10 × 2.5 + 1 × 20 = 45 per million; on flex, half the standard $1.25 /
    // $10 (https://developers.openai.com/api/docs/guides/flex-processing): 10 × 0.625 + 1 × 5 = 11.25.
    assert.ok(Math.abs((priority.usd ?? 0) - 45e-6) < 1e-15, String(priority.usd));
    assert.ok(Math.abs((flex.usd ?? 0) - 11.25e-6) < 1e-15, String(flex.usd));
    // A model the priority table does not list: no price, not the standard rate.
    const unlisted = usageRowsToEvents([{ ...rows[1], id: 'unlisted', model: 'gpt-5.3-codex' }], newStats())[0];
    assert.equal(unlisted.usd, undefined);
    assert.equal(noPriceReason(unlisted), 'no price for priority processing');
  });

  it('carries the last turn_context model forward, across passes too', async () => {
    const file = write(dayFile(), [
      meta(SID),
      context('gpt-5'),
      tokens('2026-05-02T09:01:00Z', [10, 0, 1, 0]),
      context('gpt-5-codex', '2026-05-02T09:01:30Z'),
      tokens('2026-05-02T09:02:00Z', [20, 0, 2, 0]),
    ]);
    const first = await readCodex(roots());
    assert.deepEqual(
      first.rows.map((r) => r.model),
      ['gpt-5', 'gpt-5-codex'],
    );
    appendFileSync(file, tokens('2026-05-02T09:03:00Z', [35, 0, 3, 0]) + '\n');
    const second = await readCodex(roots(), JSON.parse(JSON.stringify(first.cursorState)) as CodexState);
    assert.equal(second.rows.length, 1);
    assert.equal(second.rows[0].model, 'gpt-5-codex');
    // only the appended event, as a delta: input 35 - 20 = 15, output 3 - 2 = 1
    assert.equal(second.rows[0].tokens.input, 15);
    assert.equal(second.rows[0].tokens.output, 1);
    assert.equal(second.rows[0].sessionId, SID);
    const third = await readCodex(roots(), second.cursorState);
    assert.deepEqual(third.rows, []);
  });

  it('forked sessions: the replay burst of the first second is skipped', async () => {
    write(dayFile(), [
      meta(SID, '2026-05-02T10:00:00.000Z', { source: { subagent: { thread_spawn: { parent_thread_id: 'p1', depth: 1 } } } }),
      context('gpt-5', '2026-05-02T10:00:00.100Z'),
      tokens('2026-05-02T10:00:00.200Z', [4000, 1000, 300, 0]), // the parent's history
      tokens('2026-05-02T10:00:00.700Z', [9000, 3000, 800, 100]),
      tokens('2026-05-02T10:00:20.000Z', [12000, 5000, 1000, 150]), // the fork's own first call
    ]);
    const { rows } = await readCodex(roots());
    assert.equal(rows.length, 1);
    // delta from the replayed totals: input (12000-9000) - cached (5000-3000) = 1000; cached 2000
    // output (1000-800) - reasoning (150-100) = 150; reasoning 50
    assert.deepEqual(rows[0].tokens, { input: 1000, cacheRead: 2000, cacheWrite: 0, cacheWrite1h: 0, output: 150, reasoning: 50 });
  });

  it('tolerates info null, counts malformed lines and keeps going', async () => {
    write(dayFile(), [
      meta(SID),
      JSON.stringify({
        timestamp: '2026-05-02T09:00:05Z',
        type: 'event_msg',
        payload: { type: 'token_count', info: null, rate_limits: {} },
      }),
      'not json at all',
      '"a string"',
      JSON.stringify({ timestamp: '2026-05-02T09:00:06Z', payload: {} }),
      JSON.stringify({ timestamp: '2026-05-02T09:00:07Z', type: 'event_msg', payload: { type: 'token_count', info: { rate: 1 } } }),
      JSON.stringify({ timestamp: '2026-05-02T09:00:08Z', type: 'response_item', payload: { type: 'message' } }),
      tokens('2026-05-02T09:01:00Z', [10, 0, 5, 0]),
    ]);
    const { rows, stats } = await readCodex(roots());
    assert.equal(rows.length, 1);
    assert.deepEqual(
      stats.skipped.map((s) => [s.reason, s.line]),
      [
        ['malformed JSON', 3],
        ['not a JSON object', 4],
        ['unknown line (no type)', 5],
        ['token count without usage', 6],
      ],
    );
    assert.equal(skippedCount(stats), 4);
  });

  it('prefers sessions/ over archived_sessions/ for the same file, and follows a file into the archive', async () => {
    const lines = [meta(SID), tokens('2026-05-02T09:01:00Z', [100, 0, 10, 0])];
    const live = write(dayFile(), lines);
    write(`archived_sessions/${NAME}`, lines);
    const otherSid = '0199a213-0000-7000-8000-000000000001';
    write(`archived_sessions/rollout-2026-04-01T09-00-00-${otherSid}.jsonl`, [
      meta(otherSid),
      tokens('2026-04-01T09:01:00Z', [7, 0, 3, 0]),
    ]);
    const first = await readCodex(roots());
    // 100 + 7 input, not 100 + 100 + 7
    assert.equal(sum(first.rows, 'input'), 107);
    assert.equal(first.cursorState.files[NAME].path, live);
    // the live file is archived (moved): nothing is read twice
    rmSync(join(home, 'archived_sessions', NAME));
    renameSync(live, join(home, 'archived_sessions', NAME));
    const second = await readCodex(roots(), first.cursorState);
    assert.deepEqual(second.rows, []);
  });

  it('logs without token_count give no rows', async () => {
    write(dayFile(), [meta(SID), context('o3'), JSON.stringify({ timestamp: '2025-08-01T00:00:00Z', type: 'response_item', payload: {} })]);
    const { rows, stats } = await readCodex(roots());
    assert.deepEqual(rows, []);
    assert.equal(skippedCount(stats), 0);
    assert.equal(stats.files, 1);
  });

  it('default locations follow CODEX_HOME', () => {
    assert.deepEqual(codexDefaultPaths({}, 'linux', '/home/u'), ['/home/u/.codex/sessions', '/home/u/.codex/archived_sessions']);
    assert.deepEqual(codexDefaultPaths({ CODEX_HOME: '/c' }, 'darwin', '/Users/u'), ['/c/sessions', '/c/archived_sessions']);
    assert.deepEqual(codexDefaultPaths({}, 'win32', 'C:\\Users\\u'), [
      'C:\\Users\\u\\.codex\\sessions',
      'C:\\Users\\u\\.codex\\archived_sessions',
    ]);
  });
});
