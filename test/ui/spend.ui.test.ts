import * as assert from 'node:assert/strict';
import { Workbench } from './workbench';

describe('spend sidebar in the workbench (packaged extension)', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await Workbench.open();
  });
  afterEach(function () {
    return workbench?.screenshotIfFailed(this.currentTest);
  });
  after(() => workbench?.close());

  it('shows a prompt recorded from the command palette in the Spend view', async () => {
    await workbench.openFile('review.prompt.md');
    const status = workbench.countedItem;
    await status.waitFor({ timeout: 30_000 });
    const cost = /· (\$[\d.]+) ·/.exec(await status.innerText())![1];
    await workbench.runCommand('Tokenwise: Record Prompt as Sent');
    const toast = workbench.page.locator('.notification-toast', { hasText: 'recorded review.prompt.md' });
    await toast.waitFor({ timeout: 15_000 });
    await workbench.screenshot('record-notification.png');

    await workbench.page.locator('.activitybar [aria-label^="Tokenwise"]').first().click();
    const frame = await workbench.webviewFrame('#periods .period');
    const today = frame.locator('#periods .period', { hasText: 'Today' });
    await today.filter({ hasText: cost }).waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('#range').inputValue(), 'this-month', 'opens on a range with spend');
    assert.equal(await frame.locator('#chart .bar').count(), new Date().getDate(), 'a bar per day of the month so far');
    assert.ok(
      (await frame.locator('#chart-axis .tick').allInnerTexts()).some((tick) => /^\$\d/.test(tick) && tick !== '$0'),
      'a scale',
    );
    assert.match(await frame.locator('#breakdowns').innerText(), /gpt-5\.1/);
    assert.match(await frame.locator('#legend').innerText(), /estimated: estimated from a local count/);
    await frame.locator('#sessions summary').first().click();
    assert.match(await frame.locator('#sessions table').first().innerText(), /gpt-5\.1/);
    await workbench.screenshot('spend-sidebar.png');
  });
});
