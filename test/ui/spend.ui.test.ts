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

  it('says where it looked when there is no spend yet', async () => {
    await workbench.showTokenwiseSidebar();
    const frame = await workbench.webviewFrame('#lookups .lookup');
    await frame.locator('#empty').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('#lookups-box').getAttribute('open'), '', 'opened by itself');
    // The first scan runs a moment after start-up; then each folder says what was found in it.
    const read = frame.locator('#lookups .lookup', { hasText: 'Claude Code' }).filter({ hasText: /0 log files, 0 new events; read / });
    await read.waitFor({ timeout: 30_000 });
    const claude = await read.innerText();
    const home = process.env.TOKENWISE_HOST_HOME!;
    assert.ok(claude.includes(`${home}/.claude/projects not there`), claude);
    assert.match(await frame.locator('#lookups').innerText(), /Codex CLI[\s\S]*\.codex\/sessions not there/);
    await workbench.collapseView('Prompt Context');
    await frame.locator('#lookups-box').evaluate((box) => box.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('spend-empty.png', workbench.page.locator('.part.sidebar'));
  });

  it('shows a prompt recorded from the command palette in the Spend view', async () => {
    await workbench.openFile('review.prompt.md');
    const status = workbench.countedItem;
    await status.waitFor({ timeout: 30_000 });
    const cost = /· (\$[\d.]+) ·/.exec(await status.innerText())![1];
    await workbench.runCommand('Tokenwise: Record Prompt as Sent');
    const toast = workbench.page.locator('.notification-toast', { hasText: 'recorded review.prompt.md' });
    await toast.waitFor({ timeout: 15_000 });
    await workbench.screenshot('record-notification.png');

    await workbench.showTokenwiseSidebar();
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
