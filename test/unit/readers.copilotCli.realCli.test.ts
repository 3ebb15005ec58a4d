// The real GitHub Copilot CLI (npm @github/copilot, a dev dependency) writes its session files and its OpenTelemetry
// file output, offline, against a stand-in of an OpenAI-compatible provider on 127.0.0.1 (its documented chat
// completions stream, with `usage` in the last chunk). What the reader makes of them must be each call once, with
// exactly the tokens the provider reported.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readCopilotCli } from '../../src/core/readers/copilotCli';
import type { UsageRow } from '../../src/core/readers/usageRow';

const run = promisify(execFile);
const CLI = require.resolve('@github/copilot/npm-loader.js');

/** The usage the stand-in reports for its n-th call: distinct per call, so a call counted twice or lost shows. */
const reported = (n: number) => ({ prompt: 1_000 * n + 200, cached: 1_000 * n, completion: 40 + n, reasoning: n });

function standInProvider(): Promise<{ server: Server; url: string; calls: () => number }> {
  let calls = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const n = ++calls;
      const { prompt, cached, completion, reasoning } = reported(n);
      const chunk = (body: unknown) => response.write(`data: ${JSON.stringify(body)}\n\n`);
      const base = { id: `chatcmpl-standin-${n}`, object: 'chat.completion.chunk', created: 1, model: 'gpt-4.1' };
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      chunk({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: `Answer ${n}.` }, finish_reason: null }] });
      chunk({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      chunk({
        ...base,
        choices: [],
        usage: {
          prompt_tokens: prompt,
          completion_tokens: completion,
          total_tokens: prompt + completion,
          prompt_tokens_details: { cached_tokens: cached },
          completion_tokens_details: { reasoning_tokens: reasoning },
        },
      });
      response.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, calls: () => calls }),
    ),
  );
}

const sorted = (rows: UsageRow[]) => [...rows].sort((a, b) => a.time.localeCompare(b.time));

describe('readers: GitHub Copilot CLI, written by the real CLI', function () {
  this.timeout(120_000);
  let dir: string;
  let provider: Awaited<ReturnType<typeof standInProvider>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-real-copilot-'));
    provider = await standInProvider();
  });
  after(() => {
    provider.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const copilot = (home: string, args: string[]) => {
    mkdirSync(join(dir, 'work'), { recursive: true });
    return run(process.execPath, [CLI, ...args], {
      cwd: join(dir, 'work'),
      env: {
        ...process.env,
        COPILOT_HOME: home,
        COPILOT_OFFLINE: 'true',
        COPILOT_PROVIDER_BASE_URL: provider.url,
        COPILOT_PROVIDER_API_KEY: 'stand-in',
        COPILOT_MODEL: 'gpt-4.1',
        COPILOT_OTEL_FILE_EXPORTER_PATH: join(dir, 'copilot-otel.jsonl'),
      },
    });
  };

  it('counts each call once from the session file and the spans together, with the tokens the provider reported', async () => {
    const home = join(dir, 'home');
    await copilot(home, ['-p', 'first question']);
    const [session] = readdirSync(join(home, 'session-state')).filter((name) => !name.startsWith('.'));
    await copilot(home, [`--resume=${session}`, '-p', 'second question']);
    // A session whose file is not where Tokenwise reads (another COPILOT_HOME): only its spans tell of it.
    await copilot(join(dir, 'elsewhere'), ['-p', 'third question']);
    assert.equal(provider.calls(), 3);

    const otelFile = join(dir, 'copilot-otel.jsonl');
    const both = await readCopilotCli([join(home, 'session-state'), otelFile]);
    const expected = [1, 2, 3].map((n) => {
      const { prompt, cached, completion, reasoning } = reported(n);
      return [`chatcmpl-standin-${n}`, prompt - cached, cached, 0, completion - reasoning, reasoning];
    });
    const tokens = (rows: UsageRow[]) =>
      sorted(rows).map((row) => [
        row.id.split(':').at(-1),
        row.tokens.input,
        row.tokens.cacheRead,
        row.tokens.cacheWrite,
        row.tokens.output,
        row.tokens.reasoning,
      ]);
    assert.deepEqual(tokens(both.rows), expected);
    assert.deepEqual(both.stats.skipped, []);
    const sessions = new Set(both.rows.map((row) => row.sessionId));
    assert.equal(sessions.size, 2);
    assert.ok(sessions.has(session));
    // The session file names the folder the CLI ran in; the spans do not.
    const own = both.rows.filter((row) => row.sessionId === session);
    assert.deepEqual(new Set(own.map((row) => row.project)), new Set([join(dir, 'work')]));
    // A call to the user's own provider is not billed in credits.
    assert.ok(both.rows.every((row) => row.billing === undefined && row.model === 'gpt-4.1'));

    // The spans alone name the calls as the session file does: the same rows, whichever record is read.
    const spansOnly = await readCopilotCli([otelFile]);
    assert.deepEqual(
      sorted(spansOnly.rows).map((row) => [row.id, row.time.slice(0, 16)]),
      sorted(both.rows).map((row) => [row.id, row.time.slice(0, 16)]),
    );
    // Nothing new: nothing again.
    assert.deepEqual((await readCopilotCli([join(home, 'session-state'), otelFile], both.cursorState)).rows, []);
  });
});
