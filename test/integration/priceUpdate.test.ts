import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForUpdate } from '@pydantic/genai-prices';
import * as vscode from 'vscode';
import { Ledger } from '../../src/core';
import { priceEvent } from '../../src/core/spend/eventPricing';
import { api, waitFor } from './helpers';

interface Request {
  readonly method: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
}

/** The genai-prices data the package bundles, with Claude Haiku 4.5's input at $0.90 from 2026-12-01 (it is $1). */
async function changedPriceData(): Promise<string> {
  const providers = structuredClone((await waitForUpdate()) as unknown as { id: string; models: { id: string; prices: unknown }[] }[]);
  const haiku = providers.find((provider) => provider.id === 'anthropic')!.models.find((model) => model.id === 'claude-haiku-4-5')!;
  const current = haiku.prices as Record<string, unknown>;
  haiku.prices = [
    { prices: current },
    { constraint: { start_date: '2026-12-01', type: 'start_date' }, prices: { ...current, input_mtok: 0.9 } },
  ];
  return JSON.stringify(providers);
}

/**
 * Two Claude Haiku 4.5 requests priced before the update at its $1 per million input (Anthropic's pricing page,
 * https://platform.claude.com/docs/en/about-claude/pricing): they keep that price until the history is re-priced;
 * then the one made after 2026-12-01 costs $0.90 and the one before stays at $1.
 */
async function repricesTheHistoryOnlyWhenAsked(): Promise<void> {
  const { ledgerFolder } = await api();
  const ledger = new Ledger(ledgerFolder);
  const request = (id: string, time: string) =>
    priceEvent({ id, time, source: 'codex', sessionId: 'reprice', model: 'claude-haiku-4-5', tokens: { input: 1_000_000 } });
  const before = [request('reprice-after', '2026-12-02T12:00:00.000Z'), request('reprice-before', '2026-11-20T12:00:00.000Z')];
  assert.deepEqual(
    before.map((event) => event.usd),
    [1, 1],
  );
  ledger.append(before);
  const usdOf = async (id: string) => (await ledger.read()).events.find((event) => event.id === id)?.usd;
  assert.equal(await usdOf('reprice-after'), 1, 'new prices do not change the history by themselves');
  const outcome = (await vscode.commands.executeCommand('tokenwise.repriceHistory', { confirmed: true })) as { events: number };
  assert.ok(outcome.events >= 1);
  assert.equal(await usdOf('reprice-after'), 0.9);
  assert.equal(await usdOf('reprice-before'), 1);
  const again = (await vscode.commands.executeCommand('tokenwise.repriceHistory', { confirmed: true })) as { events: number };
  assert.equal(again.events, 0, 'a second re-price has nothing left to change');
}

describe('the opt-in price update (a real HTTP server on 127.0.0.1)', function () {
  this.timeout(60_000);
  let server: Server;
  let answer: (response: import('node:http').ServerResponse) => void = () => undefined;
  const requests: Request[] = [];
  const config = () => vscode.workspace.getConfiguration('tokenwise');
  const update = () => vscode.commands.executeCommand('tokenwise.updatePrices');

  before(async () => {
    server = createServer((request, response) => {
      let bodyBytes = 0;
      request.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
      request.on('end', () => {
        requests.push({ method: request.method, headers: request.headers, bodyBytes });
        answer(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    server.close();
    await config().update('priceUpdate.enabled', undefined, vscode.ConfigurationTarget.Global);
    await config().update('priceUpdate.url', undefined, vscode.ConfigurationTarget.Global);
  });

  it('sends nothing while it is off, which is the default', async () => {
    const { priceData } = await api();
    assert.equal(priceData().updated, false);
    assert.match(priceData().source, /^prices of \d{4}-\d{2}-\d{2} \(@pydantic\/genai-prices /);
    assert.equal(requests.length, 0);
  });

  it('applies a new file, keeps the last good copy when the file turns malformed, and refuses a redirect to http', async () => {
    const good = await changedPriceData();
    answer = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(good);
    const { port } = server.address() as AddressInfo;
    await config().update('priceUpdate.url', `http://127.0.0.1:${port}/data.json`, vscode.ConfigurationTarget.Global);
    await config().update('priceUpdate.enabled', true, vscode.ConfigurationTarget.Global);
    await update();
    const { priceData, inputRate } = await api();
    const applied = await waitFor(priceData, (state) => state.updated, 'the fetched prices in force');
    assert.equal(applied.dataDate, '2026-12-01', 'the date of the fetched data: its newest price change');
    assert.match(applied.source, /^prices of 2026-12-01 \(price data from 127\.0\.0\.1:\d+/);
    assert.equal(inputRate('claude-haiku-4-5'), 0.9);
    assert.ok(requests.length >= 1);
    for (const request of requests) {
      assert.equal(request.method, 'GET');
      assert.equal(request.bodyBytes, 0, 'nothing is sent but the request');
      assert.equal(request.headers.cookie, undefined);
    }
    await repricesTheHistoryOnlyWhenAsked();

    answer = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"providers": [');
    await update();
    assert.match(priceData().lastError ?? '', /not JSON/);
    assert.equal(priceData().updated, true, 'the last good copy stays in force');
    assert.equal(inputRate('claude-haiku-4-5'), 0.9);

    answer = (response) => response.writeHead(302, { location: 'http://prices.example.com/data.json' }).end();
    await update();
    assert.match(priceData().lastError ?? '', /redirected to http:\/\/prices\.example\.com\/data\.json: .*refused/);
    assert.equal(inputRate('claude-haiku-4-5'), 0.9);

    await config().update('priceUpdate.enabled', false, vscode.ConfigurationTarget.Global);
    await waitFor(priceData, (state) => !state.updated, 'the bundled prices again once the update is off');
    assert.equal(inputRate('claude-haiku-4-5'), 1);
  });
});
