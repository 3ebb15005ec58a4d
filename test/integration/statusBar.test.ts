import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/base/commands';
import { expectedStatusText } from '../support/expectedStatus';
import { referenceCount } from '../support/referenceCount';
import {
  api,
  openUntitled,
  readWorkspaceFile,
  resetEditorsAndContext,
  waitForStatus,
  waitForText,
  withSetting,
  workspaceFile,
} from './helpers';

describe('status bar', () => {
  afterEach(resetEditorsAndContext);

  it('registers every command it contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      Object.values(Commands).filter((command) => !registered.has(command)),
      [],
    );
  });

  it('shows tokens and cost of a prompt file, with the files it links to as context', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('prompts', 'review.prompt.md'));
    await vscode.window.showTextDocument(document);
    const context = [await readWorkspaceFile('context', 'rateLimiter.ts'), await readWorkspaceFile('context', 'design-notes.md')];
    assert.ok(referenceCount(document.getText()) > 100, 'the sample prompt is a real prompt');
    const shown = await waitForText(expectedStatusText({ prompt: document.getText(), context }));
    assert.match(shown.tooltip, /o200k_base/);
    assert.match(shown.tooltip, /review\.prompt\.md/);
    assert.match(shown.tooltip, /Context \(2 files\)/);
    assert.match(shown.tooltip, /@pydantic\/genai-prices .*\d{4}-\d{2}-\d{2}/);
  });

  it('updates after edits made through the API', async () => {
    const editor = await openUntitled('Explain this code.');
    await waitForText(expectedStatusText({ prompt: 'Explain this code.' }));
    await editor.edit((edit) =>
      edit.insert(editor.document.positionAt(editor.document.getText().length), ' Then write tests for it, covering every branch.'),
    );
    await waitForText(expectedStatusText({ prompt: editor.document.getText() }));
    await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 0, 8)));
    assert.equal(editor.document.getText().startsWith('this code.'), true);
    await waitForText(expectedStatusText({ prompt: editor.document.getText() }));
  });

  it('counts edits to a large document incrementally, exactly', async () => {
    const line = 'const value = compute(input, { retries: 3, timeout: 1500 }); // keep in sync with the server\n';
    const editor = await openUntitled(line.repeat(8000), 'typescript'); // about 750 KB
    await waitForText(expectedStatusText({ prompt: editor.document.getText() }));
    const { countingStats } = await api();
    const before = countingStats();
    for (const [position, text] of [
      [new vscode.Position(10, 0), '// a new comment\n'],
      [new vscode.Position(5000, 6), 'renamed_'],
    ] as const) {
      await editor.edit((edit) => edit.insert(position, text));
      await waitForText(expectedStatusText({ prompt: editor.document.getText() }));
    }
    await editor.edit((edit) => edit.delete(new vscode.Range(100, 0, 101, 0)));
    await waitForText(expectedStatusText({ prompt: editor.document.getText() }));
    const after = countingStats();
    assert.equal(after.fullSyncs, before.fullSyncs, 'no edit sent the whole document again');
    assert.ok(after.incrementalUpdates >= before.incrementalUpdates + 3, JSON.stringify({ before, after }));
  });

  it('counts the selection when there is one, the document again when it is cleared', async () => {
    const content = 'First line of the prompt.\nSecond line, which is selected.\nThird line.';
    const editor = await openUntitled(content);
    await waitForText(expectedStatusText({ prompt: content }));
    editor.selection = new vscode.Selection(1, 0, 1, 31);
    const selected = editor.document.getText(editor.selection);
    assert.equal(selected, 'Second line, which is selected.');
    await waitForText(expectedStatusText({ prompt: selected, selection: true }));
    editor.selections = [new vscode.Selection(0, 0, 0, 5), new vscode.Selection(2, 0, 2, 5)];
    await waitForStatus(
      (s) => s.text.includes(` ${referenceCount('First') + referenceCount('Third')} tok selected`),
      'the sum of two selections',
    );
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await waitForText(expectedStatusText({ prompt: content }));
  });

  it('follows the active editor and hides when none is active', async () => {
    await openUntitled('short');
    await waitForText(expectedStatusText({ prompt: 'short' }));
    const longer = 'A somewhat longer prompt, so the two counts differ clearly from each other.';
    await openUntitled(longer);
    await waitForText(expectedStatusText({ prompt: longer }));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitForStatus((s) => !s.visible, 'hidden');
  });

  it('counts special-token strings as text', async () => {
    const content = 'Log excerpt: <|endoftext|><|im_start|>user';
    await openUntitled(content, 'plaintext');
    await waitForText(expectedStatusText({ prompt: content }));
  });

  it('counts only the languages chosen in settings', async () => {
    await withSetting('counting.languages', ['markdown'], async () => {
      await openUntitled('plain text is not counted', 'plaintext');
      await waitForStatus((s) => !s.visible, 'hidden for plaintext');
      await openUntitled('markdown is counted', 'markdown');
      await waitForText(expectedStatusText({ prompt: 'markdown is counted' }));
    });
  });

  describe('with a 1 KB size limit', () => {
    it('says a larger document is too large instead of counting it', async () => {
      await withSetting('counting.maxDocumentSizeKB', 1, async () => {
        await openUntitled('word '.repeat(400));
        const shown = await waitForText('$(symbol-number) Too large to count');
        assert.match(shown.tooltip, /2\.0 KB, over the limit of 1\.0 KB/);
      });
    });

    it('still counts a small selection in that document', async () => {
      await withSetting('counting.maxDocumentSizeKB', 1, async () => {
        const editor = await openUntitled('word '.repeat(400));
        editor.selection = new vscode.Selection(0, 0, 0, 10);
        await waitForText(expectedStatusText({ prompt: 'word word ', selection: true }));
      });
    });
  });

  it('can be turned off in settings', async () => {
    await openUntitled('visible?');
    await waitForText(expectedStatusText({ prompt: 'visible?' }));
    await withSetting('statusBar.enabled', false, () => waitForStatus((s) => !s.visible, 'hidden (disabled)'));
    await waitForText(expectedStatusText({ prompt: 'visible?' }));
  });
});
