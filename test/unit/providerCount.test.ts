// The provider count endpoints, against a real HTTP server on 127.0.0.1 that speaks their documented shapes:
// Anthropic's count_tokens (https://docs.anthropic.com/en/api/messages-count-tokens) and Gemini's countTokens
// (https://ai.google.dev/api/tokens), errors included.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countProviderFor, ProviderCounter } from '../../src/core/providerCount/providerCount';

interface Seen {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

describe('provider count endpoints', () => {
  let server: Server;
  let base: string;
  let seen: Seen[];
  let answer: (request: Seen) => { status: number; body: unknown };
  before(async () => {
    server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      request.on('end', () => {
        const entry = { url: request.url ?? '', headers: request.headers, body: JSON.parse(raw || '{}') as Record<string, unknown> };
        seen.push(entry);
        const { status, body } = answer(entry);
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(typeof body === 'string' ? body : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  beforeEach(() => {
    seen = [];
    // A stand-in that counts like neither: one token per four characters, plus the message format's few.
    answer = ({ url, body }) => {
      if (url.endsWith('/v1/messages/count_tokens')) {
        const messages = body.messages as { content: string }[];
        return { status: 200, body: { input_tokens: Math.ceil(messages[0].content.length / 4) + 7 } };
      }
      const contents = body.contents as { parts: { text: string }[] }[];
      return { status: 200, body: { totalTokens: Math.ceil(contents[0].parts[0].text.length / 4), promptTokensDetails: [] } };
    };
  });

  /** A counter on the stand-in, its clock 5 s further on each call (the rate limit is tested apart). */
  const counter = () => {
    let now = 1_000_000;
    return new ProviderCounter({ baseUrls: () => ({ anthropic: base, gemini: base }), now: () => (now += 5_000) });
  };

  it('names the provider of a model whose tokenizer is not public, and none for an exact one', () => {
    assert.equal(countProviderFor('claude-sonnet-4-5'), 'anthropic');
    assert.equal(countProviderFor('anthropic/claude-opus-4-7'), 'anthropic');
    assert.equal(countProviderFor('gemini-2.5-pro'), 'gemini');
    assert.equal(countProviderFor('gpt-5.1'), undefined);
  });

  it("sends Anthropic's request with the key in its header and reads input_tokens", async () => {
    const c = counter();
    const result = await c.count('anthropic', 'anthropic/claude-sonnet-4-5', 'x'.repeat(400), 'sk-test');
    assert.deepEqual(result, { provider: 'anthropic', model: 'anthropic/claude-sonnet-4-5', tokens: 107, cached: false });
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers['x-api-key'], 'sk-test');
    assert.equal(seen[0].headers['anthropic-version'], '2023-06-01');
    assert.deepEqual(seen[0].body, { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x'.repeat(400) }] });
    assert.ok(!seen[0].url.includes('sk-test'));
  });

  it("sends Gemini's request to the model's countTokens and reads totalTokens", async () => {
    const c = counter();
    const result = await c.count('gemini', 'gemini-2.5-pro', 'y'.repeat(40), 'g-key');
    assert.equal('tokens' in result && result.tokens, 10);
    assert.equal(seen[0].url, '/v1beta/models/gemini-2.5-pro:countTokens');
    assert.equal(seen[0].headers['x-goog-api-key'], 'g-key');
    assert.deepEqual(seen[0].body, { contents: [{ role: 'user', parts: [{ text: 'y'.repeat(40) }] }] });
  });

  it('answers the same prompt from its cache without sending it again', async () => {
    const c = counter();
    await c.count('anthropic', 'claude-sonnet-4-5', 'same prompt', 'k');
    const again = await c.count('anthropic', 'claude-sonnet-4-5', 'same prompt', 'k');
    assert.equal('cached' in again && again.cached, true);
    assert.equal(seen.length, 1);
    await c.count('anthropic', 'claude-sonnet-4-5', 'another prompt', 'k');
    assert.equal(seen.length, 2);
  });

  it('sends at most one request every 2 seconds and 60 an hour', async () => {
    let now = 0;
    const c = new ProviderCounter({ baseUrls: () => ({ anthropic: base }), now: () => now });
    assert.ok('tokens' in (await c.count('anthropic', 'claude-sonnet-4-5', 'a', 'k')));
    now += 500;
    const tooSoon = await c.count('anthropic', 'claude-sonnet-4-5', 'b', 'k');
    assert.match('error' in tooSoon ? tooSoon.error : '', /one count every 2 s/);
    for (let i = 0; i < 59; i++) {
      now += 2_000;
      await c.count('anthropic', 'claude-sonnet-4-5', `text ${i}`, 'k');
    }
    now += 2_000;
    const tooMany = await c.count('anthropic', 'claude-sonnet-4-5', 'one more', 'k');
    assert.match('error' in tooMany ? tooMany.error : '', /60 counts an hour/);
    assert.equal(seen.length, 60);
  });

  it('says what the provider said when it refuses, and refuses an answer that is not a count', async () => {
    const c = counter();
    answer = () => ({ status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } });
    const refused = await c.count('anthropic', 'claude-sonnet-4-5', 'p', 'bad');
    assert.deepEqual(refused, { error: 'Anthropic refused the count: invalid x-api-key (check the API key)' });
    answer = () => ({ status: 429, body: { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } } });
    const limited = await c.count('gemini', 'gemini-2.5-pro', 'p', 'k');
    assert.deepEqual(limited, {
      error: 'Google refused the count: Resource has been exhausted (the provider is rate limiting; try later)',
    });
    answer = () => ({ status: 200, body: '<html>a proxy page</html>' });
    assert.deepEqual(await c.count('gemini', 'gemini-2.5-pro', 'q', 'k'), { error: 'Google answered without a token count' });
    answer = () => ({ status: 200, body: { input_tokens: -3 } });
    assert.deepEqual(await c.count('anthropic', 'claude-sonnet-4-5', 'r', 'k'), { error: 'Anthropic answered without a token count' });
  });

  it('refuses plain http to another machine before sending anything, and reports a host it cannot reach', async () => {
    const c = new ProviderCounter({ baseUrls: () => ({ anthropic: 'http://counts.example.com' }) });
    const refused = await c.count('anthropic', 'claude-sonnet-4-5', 'p', 'k');
    assert.match('error' in refused ? refused.error : '', /is refused: prompts are sent over https/);
    const closed = new ProviderCounter({ baseUrls: () => ({ anthropic: 'http://127.0.0.1:9' }) });
    const unreachable = await closed.count('anthropic', 'claude-sonnet-4-5', 'p', 'k');
    assert.match('error' in unreachable ? unreachable.error : '', /^could not reach 127\.0\.0\.1:9/);
    assert.equal(seen.length, 0);
  });
});
