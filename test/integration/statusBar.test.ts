import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StatusBarSnapshot, TokenwiseApi } from '../../src/api';
import { referenceCount } from '../support/referenceCount';

const EXTENSION_ID = 'tokenwise.tokenwise';

async function api(): Promise<TokenwiseApi> {
  const extension = vscode.extensions.getExtension<TokenwiseApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Polls the status bar until `expected` holds; fails with the last state seen. */
async function waitForStatus(expected: (snapshot: StatusBarSnapshot) => boolean, what: string): Promise<StatusBarSnapshot> {
  const { tokenCountStatus } = await api();
  const deadline = Date.now() + 15_000;
  let last = tokenCountStatus();
  while (!expected(last)) {
    if (Date.now() > deadline) assert.fail(`status bar never showed ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = tokenCountStatus();
  }
  return last;
}

function waitForText(text: string): Promise<StatusBarSnapshot> {
  return waitForStatus((s) => s.visible && s.text === text, JSON.stringify(text));
}

function tokensText(tokens: number, suffix = ''): string {
  return `$(symbol-number) ${tokens.toLocaleString('en-US')} ${tokens === 1 ? 'token' : 'tokens'}${suffix}`;
}

async function openUntitled(content: string, language = 'markdown'): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ content, language });
  return vscode.window.showTextDocument(document);
}

describe('token count status bar', () => {
  const workspaceRoot = () => vscode.workspace.workspaceFolders![0].uri;

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('runs in the real VS Code', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });

  it('shows the count of a workspace file opened in an editor', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'prompts', 'review.prompt.md');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const expected = referenceCount(document.getText());
    assert.ok(expected > 100, 'the sample prompt is a real prompt');
    const shown = await waitForText(tokensText(expected));
    assert.match(shown.tooltip, /o200k_base/);
    assert.match(shown.tooltip, /review\.prompt\.md/);
  });

  it('updates after edits made through the API', async () => {
    const editor = await openUntitled('Explain this code.');
    await waitForText(tokensText(referenceCount('Explain this code.')));
    await editor.edit((edit) => edit.insert(editor.document.positionAt(editor.document.getText().length), ' Then write tests for it, covering every branch.'));
    await waitForText(tokensText(referenceCount(editor.document.getText())));
    await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 0, 8)));
    assert.equal(editor.document.getText().startsWith('this code.'), true);
    await waitForText(tokensText(referenceCount(editor.document.getText())));
  });

  it('counts the selection when there is one, the document again when it is cleared', async () => {
    const content = 'First line of the prompt.\nSecond line, which is selected.\nThird line.';
    const editor = await openUntitled(content);
    await waitForText(tokensText(referenceCount(content)));
    editor.selection = new vscode.Selection(1, 0, 1, 31);
    const selected = editor.document.getText(editor.selection);
    assert.equal(selected, 'Second line, which is selected.');
    await waitForText(tokensText(referenceCount(selected), ' (selection)'));
    editor.selections = [new vscode.Selection(0, 0, 0, 5), new vscode.Selection(2, 0, 2, 5)];
    await waitForText(tokensText(referenceCount('First') + referenceCount('Third'), ' (selection)'));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await waitForText(tokensText(referenceCount(content)));
  });

  it('follows the active editor and hides when none is active', async () => {
    await openUntitled('short');
    await waitForText(tokensText(referenceCount('short')));
    const longer = 'A somewhat longer prompt, so the two counts differ clearly from each other.';
    await openUntitled(longer);
    await waitForText(tokensText(referenceCount(longer)));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitForStatus((s) => !s.visible, 'nothing (hidden)');
  });

  it('counts special-token strings as text', async () => {
    const content = 'Log excerpt: <|endoftext|><|im_start|>user';
    await openUntitled(content, 'plaintext');
    await waitForText(tokensText(referenceCount(content)));
  });

  describe('with a 1 KB size limit', () => {
    const setting = () => vscode.workspace.getConfiguration('tokenwise');
    before(() => setting().update('counting.maxDocumentSizeKB', 1, vscode.ConfigurationTarget.Global));
    after(() => setting().update('counting.maxDocumentSizeKB', undefined, vscode.ConfigurationTarget.Global));

    it('says a larger document is too large instead of counting it', async () => {
      await openUntitled('word '.repeat(400));
      const shown = await waitForText('$(symbol-number) Too large to count');
      assert.match(shown.tooltip, /2\.0 KB, over the limit of 1\.0 KB/);
    });

    it('still counts a small selection in that document', async () => {
      const editor = await openUntitled('word '.repeat(400));
      editor.selection = new vscode.Selection(0, 0, 0, 10);
      await waitForText(tokensText(referenceCount('word word '), ' (selection)'));
    });
  });

  it('can be turned off in settings', async () => {
    const setting = vscode.workspace.getConfiguration('tokenwise');
    await openUntitled('visible?');
    await waitForText(tokensText(referenceCount('visible?')));
    await setting.update('statusBar.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitForStatus((s) => !s.visible, 'nothing (disabled)');
    } finally {
      await setting.update('statusBar.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForText(tokensText(referenceCount('visible?')));
  });
});
