// One odd value in an agent's log: the row is skipped and counted with its reason, the other rows and sources are
// read, and scanning again appends nothing twice.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestUsage, Ledger, readLogSource, type IngestState, type UsageSource } from '../../src/core';
import { readClaudeCode, readCline, readCodex, readGeminiCli, type ReadStats } from '../../src/core/readers';
import { requestTime, tokenCountIssue, usdIssue } from '../../src/core/input';
import { claudeLine } from '../support/claudeLog';
import { projectRoot } from '../support/paths';

/** Members of each class of bad value, as an agent could write them. */
const BAD_COSTS: readonly unknown[] = [-5, -0.000001, 1e308, 'free'];
const BAD_TIMES: readonly unknown[] = [
  '+010000-05-02T09:14:03Z',
  '-000001-05-02T09:14:03Z',
  '1970-01-01T00:00:00Z',
  'yesterday',
  1e20,
  -1e20,
];
const BAD_COUNTS: readonly unknown[] = [-1, 1e20, 1e300, 'many', Number.MAX_VALUE];

const reasons = (stats: ReadStats) => stats.skipped.map((skip) => skip.reason);

describe('entry rules', () => {
  it('refuse token counts that are negative, not finite or implausibly large, and take the rest', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e20, 100_000_001]) assert.ok(tokenCountIssue(bad, 'input'), String(bad));
    for (const good of [0, 1, 1_000_000, 100_000_000]) assert.equal(tokenCountIssue(good, 'input'), undefined);
  });

  it('refuse costs that are negative, not finite or implausible for one request', () => {
    for (const bad of [-5, Number.NaN, Number.NEGATIVE_INFINITY, 1e308, 100_001]) assert.ok(usdIssue(bad), String(bad));
    for (const good of [0, 0.0001, 25, 100_000]) assert.equal(usdIssue(good), undefined);
  });

  it('read times from ISO text or epoch ms within 2000-2099 and never throw', () => {
    for (const bad of BAD_TIMES) assert.ok(requestTime(bad).reason, String(bad));
    assert.equal(requestTime('2026-05-02T09:14:03+02:00').value, '2026-05-02T07:14:03.000Z');
    assert.equal(requestTime(Date.UTC(2026, 4, 2)).value, '2026-05-02T00:00:00.000Z');
    assert.match(requestTime('+010000-01-01T00:00:00Z').reason!, /year 10000/);
  });
});

describe('readers skip a bad row with its reason and read the others', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-hostile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const claudeRow = (
    id: string,
    extra: Record<string, unknown> = {},
    usage: Record<string, unknown> = { input_tokens: 10, output_tokens: 5 },
  ) =>
    JSON.stringify({
      type: 'assistant',
      timestamp: '2026-05-02T09:14:03Z',
      sessionId: 's',
      requestId: `r-${id}`,
      message: { id, model: 'claude-sonnet-4-5', usage },
      ...extra,
    });

  it('Claude Code: bad costs, times and token counts', async () => {
    const projects = join(dir, 'projects', 'p');
    mkdirSync(projects, { recursive: true });
    const bad = [
      ...BAD_COSTS.map((costUSD, i) => claudeRow(`cost${i}`, { costUSD })),
      ...BAD_TIMES.map((timestamp, i) => claudeRow(`time${i}`, { timestamp })),
      ...BAD_COUNTS.map((input_tokens, i) => claudeRow(`count${i}`, {}, { input_tokens, output_tokens: 1 })),
      claudeRow('write', {}, { input_tokens: 1, output_tokens: 1, cache_creation: { ephemeral_1h_input_tokens: -7 } }),
    ];
    writeFileSync(join(projects, 's.jsonl'), [claudeRow('good1'), ...bad, claudeRow('good2', { costUSD: 0.25 })].join('\n') + '\n');
    const { rows, stats } = await readClaudeCode([join(dir, 'projects')]);
    assert.deepEqual(
      rows.map((row) => row.id),
      ['claude-code:good1:r-good1', 'claude-code:good2:r-good2'],
    );
    assert.equal(stats.skipped.length, bad.length);
    assert.ok(reasons(stats).includes('recorded cost is negative (-5)'), reasons(stats).join('\n'));
    assert.ok(reasons(stats).some((reason) => /time is out of range \(year 10000\)/.test(reason)));
    assert.ok(reasons(stats).some((reason) => /input token count is implausibly large/.test(reason)));
    assert.ok(reasons(stats).some((reason) => /cacheWrite1h token count is negative/.test(reason)));
  });

  it('Claude Code: a bad copy of a message does not hide the good copy that follows', async () => {
    const projects = join(dir, 'projects', 'p');
    mkdirSync(projects, { recursive: true });
    writeFileSync(join(projects, 's.jsonl'), [claudeRow('m', { costUSD: -1 }), claudeRow('m', { costUSD: 0.5 })].join('\n') + '\n');
    const { rows, stats } = await readClaudeCode([join(dir, 'projects')]);
    assert.deepEqual(
      rows.map((row) => row.recordedUsd),
      [0.5],
    );
    assert.equal(stats.skipped.length, 1);
  });

  it('Codex: bad running totals and times skip their lines only', async () => {
    const sessions = join(dir, 'codex', 'sessions', '2026', '05', '02');
    mkdirSync(sessions, { recursive: true });
    const count = (timestamp: unknown, input: unknown, output = 10) =>
      JSON.stringify({
        timestamp,
        type: 'event_msg',
        payload: {
          type: 'token_count',
          info: { total_token_usage: { input_tokens: input, cached_input_tokens: 0, output_tokens: output, reasoning_output_tokens: 0 } },
        },
      });
    const lines = [
      JSON.stringify({ timestamp: '2026-05-02T09:00:00Z', type: 'session_meta', payload: { id: 'c1', cwd: '/w' } }),
      count('2026-05-02T09:00:01Z', 100),
      ...BAD_COUNTS.map((input) => count('2026-05-02T09:00:02Z', input)),
      ...BAD_TIMES.map((timestamp) => count(timestamp, 150)),
      count('2026-05-02T09:00:03Z', 300, 20),
    ];
    writeFileSync(join(sessions, 'rollout-2026-05-02T09-00-00-0196a5c1-1111-7222-8333-444455556666.jsonl'), lines.join('\n') + '\n');
    const { rows, stats } = await readCodex([join(dir, 'codex', 'sessions')]);
    // 1e20 is a finite total, so it moves the running totals; its delta is refused as implausible.
    assert.ok(rows.length >= 2, JSON.stringify(rows));
    assert.equal(rows[0].tokens.input, 100);
    assert.ok(
      rows.every((row) => Object.values(row.tokens).every((n) => Number.isFinite(n) && n >= 0 && n <= 1e8)),
      JSON.stringify(rows),
    );
    assert.ok(stats.skipped.length >= BAD_TIMES.length, reasons(stats).join('\n'));
  });

  it('Gemini CLI: negative or absurd counts and bad times', async () => {
    const chats = join(dir, 'gemini', 'tmp', 'h', 'chats');
    mkdirSync(chats, { recursive: true });
    const gem = (id: string, tokens: Record<string, unknown>, timestamp: unknown = '2026-05-02T09:00:12Z') =>
      JSON.stringify({ id, timestamp, type: 'gemini', model: 'gemini-2.5-pro', tokens });
    const bad = [
      ...BAD_COUNTS.map((input, i) => gem(`c${i}`, { input, output: 1 })),
      gem('neg-out', { input: 1, output: -3 }),
      ...BAD_TIMES.map((timestamp, i) => gem(`t${i}`, { input: 1, output: 1 }, timestamp)),
    ];
    writeFileSync(
      join(chats, 'session-x.jsonl'),
      [JSON.stringify({ sessionId: 'g1' }), gem('ok1', { input: 5, output: 2 }), ...bad, gem('ok2', { input: 7, output: 3 })].join('\n') +
        '\n',
    );
    const { rows, stats } = await readGeminiCli([join(dir, 'gemini', 'tmp')]);
    assert.deepEqual(
      rows.map((row) => row.id),
      ['gemini-cli:g1:ok1', 'gemini-cli:g1:ok2'],
    );
    assert.equal(stats.skipped.length, bad.length, reasons(stats).join('\n'));
  });

  it('Cline: a ts of 1e20, negative costs and counts', async () => {
    const task = join(dir, 'tasks', 'task-1');
    mkdirSync(task, { recursive: true });
    const req = (ts: number, info: Record<string, unknown>) => ({ ts, type: 'say', say: 'api_req_started', text: JSON.stringify(info) });
    const T0 = Date.UTC(2026, 4, 2, 9);
    const items = [
      req(T0, { tokensIn: 10, tokensOut: 5, cost: 0.01 }),
      req(1e20, { tokensIn: 10, tokensOut: 5 }),
      req(-1e20, { tokensIn: 10, tokensOut: 5 }),
      req(T0 + 1, { tokensIn: 10, tokensOut: 5, cost: -2 }),
      req(T0 + 2, { tokensIn: -10, tokensOut: 5 }),
      req(T0 + 3, { tokensIn: 1e300, tokensOut: 5 }),
      req(T0 + 4, { tokensIn: 20, tokensOut: 8, cost: 0.02 }),
    ];
    writeFileSync(join(task, 'ui_messages.json'), JSON.stringify(items));
    const { rows, stats } = await readCline([join(dir, 'tasks')]);
    assert.deepEqual(
      rows.map((row) => row.recordedUsd),
      [0.01, 0.02],
    );
    assert.equal(stats.skipped.length, 5, reasons(stats).join('\n'));
  });

  it('an unreadable log file is skipped with its reason and the other files are read', function () {
    const projects = join(dir, 'projects', 'p');
    mkdirSync(projects, { recursive: true });
    writeFileSync(join(projects, 'a.jsonl'), claudeRow('readable') + '\n');
    const locked = join(projects, 'b.jsonl');
    writeFileSync(locked, claudeRow('locked') + '\n');
    chmodSync(locked, 0o000);
    chmodSync(dir, 0o755);
    // Root reads any file, so the reader runs as an unprivileged user when these tests run as root.
    const core = JSON.stringify(join(projectRoot, 'out', 'src', 'core'));
    const script =
      `require(${core}).readLogSource('claude-code', [${JSON.stringify(join(dir, 'projects'))}])` +
      '.then((r) => console.log(JSON.stringify({ ids: r.rows.map((x) => x.id), skipped: r.stats.skipped })))';
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', ...asNobody });
    assert.equal(result.status, 0, result.stderr);
    const { ids, skipped } = JSON.parse(result.stdout) as { ids: string[]; skipped: { reason: string; file: string }[] };
    assert.deepEqual(ids, ['claude-code:readable:r-readable']);
    assert.equal(skipped.length, 1);
    assert.match(skipped[0].reason, /could not read the file \(EACCES/);
    assert.equal(skipped[0].file, locked);
  });

  it('the registry never throws: a reader given roots it cannot use returns nothing and says why', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    for (const source of ['claude-code', 'codex', 'gemini-cli', 'cline'] as UsageSource[]) {
      const result = await readLogSource(source, [file, join(dir, 'missing')], { version: 1, files: 'broken' });
      assert.deepEqual(result.rows, [], source);
    }
  });
});

describe('ingesting hostile logs', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-hostile-ingest-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ledgerLines = (folder: string) =>
    readdirSync(folder).flatMap((name) =>
      readFileSync(join(folder, name), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );

  it('scanning the same logs again and again leaves one copy of each event, with a bad line in every source', async () => {
    const claude = join(dir, 'claude', 'p');
    mkdirSync(claude, { recursive: true });
    const good = Array.from({ length: 20 }, (_, i) =>
      claudeLine({ messageId: `m${i}`, requestId: `r${i}`, time: '2026-05-02T09:00:00Z', input: 10 + i, output: 5 }),
    );
    const bad =
      JSON.stringify({
        type: 'assistant',
        timestamp: '2026-05-02T09:14:03Z',
        requestId: 'rb',
        costUSD: -5,
        message: { id: 'mb', model: 'claude-sonnet-4-5', usage: { input_tokens: 1, output_tokens: 1 } },
      }) + '\n';
    writeFileSync(join(claude, 's.jsonl'), [...good.slice(0, 10), bad, ...good.slice(10)].join(''));
    const task = join(dir, 'tasks', 't1');
    mkdirSync(task, { recursive: true });
    writeFileSync(
      join(task, 'ui_messages.json'),
      JSON.stringify([
        { ts: 1e20, type: 'say', say: 'api_req_started', text: JSON.stringify({ tokensIn: 1, tokensOut: 1 }) },
        { ts: Date.UTC(2026, 4, 2), type: 'say', say: 'api_req_started', text: JSON.stringify({ tokensIn: 3, tokensOut: 4, cost: 0.001 }) },
      ]),
    );
    const ledgerFolder = join(dir, 'ledger');
    const sources = [
      { source: 'claude-code' as const, roots: [join(dir, 'claude')] },
      { source: 'cline' as const, roots: [join(dir, 'tasks')] },
    ];
    let state: IngestState = {};
    for (let scan = 0; scan < 4; scan++) {
      // A new writer each time, as each window or CLI run is.
      const result = await ingestUsage(new Ledger(ledgerFolder), sources, JSON.parse(JSON.stringify(state)) as IngestState);
      state = result.state;
      assert.deepEqual(result.failed, {});
      if (scan === 0) {
        assert.equal(result.appended['claude-code'], 20);
        assert.equal(result.appended.cline, 1);
        assert.equal(result.skipped['claude-code'], 1);
        assert.match(result.skipReasons['claude-code']![0].reason, /recorded cost is negative/);
        assert.match(result.skipReasons.cline![0].reason, /time is out of range/);
      }
    }
    const lines = ledgerLines(ledgerFolder);
    assert.equal(lines.length, 21, 'one line per distinct event after four scans');
    const { events, skipped } = await new Ledger(ledgerFolder).read();
    assert.equal(events.length, 21);
    assert.deepEqual(skipped, []);
  });

  it('totals stay finite: costs of 1e308 are refused at entry, in logs and in the ledger', async () => {
    const claude = join(dir, 'claude', 'p');
    mkdirSync(claude, { recursive: true });
    const row = (id: string, costUSD: number) =>
      JSON.stringify({
        type: 'assistant',
        timestamp: '2026-05-02T09:14:03Z',
        requestId: `r${id}`,
        costUSD,
        message: { id, model: 'claude-sonnet-4-5', usage: { input_tokens: 1, output_tokens: 1 } },
      });
    writeFileSync(join(claude, 's.jsonl'), [row('a', 1e308), row('b', 1e308), row('c', 0.5)].join('\n') + '\n');
    const ledgerFolder = join(dir, 'ledger');
    const result = await ingestUsage(new Ledger(ledgerFolder), [{ source: 'claude-code', roots: [join(dir, 'claude')] }], {});
    assert.equal(result.appended['claude-code'], 1);
    assert.equal(result.skipped['claude-code'], 2);
    // A ledger line written by anything else with such a cost is skipped on read, with its reason.
    writeFileSync(
      join(ledgerFolder, 'events-1-forged.jsonl'),
      JSON.stringify({
        id: 'x',
        time: '2026-05-02T09:00:00Z',
        source: 'manual',
        model: 'gpt-5.1',
        tokens: { input: 1e20 },
        usd: 1,
        costBasis: 'recorded',
      }) + '\n',
    );
    const { events, skipped } = await new Ledger(ledgerFolder).read();
    assert.equal(
      events.reduce((sum, event) => sum + (event.usd ?? 0), 0),
      0.5,
    );
    assert.match(skipped[0].reason, /input token count is implausibly large/);
  });
});
