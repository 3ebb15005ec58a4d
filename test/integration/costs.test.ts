import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectedStatusText } from '../support/expectedStatus';
import { referenceCount } from '../support/referenceCount';
import {
  api,
  openUntitled,
  readWorkspaceFile,
  resetEditorsAndContext,
  waitFor,
  waitForStatus,
  waitForText,
  withSetting,
  workspaceFile,
} from './helpers';

const PROMPT = 'Review the attached module for race conditions and explain each one.';

describe('models, context and comparison', () => {
  afterEach(resetEditorsAndContext);

  it('selects a model through the command; the status bar shows its (estimated) cost', async () => {
    await openUntitled(PROMPT);
    await waitForText(expectedStatusText({ prompt: PROMPT }));
    try {
      await vscode.commands.executeCommand('tokenwise.selectModel', 'claude-sonnet-4-5');
      const shown = await waitForText(expectedStatusText({ prompt: PROMPT, model: 'claude-sonnet-4-5' }));
      assert.match(shown.text, /^\$\(symbol-number\) ≈\d+ tok · ≈\$/);
      assert.match(shown.tooltip, /estimate for Claude/);
      assert.equal(vscode.workspace.getConfiguration('tokenwise').get('model'), 'claude-sonnet-4-5');
    } finally {
      await vscode.workspace.getConfiguration('tokenwise').update('model', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForText(expectedStatusText({ prompt: PROMPT }));
  });

  it('adds a context file to every prompt and removes it again', async () => {
    const notes = workspaceFile('context', 'design-notes.md');
    await openUntitled(PROMPT);
    await waitForText(expectedStatusText({ prompt: PROMPT }));
    await vscode.commands.executeCommand('tokenwise.addToContext', notes);
    await waitForText(expectedStatusText({ prompt: PROMPT, context: [await readWorkspaceFile('context', 'design-notes.md')] }));
    const { contextFiles } = await api();
    assert.deepEqual(
      contextFiles().map((file) => [file.path, file.origin]),
      [['context/design-notes.md', 'added']],
    );
    await vscode.commands.executeCommand('tokenwise.removeFromContext', notes);
    await waitForText(expectedStatusText({ prompt: PROMPT }));
  });

  it('counts a linked file once even when it was also added by hand', async () => {
    await vscode.commands.executeCommand('tokenwise.addToContext', workspaceFile('context', 'rateLimiter.ts'));
    const prompt = await vscode.workspace.openTextDocument(workspaceFile('prompts', 'review.prompt.md'));
    await vscode.window.showTextDocument(prompt);
    const context = [await readWorkspaceFile('context', 'rateLimiter.ts'), await readWorkspaceFile('context', 'design-notes.md')];
    await waitForText(expectedStatusText({ prompt: prompt.getText(), context }));
    const { contextFiles } = await api();
    assert.deepEqual(
      contextFiles().map((file) => [file.path, file.origin]),
      [
        ['context/rateLimiter.ts', 'added'],
        ['context/design-notes.md', 'referenced'],
      ],
    );
  });

  it('says a binary context file is not counted', async () => {
    const binary = workspaceFile('context', 'image.bin');
    await vscode.workspace.fs.writeFile(binary, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    try {
      await vscode.commands.executeCommand('tokenwise.addToContext', binary);
      const { contextFiles } = await api();
      const files = await waitFor(contextFiles, (list) => list.length === 1, 'the binary file listed');
      assert.equal(files[0].tokens, undefined);
    } finally {
      await vscode.workspace.fs.delete(binary);
    }
  });

  it('compares the prompt across models, sorted by total, and follows edits', async () => {
    const editor = await openUntitled(PROMPT);
    await waitForText(expectedStatusText({ prompt: PROMPT }));
    const { comparison } = await api();
    const rows = comparison();
    assert.ok(rows.length >= 10, `${rows.length} models`);
    const priced = rows.filter((row) => row.totalUsd !== undefined).map((row) => row.totalUsd!);
    assert.deepEqual(
      priced,
      [...priced].sort((a, b) => a - b),
      'sorted by total',
    );
    assert.equal(rows.filter((row) => row.cheapest).length, 1);
    assert.ok(new Set(rows.map((row) => row.provider)).size >= 6, 'several providers');
    const before = rows.find((row) => row.modelId === 'gpt-5.1')!.inputTokens;
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'Please be thorough. '));
    await waitFor(
      () => comparison().find((row) => row.modelId === 'gpt-5.1')!.inputTokens,
      (tokens) => tokens > before,
      'more tokens for gpt-5.1',
    );
  });

  it('flags models the prompt does not fit and warns in the status bar', async () => {
    await openUntitled(PROMPT);
    await waitForText(expectedStatusText({ prompt: PROMPT }));
    await withSetting('expectedOutputTokens', 300_000, async () => {
      const shown = await waitForStatus((s) => s.warning, 'a warning');
      assert.match(shown.tooltip, /exceed/);
      const { comparison } = await api();
      const rows = comparison();
      assert.ok(rows.some((row) => row.fits === 'exceeds'));
      assert.ok(rows.every((row) => !row.cheapest || row.fits === 'fits'));
    });
  });

  it('opens the comparison view', async () => {
    await openUntitled(PROMPT);
    await vscode.commands.executeCommand('tokenwise.compareModels');
    await waitFor(
      () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => tab.label),
      (labels) => labels.includes('Compare Models'),
      'a Compare Models tab',
    );
  });

  it("counts a selection in a prompt file as the selection's tokens alone, without the context files", async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('prompts', 'review.prompt.md'));
    const editor = await vscode.window.showTextDocument(document);
    const context = [await readWorkspaceFile('context', 'rateLimiter.ts'), await readWorkspaceFile('context', 'design-notes.md')];
    await waitForText(expectedStatusText({ prompt: document.getText(), context }));
    editor.selection = new vscode.Selection(0, 0, 0, document.lineAt(0).text.length);
    try {
      const selected = document.getText(editor.selection);
      const shown = await waitForText(expectedStatusText({ prompt: selected, selection: true }));
      assert.ok(shown.text.includes(` ${referenceCount(selected)} tok selected · `), shown.text);
      assert.match(shown.tooltip, /A selection is priced alone/);
    } finally {
      editor.selection = new vscode.Selection(0, 0, 0, 0); // the editor would reopen with the selection
    }
  });

  it('prices a settings file, or any file that is not a prompt, alone: the context files are not added', async () => {
    await vscode.commands.executeCommand('tokenwise.addToContext', workspaceFile('context', 'design-notes.md'));
    const settingsFile = workspaceFile('config', 'settings.json');
    const text = '{\n  // editor settings\n  "editor.fontSize": 14,\n  "files.autoSave": "afterDelay"\n}\n';
    await vscode.workspace.fs.writeFile(settingsFile, new TextEncoder().encode(text));
    try {
      const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(settingsFile), 'jsonc');
      await vscode.window.showTextDocument(document);
      const shown = await waitForText(expectedStatusText({ prompt: text }));
      assert.ok(!/files? ·/.test(shown.text), shown.text);
      assert.match(shown.tooltip, /not a prompt file, so it is priced alone/);
      // The same text as an untitled Markdown draft is a prompt: the added file comes with it.
      await openUntitled(text);
      await waitForText(expectedStatusText({ prompt: text, context: [await readWorkspaceFile('context', 'design-notes.md')] }));
    } finally {
      await vscode.workspace.fs.delete(workspaceFile('config'), { recursive: true });
    }
  });
});
