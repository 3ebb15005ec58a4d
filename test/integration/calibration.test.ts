// Tokenizer factors calibrated from agent logs in the real VS Code host: a Claude Code session whose prompts grow by
// 1.31 × the o200k_base count of the text added, read by the usage scan, turns the status bar's estimate into one
// "calibrated on 200 of your requests", with a factor within 2 % of 1.31; a Gemini CLI recording whose prompts grow
// by 1.07 × Gemma 3's count does the same for Gemini's published-vocabulary count.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { session } from '../support/claudeSessions';
import { geminiSession, jsonl } from '../support/geminiSessions';
import { onlyUsageSources, openUntitled, resetEditorsAndContext, waitForStatus } from './helpers';

describe('tokenizer calibration from agent logs', function () {
  this.timeout(60_000);
  let root: string;
  const config = () => vscode.workspace.getConfiguration('tokenwise');

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'tokenwise-calibration-host-'));
    mkdirSync(join(root, 'claude', '-home-dev-shop'), { recursive: true });
    const lines = session(1.31, 200, 21).lines.map((line) => ({ ...line, sessionId: 'cal-1', timestamp: '2026-11-20T10:00:00Z' }));
    writeFileSync(join(root, 'claude', '-home-dev-shop', 'cal-1.jsonl'), jsonl(lines));
    mkdirSync(join(root, 'gemini', 'ab12', 'chats'), { recursive: true });
    writeFileSync(join(root, 'gemini', 'ab12', 'chats', 'session-2026-11-20T10-00-cal2.jsonl'), jsonl(geminiSession(1.07, 120, 22)));
    await config().update('model', 'claude-sonnet-4-5', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('usageSources', undefined, vscode.ConfigurationTarget.Global);
    await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('tokenwise.resetCalibration');
    await resetEditorsAndContext();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows the factor calibrated on the requests of the logs in the status bar, and the published one after a reset', async () => {
    await openUntitled('Explain what this regular expression matches, with two examples.');
    await waitForStatus((status) => /estimate for Claude 3 to 4\.6: ×1\.20/.test(status.tooltip), 'the published factor');
    await config().update(
      'usageSources',
      onlyUsageSources({ 'claude-code': { paths: [join(root, 'claude')] } }),
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('tokenwise.rescanUsage');
    const calibrated = await waitForStatus((status) => /calibrated on 200 of your requests/.test(status.tooltip), 'the calibrated factor');
    const factor = Number(/calibrated on 200 of your requests \(Claude 3 to 4\.6\): ×(\d\.\d\d)/.exec(calibrated.tooltip)?.[1]);
    assert.ok(Math.abs(factor / 1.31 - 1) < 0.02, `×${factor}`);
    await vscode.commands.executeCommand('tokenwise.resetCalibration');
    await waitForStatus((status) => /estimate for Claude 3 to 4\.6: ×1\.20/.test(status.tooltip), 'the published factor again');
  });

  it("shows Gemini's factor calibrated on Gemini CLI's recordings against Gemma 3's count", async () => {
    await config().update('model', 'gemini-2.5-pro', vscode.ConfigurationTarget.Global);
    await openUntitled('Summarise the failing test and propose a fix.');
    await waitForStatus(
      (status) => /Gemma 3's published vocabulary, not stated to be this model's: ×0\.97–1\.03/.test(status.tooltip),
      'the published range',
    );
    await config().update(
      'usageSources',
      onlyUsageSources({ 'gemini-cli': { paths: [join(root, 'gemini')] } }),
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('tokenwise.rescanUsage');
    // 119 pairs: one a turn but the last, whose response stays open to later records.
    const calibrated = await waitForStatus((status) => /calibrated on 119 of your requests/.test(status.tooltip), 'the calibrated factor');
    const factor = Number(
      /calibrated on 119 of your requests: ×(\d\.\d\d) \(\d\.\d\d–\d\.\d\d\) of Gemma 3's published vocabulary count/.exec(
        calibrated.tooltip,
      )?.[1],
    );
    assert.ok(Math.abs(factor / 1.07 - 1) < 0.02, `×${factor}`);
  });
});
