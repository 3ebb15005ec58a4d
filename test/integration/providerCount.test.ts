// Exact on request in the real VS Code host: the prompt counted by a stand-in of Anthropic's count_tokens endpoint on
// 127.0.0.1 (https://docs.anthropic.com/en/api/messages-count-tokens: `x-api-key`, `anthropic-version`, a Messages
// body, `{ "input_tokens": n }`), only once turned on, and only once per prompt.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { openUntitled, resetEditorsAndContext, waitForStatus } from './helpers';

interface Seen {
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: { model?: string; messages?: { role: string; content: string }[] };
}

describe('counting a prompt with its provider (a stand-in endpoint on 127.0.0.1)', function () {
  this.timeout(60_000);
  let server: Server;
  const seen: Seen[] = [];
  const config = () => vscode.workspace.getConfiguration('tokenwise');
  const countWithProvider = (args: unknown) =>
    vscode.commands.executeCommand<{ tokens: number; cached: boolean } | undefined>('tokenwise.countWithProvider', args);

  before(async () => {
    server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      request.on('end', () => {
        const body = JSON.parse(raw || '{}') as Seen['body'];
        seen.push({ url: request.url, headers: request.headers, body });
        // A count no local estimate would give: one token per character of the message, plus 5.
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ input_tokens: (body.messages?.[0]?.content.length ?? 0) + 5 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await config().update('model', 'claude-sonnet-4-5', vscode.ConfigurationTarget.Global);
    await config().update(
      'providerCount.urls',
      { anthropic: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
      vscode.ConfigurationTarget.Global,
    );
  });
  after(async () => {
    server.close();
    await vscode.commands.executeCommand('tokenwise.forgetProviderKeys');
    for (const key of ['model', 'providerCount.urls', 'providerCount.enabled']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await resetEditorsAndContext();
  });

  it('sends nothing while it is off, which is the default', async () => {
    await openUntitled('Summarise the release notes in three bullet points.');
    await waitForStatus((status) => status.visible && status.text.includes('tok'), 'counting the prompt');
    assert.equal(await countWithProvider({ confirmed: true, key: 'sk-test' }), undefined);
    assert.equal(seen.length, 0);
  });

  it('counts the prompt with the provider once turned on, with the key in its header, and does not send it twice', async () => {
    await config().update('providerCount.enabled', true, vscode.ConfigurationTarget.Global);
    const prompt = 'Review this function for off-by-one errors and say which line is wrong.';
    await openUntitled(prompt);
    await waitForStatus((status) => status.visible && status.text.includes('tok'), 'counting the prompt');
    const first = await countWithProvider({ confirmed: true, key: 'sk-test' });
    assert.deepEqual(first && [first.tokens, first.cached], [prompt.length + 5, false]);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].url, '/v1/messages/count_tokens');
    assert.equal(seen[0].headers['x-api-key'], 'sk-test');
    assert.deepEqual(seen[0].body, { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: prompt }] });
    // The key was kept: a second prompt needs none given.
    const again = await countWithProvider({ confirmed: true });
    assert.deepEqual(again && [again.tokens, again.cached], [prompt.length + 5, true]);
    assert.equal(seen.length, 1, 'the same prompt is answered from memory');
  });
});
