import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConfigAge, loadConfigSource, parseTeamConfig } from '../../src/core';
import { isLoopbackHost, readCache, type ConfigRequest } from '../../src/core/config';

const GOOD = '{ "team": "Payments", "expectedOutputTokens": 800 }\n';
const CHANGED = '{ "team": "Payments", "expectedOutputTokens": 1200 }\n';

interface Served {
  status?: number;
  body?: string;
  etag?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Sends this many bytes, in 16 KB chunks, instead of the body. */
  streamBytes?: number;
  /** Waits this long before answering. */
  delayMs?: number;
}

/** A real HTTP server on 127.0.0.1 whose answer each test sets. */
class ConfigServer {
  served: Served = { body: GOOD, etag: '"v1"' };
  readonly seen: http.IncomingHttpHeaders[] = [];
  private readonly server = http.createServer((request, response) => this.answer(request, response));
  private port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path = '/tokenwise.json'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.seen.push(request.headers);
    const served = this.served;
    const send = () => {
      if (served.etag && request.headers['if-none-match'] === served.etag) {
        response.writeHead(304, { ETag: served.etag });
        response.end();
        return;
      }
      const headers: Record<string, string> = { 'Content-Type': served.contentType ?? 'application/json', ...served.headers };
      if (served.etag) headers.ETag = served.etag;
      response.writeHead(served.status ?? 200, headers);
      if (served.streamBytes !== undefined) {
        let left = served.streamBytes;
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        const pump = () => {
          while (left > 0) {
            left -= chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        response.on('error', () => undefined);
        pump();
        return;
      }
      response.end(served.body ?? '');
    };
    if (served.delayMs) setTimeout(send, served.delayMs);
    else send();
  }
}

describe('team config: sources', function () {
  this.timeout(20000);
  let folder: string;
  let cacheFile: string;
  let server: ConfigServer;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tokenwise-team-'));
    cacheFile = join(folder, 'cache', 'team-config.json');
    server = new ConfigServer();
    await server.start();
  });

  afterEach(async () => {
    await server.stop().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  });

  /** Loads once successfully, so that a last good copy is cached. */
  async function primed() {
    const first = await loadConfigSource(server.url(), { cacheFile });
    assert.equal(first.status, 'fresh', first.error);
    return first;
  }

  function assertKeptLastGood(result: Awaited<ReturnType<typeof loadConfigSource>>, error: RegExp) {
    assert.equal(result.status, 'stale');
    assert.match(result.error ?? '', error);
    assert.equal(result.text, GOOD, 'the last good copy is kept');
    assert.equal(parseTeamConfig(result.text ?? '').config?.expectedOutputTokens, 800);
    assert.equal(readCache(cacheFile)?.text, GOOD, 'the cache still holds the last good copy');
  }

  it('fetches, caches, and revalidates with If-None-Match (304)', async () => {
    const first = await primed();
    assert.equal(first.text, GOOD);
    assert.equal(first.etag, '"v1"');
    assert.equal(server.seen[0]['if-none-match'], undefined);
    const cached = readCache(cacheFile);
    assert.equal(cached?.url, server.url());
    assert.equal(cached?.etag, '"v1"');

    const second = await loadConfigSource(server.url(), { cacheFile, now: () => new Date(Date.parse(first.fetchedAt ?? '') + 3_600_000) });
    assert.equal(server.seen[1]['if-none-match'], '"v1"');
    assert.equal(second.status, 'unchanged');
    assert.equal(second.text, GOOD);
    assert.equal(second.fetchedAt, first.fetchedAt);
    assert.notEqual(second.checkedAt, first.checkedAt);
  });

  it('applies a changed config', async () => {
    await primed();
    server.served = { body: CHANGED, etag: '"v2"' };
    const result = await loadConfigSource(server.url(), { cacheFile });
    assert.equal(server.seen[1]['if-none-match'], '"v1"');
    assert.equal(result.status, 'fresh');
    assert.equal(parseTeamConfig(result.text ?? '').config?.expectedOutputTokens, 1200);
    assert.equal(readCache(cacheFile)?.etag, '"v2"');
  });

  it('keeps the last good copy when the server is gone, and says how old it is', async () => {
    const first = await primed();
    await server.stop();
    const result = await loadConfigSource(server.url(), { cacheFile });
    assertKeptLastGood(result, /connection was refused/);
    assert.equal(result.checkedAt, first.checkedAt);
    assert.equal(describeConfigAge(result.checkedAt, new Date(Date.parse(result.checkedAt ?? '') + 2 * 3_600_000)), '2 hours ago');
  });

  it('fails without a copy when there never was a good one', async () => {
    await server.stop();
    const result = await loadConfigSource(server.url(), { cacheFile });
    assert.equal(result.status, 'failed');
    assert.equal(result.text, undefined);
    assert.match(result.error ?? '', /refused/);
  });

  it('refuses a 404', async () => {
    await primed();
    server.served = { status: 404, body: 'not here', contentType: 'text/plain' };
    assertKeptLastGood(await loadConfigSource(server.url(), { cacheFile }), /answered 404 \(Not Found/);
  });

  it('refuses a malformed JSON body, naming its line and column', async () => {
    await primed();
    server.served = { body: '{\n  "team": "Payments",\n  "expectedOutputTokens": 800,\n}\n', etag: '"v3"' };
    const result = await loadConfigSource(server.url(), { cacheFile });
    assertKeptLastGood(result, /invalid: 3:30 Invalid JSON: trailing comma/);
    assert.match(result.rejectedText ?? '', /"expectedOutputTokens": 800,/);
  });

  it('refuses a config that breaks the schema', async () => {
    await primed();
    server.served = { body: '{ "expectedOutputTokens": -5 }' };
    assertKeptLastGood(await loadConfigSource(server.url(), { cacheFile }), /expectedOutputTokens must be at least 0/);
  });

  it('refuses a response that is not JSON', async () => {
    await primed();
    server.served = { body: '<html>Sign in</html>', contentType: 'text/html; charset=utf-8' };
    assertKeptLastGood(await loadConfigSource(server.url(), { cacheFile }), /sent text\/html, not JSON/);
  });

  it('stops reading an oversized response', async () => {
    await primed();
    server.served = { streamBytes: 4 * 1024 * 1024 };
    assertKeptLastGood(await loadConfigSource(server.url(), { cacheFile, maxBytes: 64 * 1024 }), /larger than the 64 KB limit/);
  });

  it('refuses an oversized response by its Content-Length', async () => {
    await primed();
    server.served = { body: `{ "team": "${'x'.repeat(300 * 1024)}" }` };
    assertKeptLastGood(await loadConfigSource(server.url(), { cacheFile }), /larger than the 256 KB limit/);
  });

  it('times out on a slow server', async () => {
    await primed();
    server.served = { body: GOOD, delayMs: 2000 };
    const started = Date.now();
    assertKeptLastGood(await loadConfigSource(server.url(), { cacheFile, timeoutMs: 300 }), /Timed out after 300 ms/);
    assert.ok(Date.now() - started < 1500);
  });

  it('follows a redirect on the same machine', async () => {
    server.served = { status: 302, headers: { Location: '/elsewhere.json' } };
    let calls = 0;
    const request: ConfigRequest = (url, options, onResponse) => {
      calls++;
      if (url.pathname === '/elsewhere.json') server.served = { body: GOOD, etag: '"v1"' };
      return http.request(url, options, onResponse);
    };
    const result = await loadConfigSource(server.url(), { cacheFile, fetch: request });
    assert.equal(result.status, 'fresh', result.error);
    assert.equal(calls, 2);
  });

  it('refuses too many redirects', async () => {
    await primed();
    server.served = { status: 302, headers: { Location: '/again' } };
    assertKeptLastGood(await loadConfigSource(server.url(), { cacheFile }), /Too many redirects/);
  });

  it('allows plain http only to this machine', async () => {
    assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('127.8.0.1') && isLoopbackHost('localhost') && isLoopbackHost('[::1]'));
    assert.ok(!isLoopbackHost('example.com') && !isLoopbackHost('10.0.0.1') && !isLoopbackHost('128.0.0.1'));
    let connected = false;
    const request: ConfigRequest = (url, options, onResponse) => {
      connected = true;
      return http.request(url, options, onResponse);
    };
    const result = await loadConfigSource('http://example.invalid/tokenwise.json', { cacheFile, fetch: request });
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', /Plain http is only allowed for this machine/);
    assert.equal(connected, false, 'refused before any connection');
    assert.match((await loadConfigSource('ftp://example.com/x.json', { cacheFile })).error ?? '', /Only https URLs/);
  });

  it('refuses a redirect to plain http on another machine', async () => {
    await primed();
    server.served = { status: 302, headers: { Location: 'http://example.invalid/tokenwise.json' } };
    assertKeptLastGood(await loadConfigSource(server.url(), { cacheFile }), /Plain http is only allowed/);
  });

  it('refuses a redirect from https to http', async () => {
    server.served = { status: 301, headers: { Location: server.url('/plain.json') } };
    // The https start is served by the loopback server: the transport maps it to http.
    const request: ConfigRequest = (url, options, onResponse) => {
      assert.equal(url.protocol, 'https:', 'the http hop is never requested');
      const plain = new URL(url.href);
      plain.protocol = 'http:';
      return http.request(plain, options, onResponse);
    };
    const httpsUrl = server.url().replace('http:', 'https:');
    const result = await loadConfigSource(httpsUrl, { cacheFile, fetch: request });
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', /Refused a redirect from https to plain http/);
  });

  it('reads a file path, and keeps the last good copy when the file goes bad or away', async () => {
    const file = join(folder, 'shared', 'tokenwise.json');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(folder, 'shared'));
    writeFileSync(file, GOOD);
    const first = await loadConfigSource(file, { cacheFile });
    assert.equal(first.status, 'fresh');
    assert.equal(first.kind, 'file');
    assert.equal(first.text, GOOD);

    writeFileSync(file, '{ "team": }');
    const broken = await loadConfigSource(file, { cacheFile });
    assertKeptLastGood(broken, /1:11 Invalid JSON: a value was expected/);
    assert.equal(broken.rejectedText, '{ "team": }');

    rmSync(file);
    assertKeptLastGood(await loadConfigSource(file, { cacheFile }), /does not exist/);
  });

  it('fails on a missing file with no cache', async () => {
    const result = await loadConfigSource(join(folder, 'nope.json'));
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', /nope\.json does not exist/);
  });

  it('does not use a cached copy of another source', async () => {
    await primed();
    await server.stop();
    const result = await loadConfigSource(server.url('/other.json'), { cacheFile });
    assert.equal(result.status, 'failed');
  });
});
