import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { api, waitFor, workspaceFile } from './helpers';

function teamConfig(usd: number): string {
  return JSON.stringify({ team: 'Platform', allowances: [{ id: 'daily', name: 'Team daily', amount: { usd }, period: 'day' }] });
}

describe('team config and allowances', function () {
  this.timeout(60_000);
  let server: Server;
  let body = teamConfig(20);
  let etag = '"v1"';
  const revalidations: string[] = [];
  const config = () => vscode.workspace.getConfiguration('tokenwise');
  const daily = async () => (await api()).allowances().usages.find((usage) => usage.id === 'daily');
  const sync = () => vscode.commands.executeCommand('tokenwise.syncTeamConfig');

  before(async () => {
    server = createServer((request, response) => {
      if (request.headers['if-none-match']) revalidations.push(String(request.headers['if-none-match']));
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await config().update('teamConfig', `http://127.0.0.1:${port}/team.json`, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    server.close();
    await config().update('teamConfig', undefined, vscode.ConfigurationTarget.Global);
  });

  it('applies the team allowance from a URL and shows it in the status bar', async () => {
    await sync();
    const usage = await waitFor(daily, (value) => value?.amount === 20, 'the team allowance of $20');
    assert.equal(usage!.origin, 'team');
    const { allowances } = await api();
    assert.equal(allowances().team.team, 'Platform');
    assert.match(allowances().statusBar ?? '', /^\$\(pie-chart\) .* of \$20\.00 · \d+%$/);
  });

  it('revalidates with the ETag and applies a changed config without a reload', async () => {
    await sync();
    assert.ok(revalidations.includes('"v1"'), 'sent If-None-Match');
    assert.equal((await daily())?.amount, 20);
    body = teamConfig(35);
    etag = '"v2"';
    await sync();
    await waitFor(daily, (value) => value?.amount === 35, 'the changed allowance of $35');
  });

  it('keeps the last good config when the response is malformed or the server is gone', async () => {
    body = '{ "team": "Platform", "allowances": [ ';
    etag = '"broken"';
    await sync();
    const { allowances } = await api();
    assert.match(allowances().team.error ?? '', /JSON|syntax|expected/i);
    assert.equal((await daily())?.amount, 35);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await sync();
    assert.ok(allowances().team.error, 'an error is reported');
    assert.equal((await daily())?.amount, 35, 'offline: the last good config stays in force');
  });

  it('marks problems of a workspace .tokenwise.json in the Problems panel; fixing them applies the allowance', async () => {
    await config().update('teamConfig', undefined, vscode.ConfigurationTarget.Global);
    const file = workspaceFile('.tokenwise.json');
    await vscode.workspace.fs.writeFile(
      file,
      new TextEncoder().encode(
        '{\n  "team": "Platform",\n  "allowances": [\n    { "id": "d", "amount": { "usd": -5 }, "period": "day" }\n  ]\n}\n',
      ),
    );
    try {
      await sync();
      const diagnostics = await waitFor(
        () => vscode.languages.getDiagnostics(file),
        (list) => list.length > 0,
        'diagnostics',
      );
      assert.ok(
        diagnostics.some((diagnostic) => diagnostic.range.start.line === 3 && diagnostic.severity === vscode.DiagnosticSeverity.Error),
        JSON.stringify(diagnostics),
      );

      // Fixed in the editor and saved: the diagnostic goes and the allowance applies, with no Sync.
      const document = await vscode.workspace.openTextDocument(file);
      const edit = new vscode.WorkspaceEdit();
      const line = document.lineAt(3);
      edit.replace(file, line.range, line.text.replace('-5', '5'));
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await document.save());
      await waitFor(
        () => vscode.languages.getDiagnostics(file),
        (list) => list.length === 0,
        'the diagnostic cleared',
      );
      const applied = await waitFor(
        async () => (await api()).allowances().usages.find((usage) => usage.id === 'd'),
        (usage) => usage?.amount === 5,
        'the fixed allowance applied',
      );
      assert.equal(applied!.origin, 'team');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });
});
