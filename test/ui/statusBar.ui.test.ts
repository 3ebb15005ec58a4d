import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceCount } from '../support/referenceCount';
import { Workbench, workspace } from './workbench';

const tokens = (count: number) => `${count.toLocaleString('en-US')} tokens`;

describe('status bar in the workbench (packaged extension)', () => {
  let workbench: Workbench;
  const promptPath = () => join(workspace(), 'prompts', 'review.prompt.md');

  before(async () => { workbench = await Workbench.open(); });
  after(() => workbench?.close());

  it('shows the token count of the opened sample prompt', async () => {
    await workbench.openFile('review.prompt.md');
    const expected = tokens(referenceCount(readFileSync(promptPath(), 'utf8')));
    await workbench.waitForTokenCount(expected);
    const item = workbench.tokenCountItem.first();
    assert.equal((await item.innerText()).trim(), expected);
    assert.match((await item.getAttribute('aria-label')) ?? '', /tokens in review\.prompt\.md/);
    await workbench.screenshot('statusbar-count.png', workbench.page.locator('.part.statusbar'));
    await workbench.screenshot('workbench-count.png');
  });

  it('changes the count after typing in the editor', async () => {
    const original = readFileSync(promptPath(), 'utf8');
    const typed = 'Also check how errors are reported to the caller';
    await workbench.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await workbench.page.keyboard.press('Control+End');
    await workbench.page.keyboard.type(typed, { delay: 15 });
    const expected = tokens(referenceCount(original + typed));
    assert.notEqual(expected, tokens(referenceCount(original)));
    await workbench.waitForTokenCount(expected);
    await workbench.screenshot('statusbar-after-typing.png', workbench.page.locator('.part.statusbar'));
  });

  it('counts the selection after Select All', async () => {
    const before = (await workbench.tokenCountItem.first().innerText()).trim();
    await workbench.page.keyboard.press('Control+A');
    await workbench.waitForTokenCount(`${before} (selection)`);
  });

  it('disappears when the last editor is closed', async () => {
    await workbench.page.keyboard.press('Escape');
    await workbench.page.keyboard.press('Control+K');
    await workbench.page.keyboard.press('Control+W');
    const dontSave = workbench.page.getByRole('button', { name: /Don't Save/ });
    if (await dontSave.isVisible({ timeout: 3000 }).catch(() => false)) await dontSave.click();
    await workbench.tokenCountItem.first().waitFor({ state: 'hidden', timeout: 15_000 });
  });
});
