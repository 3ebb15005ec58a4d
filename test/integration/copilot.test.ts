import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { formatUsd } from '../../src/core';
import { api, waitFor, onlyUsageSources } from './helpers';

// A GitHub Copilot Chat session written where this very editor keeps them (its User folder's workspaceStorage), in
// the `.jsonl` change-log layout; shapes as documented, none copied from a real session.
describe('GitHub Copilot Chat in the Spend view', function () {
  this.timeout(60_000);
  let storage: string;
  let log: string;
  let elsewhere: string;
  const config = () => vscode.workspace.getConfiguration('tokenwise');
  const started = Date.now();
  const request = (id: string, offsetMs: number, modelId: string) => ({
    requestId: id,
    timestamp: started + offsetMs,
    modelId,
    message: { text: 'Add pagination to the orders API' },
    response: [],
  });
  const line = (entry: unknown) => JSON.stringify(entry) + '\n';

  before(async () => {
    const userDir = dirname(dirname(dirname((await api()).ledgerFolder)));
    storage = join(userDir, 'workspaceStorage', 'tokenwise-copilot-test');
    mkdirSync(join(storage, 'chatSessions'), { recursive: true });
    writeFileSync(join(storage, 'workspace.json'), JSON.stringify({ folder: pathToFileURL('/home/dev/orders').href }));
    log = join(storage, 'chatSessions', 'copilot-session.jsonl');
    writeFileSync(
      log,
      line({ kind: 0, v: { version: 3, sessionId: 'copilot-session', requests: [request('q1', 0, 'copilot/claude-sonnet-4.5')] } }) +
        line({ kind: 1, k: ['requests', 0, 'result'], v: { metadata: { promptTokens: 3000, outputTokens: 200 } } }),
    );
    // No other editor is read, so only this editor's own session counts.
    elsewhere = mkdtempSync(join(tmpdir(), 'tokenwise-no-editor-'));
    await config().update('usageSources', onlyUsageSources({ 'copilot-chat': { paths: [elsewhere] } }), vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('usageSources', undefined, vscode.ConfigurationTarget.Global);
    rmSync(storage, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  const session = async () => (await api()).spendView().sessions.find((candidate) => candidate.key === 'copilot-chat:copilot-session');

  it("reads the editor's own chat session, priced in AI credits as an estimate", async () => {
    await vscode.commands.executeCommand('tokenwise.rescanUsage');
    const found = await waitFor(session, (value) => value !== undefined, 'the Copilot session in the Spend view');
    assert.equal(found!.agent, 'GitHub Copilot Chat');
    assert.equal(found!.project, 'orders', 'the workspace folder from workspace.json');
    assert.equal(found!.title, 'Add pagination to the orders API');
    // GitHub's credit prices for Claude Sonnet 4.5: $3.00 input, $0.30 cached input, $15.00 output per million.
    // All input uncached: 3,000 × 3 + 200 × 15 = 12,000 → $0.012 (1.2 credits). With 80 % of the input cached:
    // 600 × 3 + 2,400 × 0.30 + 200 × 15 = 5,520 → $0.00552.
    assert.equal(found!.requests[0].cost, formatUsd(0.012));
    assert.equal(found!.requests[0].basis, 'estimated');
    const agent = (await api())
      .spendView()
      .breakdowns.find((breakdown) => breakdown.title === 'By agent')!
      .rows.find((row) => row.label === 'GitHub Copilot Chat');
    assert.equal(agent?.detail, `3,200 tokens · 1 request · 1.2 AI credits · estimate ${formatUsd(0.00552)}–${formatUsd(0.012)}`);
  });

  it('follows the session as Copilot appends to it', async () => {
    appendFileSync(
      log,
      line({ kind: 2, k: ['requests'], v: [request('q2', 1000, 'copilot/gpt-5-mini')] }) +
        line({ kind: 1, k: ['requests', 1, 'result'], v: { promptTokens: 1000, outputTokens: 100 } }),
    );
    const found = await waitFor(session, (value) => value?.requests.length === 2, 'the second request, without a rescan', 30_000);
    // GPT-5 mini: 1,000 × 0.25 + 100 × 2 = 450 per million → $0.00045.
    const mini = found!.requests.find((entry) => entry.model === 'copilot/gpt-5-mini');
    assert.equal(mini?.cost, formatUsd(0.00045));
  });
});
