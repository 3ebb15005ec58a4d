import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { findModel } from '../../src/core';
import { claudeLine } from '../support/claudeLog';
import { api, waitFor } from './helpers';

describe('spend from agent logs', function () {
  this.timeout(60_000);
  let dir: string;
  let log: string;
  const config = () => vscode.workspace.getConfiguration('tokenwise');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-agent-logs-'));
    const projects = join(dir, 'projects');
    mkdirSync(join(projects, '-home-dev-shop'), { recursive: true });
    log = join(projects, '-home-dev-shop', 'spend-session.jsonl');
    writeFileSync(log, claudeLine({ messageId: 'mA', requestId: 'rA', time: new Date().toISOString(), input: 2000, output: 400, sessionId: 'spend-session' }));
    const off = { enabled: false };
    await config().update('usageSources', {
      'claude-code': { paths: [projects] }, codex: off, 'gemini-cli': off, cline: off, 'roo-code': off, 'kilo-code': off,
    }, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('usageSources', undefined, vscode.ConfigurationTarget.Global);
    rmSync(dir, { recursive: true, force: true });
  });

  const session = async () => (await api()).spendView().sessions.find((candidate) => candidate.key === 'claude-code:spend-session');

  it('reads a Claude Code log from the configured folder into the Spend view', async () => {
    await vscode.commands.executeCommand('tokenwise.rescanUsage');
    const found = await waitFor(session, (value) => value !== undefined, 'the session in the Spend view');
    assert.equal(found!.title, 'claude-code · shop');
    assert.equal(found!.requests.length, 1);
    const sonnet = findModel('claude-sonnet-4-5')!;
    const usd = (2000 * sonnet.rates.input! + 400 * sonnet.rates.output!) / 1e6;
    assert.equal(found!.requests[0].cost, `$${usd < 0.1 ? Number(usd.toPrecision(2)) : usd.toFixed(2)}`);
    const model = (await api()).spendView();
    assert.equal(model.empty, false);
    assert.ok(model.basis.some((entry) => entry.basis === 'calculated' && entry.count >= 1));
    assert.ok(model.daily.length === 30 && model.daily[29].value >= usd - 1e-12, 'today has the request');
  });

  it('follows the log as the agent appends to it', async () => {
    appendFileSync(log, claudeLine({ messageId: 'mB', requestId: 'rB', time: new Date().toISOString(), input: 100, output: 50, sessionId: 'spend-session' }));
    await waitFor(session, (value) => value?.requests.length === 2, 'the second request, without a rescan', 30_000);
  });

  it('exports the spend as CSV', async () => {
    const path = join(dir, 'export.csv');
    await vscode.commands.executeCommand('tokenwise.exportSpend', { range: 'all', format: 'csv', path });
    const lines = readFileSync(path, 'utf8').trim().split(/\r\n/);
    assert.match(lines[0], /^id,time,source,sessionId,project,model,input,/);
    assert.ok(lines.filter((line) => line.includes(',claude-code,spend-session,')).length === 2, lines.join('\n'));
  });
});
