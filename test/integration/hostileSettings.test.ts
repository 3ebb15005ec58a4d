import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { api, resetEditorsAndContext, waitFor, workspaceFile } from './helpers';

/** Settings and files a cloned repository controls must not flood a server or break the extension. */
describe('hostile workspace settings and files', function () {
  this.timeout(60_000);
  const config = () => vscode.workspace.getConfiguration('tokenwise');
  let server: Server;
  let gets = 0;

  before(async () => {
    server = createServer((_request, response) => {
      gets++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ team: 'Platform' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    server.close();
    await config().update('teamConfig', undefined, vscode.ConfigurationTarget.Global);
    await config().update('teamConfigRefreshMinutes', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('spend.timeZone', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('allowance', undefined, vscode.ConfigurationTarget.Global);
  });

  for (const minutes of [0.0001, 1e9, -3]) {
    it(`does not apply a workspace refresh interval of ${minutes} minutes, and sends no more GETs than the syncs asked for`, async () => {
      const { port } = server.address() as AddressInfo;
      await config().update('teamConfig', `http://127.0.0.1:${port}/team-${minutes}.json`, vscode.ConfigurationTarget.Global);
      await waitFor(
        async () => (await api()).allowances().team.team,
        (team) => team === 'Platform',
        'the team config loaded',
      );
      const before = gets;
      await config().update('teamConfigRefreshMinutes', minutes, vscode.ConfigurationTarget.Workspace);
      const { settingWarnings, teamConfigRefreshMs } = await api();
      await waitFor(
        settingWarnings,
        (warnings) => warnings.some((warning) => warning.includes('teamConfigRefreshMinutes')),
        'a warning about the interval',
      );
      assert.equal(teamConfigRefreshMs(), 60 * 60_000, 'the default interval applies');
      await new Promise((resolve) => setTimeout(resolve, 3000));
      // A setting change may re-read once; an interval of 1 ms (what Node makes of 1e9 minutes) would be hundreds.
      assert.ok(gets - before <= 1, `${gets - before} GETs in 3 s`);
    });
  }

  it('stays active with a warning when the workspace names an invalid time zone, with an allowance set', async () => {
    await config().update('allowance', { usd: 10, period: 'day' }, vscode.ConfigurationTarget.Global);
    await config().update('spend.timeZone', 'Not/AZone', vscode.ConfigurationTarget.Workspace);
    const { settingWarnings, allowances, spendView } = await api();
    const warnings = await waitFor(
      settingWarnings,
      (list) => list.some((warning) => warning.includes('Not/AZone')),
      'a warning about the time zone',
    );
    assert.match(
      warnings.find((warning) => warning.includes('Not/AZone'))!,
      /is not an IANA time zone.*using/,
    );
    const personal = await waitFor(
      () => allowances().usages.find((usage) => usage.id === 'personal'),
      (usage) => usage?.amount === 10,
      'the personal allowance in force',
    );
    assert.equal(personal!.status, 'ok');
    assert.notEqual(spendView().timeZone, 'Not/AZone');
    assert.ok(vscode.extensions.getExtension('tokenwise.tokenwise')?.isActive);
  });

  it('shows one positioned problem for a .tokenwise.json nested 100,000 levels deep', async () => {
    await config().update('teamConfig', undefined, vscode.ConfigurationTarget.Global);
    const file = workspaceFile('.tokenwise.json');
    const text = `{\n  "team": "Deep",\n  "favoriteModels": ${'['.repeat(100_000)}${']'.repeat(100_000)}\n}\n`;
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    try {
      await vscode.commands.executeCommand('tokenwise.syncTeamConfig');
      const diagnostics = await waitFor(
        () => vscode.languages.getDiagnostics(file),
        (list) => list.length > 0,
        'a diagnostic',
      );
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
      assert.match(diagnostics[0].message, /Nested too deeply/);
      assert.equal(diagnostics[0].range.start.line, 2);
      assert.ok(diagnostics[0].range.start.character > 0);
      const { allowances } = await api();
      assert.match(allowances().team.error ?? '', /1 error/);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it('counts only linked files inside the workspace; a ../ path and a symlink out are listed as not counted', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'tokenwise-outside-'));
    const secret = join(outside, 'secret.md');
    writeFileSync(secret, 'a secret outside the workspace');
    const link = workspaceFile('context', 'escape.md');
    symlinkSync(secret, link.fsPath);
    const prompt = workspaceFile('prompts', 'hostile.prompt.md');
    const up = relative(workspaceFile('prompts').fsPath, secret);
    await vscode.workspace.fs.writeFile(
      prompt,
      new TextEncoder().encode(`Review [notes](../context/design-notes.md), [up](${up}) and [link](../context/escape.md).\n`),
    );
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(prompt));
      const { contextFiles } = await api();
      const files = await waitFor(contextFiles, (list) => list.length === 3, 'three linked files');
      const byPath = new Map(files.map((file) => [file.path.split('/').pop(), file.tokens]));
      assert.ok((byPath.get('design-notes.md') ?? 0) > 0, JSON.stringify(files));
      assert.equal(byPath.get('secret.md'), undefined, 'the ../ link is not counted');
      assert.equal(byPath.get('escape.md'), undefined, 'the symlink out of the workspace is not counted');
    } finally {
      await resetEditorsAndContext();
      await vscode.workspace.fs.delete(prompt);
      rmSync(link.fsPath);
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
