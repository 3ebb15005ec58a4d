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
    assert.deepEqual(copilotCliDefaultPaths({}, 'linux', '/home/u'), ['/home/u/.copilot/session-state', '/home/u/.copilot/otel']);
    assert.deepEqual(
      copilotCliDefaultPaths({ COPILOT_HOME: '/opt/cp', COPILOT_OTEL_FILE_EXPORTER_PATH: '/tmp/o.jsonl' }, 'linux', '/home/u'),
      ['/opt/cp/session-state', '/opt/cp/otel', '/tmp/o.jsonl'],
    );
    // A relative path is relative to wherever the CLI ran: not a place Tokenwise can know.
    assert.equal(copilotCliDefaultPaths({ COPILOT_OTEL_FILE_EXPORTER_PATH: 'o.jsonl' }, 'linux', '/home/u').length, 2);
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

// A `session.usage_record` as Copilot CLI's session-events schema describes it (`AssistantUsageData`): input including
// the cached input, output including the reasoning, the accounting identity shared with the call's span.
const usageRecord = (minute: number, call: string, fields: Record<string, unknown>, session = 'CLI1') => ({
  type: 'session.usage_record',
  id: `event-${call}`,
  timestamp: new Date(Date.UTC(2026, 10, 24, 11, minute)).toISOString(),
  data: {
    usage: {
      model: 'claude-sonnet-4.5',
      inputTokens: 10_000,
      outputTokens: 500,
      cacheReadTokens: 8_000,
      cacheWriteTokens: 1_000,
      reasoningTokens: 100,
      cost: 1,
      accounting: { sourceSessionId: session, sequence: minute, usageId: call },
      ...fields,
    },
  },
});
// A `chat` span as the CLI's file exporter writes it: times as [seconds, nanoseconds], the session as conversation id.
const chatSpan = (session: string, call: string | undefined, attributes: Record<string, unknown> = {}) => ({
  type: 'span',
  traceId: 't1',
  spanId: `span-of-${call ?? 'none'}`,
  parentSpanId: 'root',
  name: 'chat claude-sonnet-4.5',
  startTime: [1_795_000_000, 0],
  endTime: [1_795_000_002, 500_000_000],
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.conversation.id': session,
    'gen_ai.request.model': 'claude-sonnet-4.5',
    'gen_ai.response.id': call,
    'gen_ai.usage.input_tokens': 10_000,
    'gen_ai.usage.output_tokens': 500,
    'gen_ai.usage.cache_read.input_tokens': 8_000,
    'gen_ai.usage.cache_write.input_tokens': 1_000,
    'gen_ai.usage.reasoning.output_tokens': 100,
    'github.copilot.cost': 1,
    'server.address': 'api.individual.githubcopilot.com',
    ...attributes,
  },
});
// The turn's root span carries the turn's totals too: it is not a model call.
const agentSpan = (session: string) => ({
  type: 'span',
  name: 'invoke_agent',
  attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.conversation.id': session, 'gen_ai.usage.input_tokens': 99_999 },
});

describe('readers: GitHub Copilot CLI per call, and its OpenTelemetry output', () => {
  let root: string;
  let sessions: string;
  let otel: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tokenwise-copilot-cli-calls-'));
    sessions = join(root, 'session-state');
    otel = join(root, 'copilot-otel.jsonl');
    mkdirSync(join(sessions, 'CLI1'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes a row of each usage record, with the credits GitHub reported as the recorded cost, and no longer reads shutdowns', async () => {
    writeFileSync(
      join(sessions, 'CLI1', 'events.jsonl'),
      lines(
        { type: 'session.start', timestamp: '2026-11-24T11:00:00Z', data: { sessionId: 'CLI1', context: { cwd: '/home/dev/shop' } } },
        // 1,665,000,000 nano AI units = 1.665 credits = $0.01665.
        usageRecord(1, 'call-a', { copilotUsage: { totalNanoAiu: 1_665_000_000 }, aiCreditsStatus: 'complete' }),
        // Unavailable: GitHub reported no amount, which is not a zero charge; the credit table prices it.
        usageRecord(2, 'call-b', { copilotUsage: { totalNanoAiu: 0 }, aiCreditsStatus: 'unavailable', cost: 0.33 }),
        // The user's own key: billed by that provider, not in credits.
        usageRecord(3, 'call-c', { isByok: true, model: 'gpt-4.1', cost: 0, cacheWriteTokens: 0 }),
        usageRecord(4, 'call-d', { inputTokens: 10, cacheReadTokens: 20 }),
        shutdown(5, { 'claude-sonnet-4.5': usage(30_000, 1_500) }),
      ),
    );
    const { rows, stats } = await readCopilotCli([sessions]);
    assert.deepEqual(tokens(rows), [
      ['copilot-cli:CLI1:call:call-a', 1_000, 8_000, 1_000, 400, 100],
      ['copilot-cli:CLI1:call:call-b', 1_000, 8_000, 1_000, 400, 100],
      ['copilot-cli:CLI1:call:call-c', 2_000, 8_000, 0, 400, 100],
    ]);
    assert.deepEqual(
      summarizeSkips(stats).map((skipped) => skipped.reason),
      ['cached or reasoning tokens above the totals that include them'],
    );
    assert.deepEqual(new Set(rows.map((row) => row.project)), new Set(['/home/dev/shop']), "the session's working folder");
    const [a, b, c] = rows.map((row) => usageRowToEvent(row));
    assert.deepEqual([a.costBasis, a.premiumRequests], ['recorded', 1]);
    assert.ok(Math.abs((a.usd ?? 0) - 0.01665) < 1e-12, String(a.usd));
    // The credit table's Sonnet 4.5 prices give the same $0.01665 (see the test above): calculated, not recorded.
    assert.deepEqual([b.costBasis, b.premiumRequests], ['calculated', 0.33]);
    assert.ok(Math.abs((b.usd ?? 0) - 0.01665) < 1e-12, String(b.usd));
    // GPT-4.1 at OpenAI's API prices (openai.com/api/pricing: $2 input, $0.50 cached input, $8 output per million):
    // 2,000 × 2 + 8,000 × 0.5 + 500 × 8 (reasoning billed as output) = 12,000 per million → $0.012.
    assert.equal(rows[2].billing, undefined);
    assert.equal(c.premiumRequests, undefined);
    assert.ok(Math.abs((c.usd ?? 0) - 0.012) < 1e-12, String(c.usd));
  });

  it('records the nano AI units a shutdown added where GitHub reported them for every call', async () => {
    const withCredits = (minute: number, nano: number, status: string) => ({
      ...shutdown(minute, { 'claude-sonnet-4.5': { ...usage(10_000 * minute, 500 * minute), totalNanoAiu: nano } }),
      data: {
        sessionId: 'CLI1',
        modelMetrics: { 'claude-sonnet-4.5': { ...usage(10_000 * minute, 500 * minute), totalNanoAiu: nano } },
        accountingSnapshot: { modelMetrics: { 'claude-sonnet-4.5': { aiCreditsStatus: status } } },
      },
    });
    writeFileSync(
      join(sessions, 'CLI1', 'events.jsonl'),
      lines(withCredits(1, 2e9, 'complete'), withCredits(2, 5e9, 'complete'), withCredits(3, 0, 'unavailable')),
    );
    const { rows } = await readCopilotCli([sessions]);
    // 2e9 nano AI units are 2 credits, $0.02; the second shutdown added 3e9, $0.03; the third reported none.
    assert.deepEqual(
      rows.map((row) => [row.id, row.recordedUsd]),
      [
        ['copilot-cli:CLI1:claude-sonnet-4.5:1', 0.02],
        ['copilot-cli:CLI1:claude-sonnet-4.5:2', 0.03],
        ['copilot-cli:CLI1:claude-sonnet-4.5:3', undefined],
      ],
    );
  });

  it('counts a session once: from its session file when there is one, else from its spans, and remembers which', async () => {
    writeFileSync(
      join(sessions, 'CLI1', 'events.jsonl'),
      lines(shutdown(1, { 'claude-sonnet-4.5': usage(10_000, 500, 8_000, 1_000, 100) })),
    );
    writeFileSync(
      otel,
      lines(
        chatSpan('CLI1', 'call-1'),
        agentSpan('CLI1'),
        chatSpan('CLI2', 'call-2'),
        chatSpan('CLI2', undefined, { 'gen_ai.usage.output_tokens': 600 }),
        agentSpan('CLI2'),
        { type: 'metric', name: 'gen_ai.client.inference.usage.input_tokens', dataPoints: [] },
        chatSpan('', 'call-3'),
        chatSpan('CLI2', 'call-4', { 'gen_ai.usage.reasoning.output_tokens': 900 }),
      ),
    );
    const first = await readCopilotCli([sessions, otel]);
    assert.deepEqual(tokens(first.rows), [
      ['copilot-cli:CLI1:claude-sonnet-4.5:1', 1_000, 8_000, 1_000, 400, 100],
      ['copilot-cli:CLI2:call:call-2', 1_000, 8_000, 1_000, 400, 100],
      // Without the provider's completion id, a span is named by its span id.
      ['copilot-cli:CLI2:call:span-span-of-none', 1_000, 8_000, 1_000, 500, 100],
    ]);
    assert.equal(first.rows[1].time, '2026-11-18T11:06:42.500Z');
    assert.deepEqual(
      summarizeSkips(first.stats).map((skipped) => skipped.reason),
      ['a model call span without its conversation id', 'cached or reasoning tokens above the totals that include them'],
    );
    // CLI2's session file turns up later (copied from another machine): it was counted from its spans, and stays so.
    mkdirSync(join(sessions, 'CLI2'));
    writeFileSync(join(sessions, 'CLI2', 'events.jsonl'), lines({ ...usageRecord(9, 'call-2', {}, 'CLI2') }));
    appendFileSync(otel, lines(chatSpan('CLI2', 'call-5')));
    const second = await readCopilotCli([sessions, otel], first.cursorState);
    assert.deepEqual(
      second.rows.map((row) => row.id),
      ['copilot-cli:CLI2:call:call-5'],
    );
    // CLI1's session file goes: its calls do not come back from its spans.
    rmSync(join(sessions, 'CLI1'), { recursive: true });
    appendFileSync(otel, lines(chatSpan('CLI1', 'call-6')));
    const third = await readCopilotCli([sessions, otel], second.cursorState);
    assert.deepEqual(third.rows, []);
  });

  it('reads a span of a call to the user own provider at that provider prices, and nano AI units as recorded', async () => {
    writeFileSync(
      otel,
      lines(
        chatSpan('S', 'own', { 'server.address': '127.0.0.1', 'github.copilot.cost': 0 }),
        chatSpan('S', 'github', { 'github.copilot.nano_aiu': 1_665_000_000 }),
      ),
    );
    const { rows } = await readCopilotCli([otel]);
    assert.deepEqual(
      rows.map((row) => [row.id, row.billing, row.premiumRequests, row.recordedUsd]),
      [
        ['copilot-cli:S:call:own', undefined, undefined, undefined],
        ['copilot-cli:S:call:github', 'copilot-credits', 1, 0.01665],
      ],
    );
  });
});
