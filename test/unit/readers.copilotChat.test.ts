import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { copilotChatDefaultPaths, readCopilotChat, type CopilotChatState } from '../../src/core/readers/copilotChat';
import { logSourceRoots, logWatch } from '../../src/core/readers/registry';
import { newStats, skippedCount, summarizeSkips, type UsageRow } from '../../src/core/readers/usageRow';
import { WorkerTokenCounter } from '../../src/core/counting/workerTokenCounter';
import { estimateRows } from '../../src/core/spend/estimateRows';
import { usageRowToEvent } from '../../src/core/spend/ingest';
import { compiledWorkerScript } from '../support/paths';
import { referenceCount } from '../support/referenceCount';

// Fixtures follow the documented shapes of VS Code's chat session files (see the reader's header); none is a copy of
// a real session. Token counts are chosen so each expectation can be checked by eye.
const T0 = Date.UTC(2026, 10, 24, 9, 30);

function request(id: string, minute: number, result?: Record<string, unknown>, modelId = 'copilot/claude-sonnet-4.5') {
  return {
    requestId: id,
    timestamp: T0 + minute * 60_000,
    modelId,
    message: { text: `Prompt of ${id}`, parts: [] },
    response: [{ value: 'a long answer that the reader must not keep' }],
    ...(result ? { result } : {}),
  };
}

const usageResult = (prompt: number, completion: number) => ({ usage: { promptTokens: prompt, completionTokens: completion } });
const flatResult = (prompt: number, output: number) => ({ promptTokens: prompt, outputTokens: output, timings: { totalElapsed: 900 } });
const metadataResult = (prompt: number, output: number, resolvedModel?: string) => ({
  metadata: { promptTokens: prompt, outputTokens: output, ...(resolvedModel ? { resolvedModel } : {}), toolCallRounds: [] },
});

describe('readers: GitHub Copilot Chat', () => {
  let user: string;
  beforeEach(() => (user = mkdtempSync(join(tmpdir(), 'tokenwise-copilot-'))));
  afterEach(() => rmSync(user, { recursive: true, force: true }));

  const workspace = (hash: string, folder?: string) => {
    const dir = join(user, 'workspaceStorage', hash);
    mkdirSync(join(dir, 'chatSessions'), { recursive: true });
    if (folder) writeFileSync(join(dir, 'workspace.json'), JSON.stringify({ folder: pathToFileURL(folder).href }));
    return join(dir, 'chatSessions');
  };
  const writeFile = (file: string, text: string) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const lines = (...entries: unknown[]) => entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
  const summary = (rows: UsageRow[]) => rows.map((row) => [row.id, row.model, row.tokens.input, row.tokens.output, row.project]);

  it('reads a .json session of the first layout (result.usage), with the workspace folder as project', async () => {
    const folder = workspace('a1', '/home/dev/shop');
    writeFile(
      join(folder, 'one.json'),
      JSON.stringify({
        version: 3,
        sessionId: 'S1',
        requests: [request('r1', 0, usageResult(1200, 300), 'copilot/gpt-4.1'), request('r2', 1, usageResult(50, 5))],
      }),
    );
    const { rows, stats } = await readCopilotChat([user]);
    assert.deepEqual(summary(rows), [
      ['copilot-chat:S1:r1', 'copilot/gpt-4.1', 1200, 300, '/home/dev/shop'],
      ['copilot-chat:S1:r2', 'copilot/claude-sonnet-4.5', 50, 5, '/home/dev/shop'],
    ]);
    assert.equal(rows[0].time, new Date(T0).toISOString());
    assert.equal(rows[0].sessionTitle, 'Prompt of r1', "a session without a title of its own is named by its first prompt's words");
    assert.equal(skippedCount(stats), 0);
  });

  it('replays a .jsonl mutation log: snapshot, pushes, results set later, and follows what is appended', async () => {
    const file = join(workspace('b2', '/home/dev/api'), 'S2.jsonl');
    writeFile(
      file,
      lines(
        { kind: 0, v: { version: 3, sessionId: 'S2', requests: [request('r1', 0, flatResult(900, 90))] } },
        { kind: 2, k: ['requests'], v: [request('r2', 2)] },
        { kind: 2, k: ['requests', 1, 'response'], v: [{ value: 'streamed text' }] },
        { kind: 1, k: ['requests', 1, 'result'], v: metadataResult(2000, 150, 'claude-opus-4.5') },
      ),
    );
    const first = await readCopilotChat([user]);
    assert.deepEqual(summary(first.rows), [
      ['copilot-chat:S2:r1', 'copilot/claude-sonnet-4.5', 900, 90, '/home/dev/api'],
      ['copilot-chat:S2:r2', 'claude-opus-4.5', 2000, 150, '/home/dev/api'],
    ]);

    const unchanged = await readCopilotChat([user], first.cursorState);
    assert.deepEqual(unchanged.rows, []);
    appendFileSync(file, lines({ kind: 1, k: ['customTitle'], v: 'API pagination' }));
    const renamed = await readCopilotChat([user], first.cursorState);
    assert.deepEqual(
      renamed.rows.map((row) => row.sessionTitle),
      ['API pagination', 'API pagination'],
    );

    // A later patch rewrites r1's result (a retried answer) and a third request arrives.
    appendFileSync(
      file,
      lines(
        { kind: 1, k: ['requests', 0, 'result', 'outputTokens'], v: 120 },
        { kind: 2, k: ['requests'], v: [request('r3', 5, flatResult(10, 1))] },
      ),
    );
    const second = await readCopilotChat([user], renamed.cursorState);
    assert.deepEqual(summary(second.rows), [
      ['copilot-chat:S2:r1', 'copilot/claude-sonnet-4.5', 900, 120, '/home/dev/api'],
      ['copilot-chat:S2:r3', 'copilot/claude-sonnet-4.5', 10, 1, '/home/dev/api'],
    ]);
  });

  it('a log compacted into a new, shorter snapshot is replayed from its start without returning anything twice', async () => {
    const file = join(workspace('c3'), 'S3.jsonl');
    const requests = [request('r1', 0, flatResult(100, 10)), request('r2', 1, flatResult(200, 20))];
    writeFile(
      file,
      lines(
        { kind: 0, v: { sessionId: 'S3', requests: [requests[0]] } },
        { kind: 2, k: ['requests'], v: [requests[1]] },
        ...Array.from({ length: 20 }, (_, i) => ({ kind: 1, k: ['requests', 1, 'response', 0, 'value'], v: `draft ${i}` })),
      ),
    );
    const first = await readCopilotChat([user]);
    assert.equal(first.rows.length, 2);
    writeFile(file, lines({ kind: 0, v: { sessionId: 'S3', requests } }));
    const second = await readCopilotChat([user], first.cursorState);
    assert.deepEqual(second.rows, []);
    assert.equal(skippedCount(second.stats), 0);
  });

  it('counts a session moved between a .json document and a .jsonl log, and the empty-window folder, once', async () => {
    const session = { sessionId: 'S4', requests: [request('r1', 0, usageResult(40, 4))] };
    writeFile(join(workspace('d4', '/home/dev/web'), 'S4.json'), JSON.stringify(session));
    writeFile(join(user, 'globalStorage', 'emptyWindowChatSessions', 'S4.jsonl'), lines({ kind: 0, v: session }));
    const { rows } = await readCopilotChat([user]);
    assert.deepEqual(
      rows.map((row) => row.id),
      ['copilot-chat:S4:r1'],
    );
  });

  it('skips and counts what it cannot use, and leaves a half-written last line for the next pass', async () => {
    const file = join(workspace('e5'), 'S5.jsonl');
    const tail = JSON.stringify({ kind: 2, k: ['requests'], v: [request('r9', 9, flatResult(7, 7))] });
    writeFile(
      file,
      lines(
        {
          kind: 0,
          v: { sessionId: 'S5', requests: [request('old', 0, { timings: {} }), request('failed', 1, { errorDetails: { message: 'x' } })] },
        },
        { kind: 7, k: ['requests'], v: [] },
        { kind: 1, k: 'requests', v: [] },
      ) +
        '{not json\n' +
        tail.slice(0, 30),
    );
    const first = await readCopilotChat([user]);
    assert.deepEqual(first.rows, []);
    assert.deepEqual(
      summarizeSkips(first.stats)
        .map((skipped) => skipped.reason)
        .sort(),
      [
        'a change without a valid path',
        'a request without token counts (an older Copilot Chat)',
        'an unknown kind of change (7)',
        'malformed JSON',
      ],
    );
    appendFileSync(file, tail.slice(30) + '\n');
    const second = await readCopilotChat([user], first.cursorState as CopilotChatState);
    assert.deepEqual(
      second.rows.map((row) => row.id),
      ['copilot-chat:S5:r9'],
    );
  });

  it('counts an older request without token counts from its text, as an estimate, and keeps no text', async () => {
    const older = {
      requestId: 'r1',
      timestamp: T0,
      modelId: 'copilot/claude-sonnet-4.5',
      message: { text: 'Rename the helper and update its callers.' },
      response: [{ value: 'Renamed `fmt` to `formatDate` ' }, { kind: 'markdownContent', content: { value: 'in 3 files.' } }],
      result: { timings: { totalElapsed: 800 } },
    };
    writeFile(join(workspace('f6'), 'S6.json'), JSON.stringify({ sessionId: 'S6', requests: [older] }));
    const { rows, stats, cursorState } = await readCopilotChat([user]);
    assert.equal(skippedCount(stats), 0);
    assert.deepEqual(rows[0].estimateFrom, {
      input: 'Rename the helper and update its callers.',
      output: 'Renamed `fmt` to `formatDate` in 3 files.',
    });
    assert.doesNotMatch(JSON.stringify(cursorState), /formatDate/, 'the text counted is not kept in the state');
    const counter = new WorkerTokenCounter(compiledWorkerScript);
    try {
      const [counted] = await estimateRows(rows, stats, counter);
      assert.equal(counted.tokens.input, referenceCount('Rename the helper and update its callers.'));
      assert.equal(counted.tokens.output, referenceCount('Renamed `fmt` to `formatDate` in 3 files.'));
      assert.equal(counted.estimateFrom, undefined);
      const event = usageRowToEvent(counted);
      assert.equal(event.costBasis, 'estimated');
      assert.ok(event.usd !== undefined && event.usd > 0);
    } finally {
      counter.dispose();
    }
    // Where nothing can count them, they are skipped with the reason, never priced as nothing.
    const none = newStats();
    assert.deepEqual(await estimateRows(rows, none, undefined), []);
    assert.match(summarizeSkips(none)[0].reason, /no counter here to estimate them/);
  });

  it('reads every local editor, code-server, and the User folder of the editor it runs in', () => {
    const defaults = copilotChatDefaultPaths({}, 'linux', '/home/u');
    assert.ok(defaults.includes('/home/u/.config/Code/User'));
    assert.ok(defaults.includes('/home/u/.vscode-server/data/User'));
    assert.ok(defaults.includes('/home/u/.local/share/code-server/User'));
    assert.deepEqual(logSourceRoots('copilot-chat', { paths: ['/x/User'] }, {}, 'linux', '/home/u', '/own/User'), ['/x/User', '/own/User']);
    assert.deepEqual(logSourceRoots('copilot-chat', { enabled: false }, {}, 'linux', '/home/u', '/own/User'), []);
    // A User folder is large and busy (Tokenwise's own ledger is in it): only the chat folders are watched, none of
    // them recursively, and the workspace folders only for a session folder that appears.
    workspace('ab12');
    mkdirSync(join(user, 'workspaceStorage', 'ab13'), { recursive: true });
    mkdirSync(join(user, 'workspaceStorage', 'ab14', 'GitHub.copilot-chat', 'chatSessions'), { recursive: true });
    const folders = logWatch('copilot-chat', user).folders;
    const storage = join(user, 'workspaceStorage');
    assert.deepEqual(
      folders.map((folder) => [folder.path.slice(user.length), folder.recursive, folder.structure !== undefined]),
      [
        ['/workspaceStorage', false, true],
        ['/workspaceStorage/ab12', false, true],
        ['/workspaceStorage/ab12/chatSessions', false, false],
        ['/workspaceStorage/ab13', false, true],
        ['/workspaceStorage/ab14', false, true],
        ['/workspaceStorage/ab14/GitHub.copilot-chat', false, true],
        ['/workspaceStorage/ab14/GitHub.copilot-chat/chatSessions', false, false],
        ['/globalStorage/emptyWindowChatSessions', false, false],
      ],
    );
    const ab13 = folders.find((folder) => folder.path === join(storage, 'ab13'))!;
    assert.equal(ab13.structure!('chatSessions'), true);
    assert.equal(ab13.structure!('state.vscdb'), false, 'an extension writing its state is no reason to watch again');
    const watched = logWatch('copilot-chat', '/own/User');
    assert.equal(watched.isLogFile('/own/User/workspaceStorage/ab12/chatSessions/s.jsonl'), true);
    assert.equal(watched.isLogFile('/own/User/globalStorage/emptyWindowChatSessions/s.json'), true);
    assert.equal(watched.isLogFile('/own/User/globalStorage/tokenwise.tokenwise/ledger/events-2026-12.jsonl'), false);
    assert.equal(watched.isLogFile('/own/User/workspaceStorage/ab12/state.json'), false);
  });
});
