import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copilotCliDefaultPaths, readCopilotCli } from '../../src/core/readers/copilotCli';
import { summarizeSkips, type UsageRow } from '../../src/core/readers/usageRow';
import { usageRowToEvent } from '../../src/core/spend/ingest';

// Built from the documented event shapes of Copilot CLI's session-state files; token counts chosen to check by eye.
const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0, reasoning = 0) => ({
  usage: { inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, reasoningTokens: reasoning },
});
const shutdown = (minute: number, metrics: Record<string, unknown>) => ({
  type: 'session.shutdown',
  timestamp: new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString(),
  data: { sessionId: 'CLI1', modelMetrics: metrics },
});
const lines = (...entries: unknown[]) => entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
const tokens = (rows: UsageRow[]) =>
  rows.map((row) => [row.id, row.tokens.input, row.tokens.cacheRead, row.tokens.cacheWrite, row.tokens.output, row.tokens.reasoning]);

describe('readers: GitHub Copilot CLI', () => {
  let root: string;
  let file: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tokenwise-copilot-cli-'));
    mkdirSync(join(root, 'CLI1'));
    file = join(root, 'CLI1', 'events.jsonl');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('turns each shutdown into what was added per model, cached input and reasoning apart', async () => {
    writeFileSync(
      file,
      lines(
        { type: 'session.start', timestamp: '2026-11-24T10:00:00Z', data: { sessionId: 'CLI1' } },
        { type: 'user.message', timestamp: '2026-11-24T10:00:01Z', data: { content: 'hello' } },
        shutdown(10, { 'claude-sonnet-4.5': usage(10_000, 500, 8_000, 1_000, 100), 'gpt-5-mini': usage(300, 30) }),
      ),
    );
    const first = await readCopilotCli([root]);
    assert.deepEqual(tokens(first.rows), [
      ['copilot-cli:CLI1:claude-sonnet-4.5:1', 1_000, 8_000, 1_000, 400, 100],
      ['copilot-cli:CLI1:gpt-5-mini:1', 300, 0, 0, 30, 0],
    ]);
    // Resumed, and shut down again with larger running totals: only the difference is new.
    appendFileSync(file, lines(shutdown(40, { 'claude-sonnet-4.5': usage(12_000, 700, 9_500, 1_000, 100), 'gpt-5-mini': usage(300, 30) })));
    const second = await readCopilotCli([root], first.cursorState);
    assert.deepEqual(tokens(second.rows), [['copilot-cli:CLI1:claude-sonnet-4.5:2', 500, 1_500, 0, 200, 0]]);
  });

  it('prices with the credit table exactly, the cached input being known', () => {
    const row: UsageRow = {
      id: 'x',
      time: '2026-11-24T10:00:00Z',
      source: 'copilot-cli',
      sessionId: 's',
      model: 'claude-sonnet-4.5',
      tokens: { input: 1_000, cacheRead: 8_000, cacheWrite: 1_000, cacheWrite1h: 0, output: 400, reasoning: 100 },
      billing: 'copilot-credits',
    };
    // Claude Sonnet 4.5 in credits: 1,000 × 3 + 8,000 × 0.30 + 1,000 × 3.75 + 500 × 15 = 3,000 + 2,400 + 3,750 + 7,500 per
    // million → $0.01665 (1.665 credits).
    const event = usageRowToEvent(row);
    assert.equal(event.costBasis, 'calculated');
    assert.ok(Math.abs((event.usd ?? 0) - 0.01665) < 1e-12, String(event.usd));
    assert.equal(event.usdLow, undefined);
  });

  it('starts the totals over after a compaction, and skips totals that went down without one', async () => {
    writeFileSync(
      file,
      lines(
        shutdown(1, { 'gpt-5-mini': usage(1_000, 100) }),
        { type: 'session.compaction_complete', timestamp: '2026-11-24T10:02:00Z', data: { success: true } },
        shutdown(3, { 'gpt-5-mini': usage(200, 20) }),
        shutdown(4, { 'gpt-5-mini': usage(100, 20) }),
        shutdown(5, { 'gpt-5-mini': { tokens: 5 } }),
      ),
    );
    const { rows, stats } = await readCopilotCli([root]);
    assert.deepEqual(tokens(rows), [
      ['copilot-cli:CLI1:gpt-5-mini:1', 1_000, 0, 0, 100, 0],
      ['copilot-cli:CLI1:gpt-5-mini:2', 200, 0, 0, 20, 0],
    ]);
    assert.deepEqual(
      summarizeSkips(stats).map((skipped) => skipped.reason),
      ['running totals that went down without a compaction', 'no usage for model gpt-5-mini'],
    );
  });

  it('reads $COPILOT_HOME, else ~/.copilot, and older top-level session files', async () => {
    assert.deepEqual(copilotCliDefaultPaths({}, 'linux', '/home/u'), ['/home/u/.copilot/session-state']);
    assert.deepEqual(copilotCliDefaultPaths({ COPILOT_HOME: '/opt/cp' }, 'linux', '/home/u'), ['/opt/cp/session-state']);
    writeFileSync(
      join(root, 'OLD.jsonl'),
      lines({ ...shutdown(1, { 'gpt-5-mini': usage(10, 1) }), data: { modelMetrics: { 'gpt-5-mini': usage(10, 1) } } }),
    );
    writeFileSync(join(root, 'CLI1', 'notes.jsonl'), lines(shutdown(1, { 'gpt-5-mini': usage(99, 9) })));
    const { rows } = await readCopilotCli([root]);
    assert.deepEqual(
      rows.map((row) => row.id),
      ['copilot-cli:OLD:gpt-5-mini:1'],
    );
  });
});
