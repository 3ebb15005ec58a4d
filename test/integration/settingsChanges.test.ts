import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TokenwiseApi } from '../../src/base/api';
import { expectedStatusText } from '../support/expectedStatus';
import { api, readWorkspaceFile, resetEditorsAndContext, waitFor, waitForText, withSetting, workspaceFile } from './helpers';

type Activity = ReturnType<TokenwiseApi['activity']>;

/** The activity once nothing has happened for `quietMs`: earlier tests' scans and recounts have settled. */
async function settledActivity(quietMs = 2500): Promise<Activity> {
  const { activity } = await api();
  let last = JSON.stringify(activity());
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = JSON.stringify(activity());
    if (now !== last) [last, since] = [now, Date.now()];
  }
  return JSON.parse(last) as Activity;
}

/** A setting change reaches only the services that use it. */
describe('settings changes patch only what changed', function () {
  this.timeout(60_000);
  const notes = workspaceFile('context', 'design-notes.md');
  let prompt: string;

  before(async () => {
    prompt = await readWorkspaceFile('prompts', 'summarize.prompt.md');
  });
  afterEach(resetEditorsAndContext);

  async function openPromptWithContext(): Promise<void> {
    await vscode.commands.executeCommand('tokenwise.addToContext', notes);
    await vscode.window.showTextDocument(workspaceFile('prompts', 'summarize.prompt.md'));
    const { contextFiles } = await api();
    await waitFor(
      contextFiles,
      (files) => files.some((file) => file.path === 'context/design-notes.md' && file.tokens !== undefined),
      'the context file counted',
    );
  }

  it('picking a model re-prices the prompt without a log scan, a ledger read, a context re-read or a recount', async () => {
    await openPromptWithContext();
    const before = await settledActivity();
    try {
      await vscode.commands.executeCommand('tokenwise.selectModel', 'claude-sonnet-4-5');
      const context = [await readWorkspaceFile('context', 'design-notes.md')];
      await waitForText(expectedStatusText({ prompt, context, model: 'claude-sonnet-4-5' }));
      const after = await settledActivity();
      assert.deepEqual(after, before, 'nothing but the price moved');
    } finally {
      await vscode.workspace.getConfiguration('tokenwise').update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a new counting limit recounts the prompt and re-reads the context files, and scans no logs', async () => {
    await openPromptWithContext();
    const before = await settledActivity();
    await withSetting('counting.maxDocumentSizeKB', 2048, async () => {
      const { activity } = await api();
      await waitFor(
        activity,
        (now) => now.promptCounts > before.promptCounts && now.contextFileReads > before.contextFileReads,
        'a recount',
      );
      const after = await settledActivity();
      assert.equal(after.scans, before.scans, 'no log scan');
      assert.equal(after.ledgerReads, before.ledgerReads, 'no ledger read');
    });
  });

  it('changing tokenwise.usageSources rescans the logs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tokenwise-sources-'));
    try {
      const before = await settledActivity();
      await withSetting('usageSources', { 'claude-code': { paths: [folder] } }, async () => {
        const { activity } = await api();
        await waitFor(activity, (now) => now.scans > before.scans, 'a scan after the change');
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
