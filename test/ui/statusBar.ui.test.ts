import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedStatusText } from '../support/expectedStatus';
import { Workbench, workspace } from './workbench';

/** The status bar renders the codicon as an icon, not as text. */
const rendered = (text: string) => text.replace('$(symbol-number) ', '');
const read = (...path: string[]) => readFileSync(join(workspace(), ...path), 'utf8');

describe('status bar in the workbench (packaged extension)', () => {
  let workbench: Workbench;
  const context = () => [read('context', 'rateLimiter.ts'), read('context', 'design-notes.md')];

  before(async () => {
    workbench = await Workbench.open();
  });
  afterEach(function () {
    return workbench?.screenshotIfFailed(this.currentTest);
  });
  after(() => workbench?.close());

  it('shows tokens and cost of the opened sample prompt', async () => {
    await workbench.openFile('review.prompt.md');
    const expected = rendered(expectedStatusText({ prompt: read('prompts', 'review.prompt.md'), context: context() }));
    assert.match(expected, /^\d[\d,]* tok \+2 files · \$\d\.\d+ · gpt-5\.1$/);
    await workbench.waitForTokenCount(expected);
    const item = workbench.tokenCountItem.first();
    assert.match((await item.getAttribute('aria-label')) ?? '', /tokens with 2 context files, \$[\d.]+ on gpt-5\.1/);
    await workbench.screenshot('statusbar-count.png', workbench.page.locator('.part.statusbar'));
    await workbench.screenshot('workbench-count.png');
  });

  it('shows the cost breakdown in the tooltip', async () => {
    await workbench.tokenCountItem.first().hover();
    const hover = workbench.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Output, assumed' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const text = await hover.innerText();
    assert.match(text, /review\.prompt\.md on GPT-5\.1/);
    assert.match(text, /Context \(2 files\)/);
    assert.match(text, /exact \(o200k_base\)/);
    await workbench.screenshot('statusbar-tooltip.png');
    await workbench.page.mouse.move(700, 300);
  });

  it('changes the count after typing in the editor', async () => {
    const original = read('prompts', 'review.prompt.md');
    const typed = 'Also check how errors are reported to the caller';
    await workbench.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await workbench.page.keyboard.press('Control+End');
    await workbench.page.keyboard.type(typed, { delay: 15 });
    const expected = rendered(expectedStatusText({ prompt: original + typed, context: context() }));
    assert.notEqual(expected, rendered(expectedStatusText({ prompt: original, context: context() })));
    await workbench.waitForTokenCount(expected);
    await workbench.screenshot('statusbar-after-typing.png', workbench.page.locator('.part.statusbar'));
  });

  it('counts the selection after Select All', async () => {
    const before = (await workbench.tokenCountItem.first().innerText()).trim();
    await workbench.page.keyboard.press('Control+A');
    const tokens = Number(before.split(' ')[0].replace(/,/g, ''));
    await workbench.waitForTokenCount(
      rendered(
        expectedStatusText({
          prompt: read('prompts', 'review.prompt.md') + 'Also check how errors are reported to the caller',
          context: context(),
          selection: true,
        }),
      ),
    );
    assert.ok(tokens > 0);
    await workbench.page.keyboard.press('Control+End');
  });
});
