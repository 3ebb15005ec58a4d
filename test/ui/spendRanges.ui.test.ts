import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { Workbench } from './workbench';

/** Last month's usage, written by the test runner into a folder the Machine settings name (see lastMonthLogs.ts). */
const lastMonth = () => {
  const month = process.env.TOKENWISE_LAST_MONTH;
  if (!month) throw new Error('TOKENWISE_LAST_MONTH is not set: run the UI tests through `npm run test:ui`.');
  return month;
};
const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** Points Tokenwise at a folder of Claude Code logs with Configure Usage Sources, from the keyboard. */
async function configureClaudeCode(workbench: Workbench, folder: string): Promise<void> {
  const { page } = workbench;
  await workbench.runCommand('Tokenwise: Configure Usage Sources');
  const pick = async (label: string, placeholder: string) => {
    await page.locator(`.quick-input-widget input[placeholder="${placeholder}"]`).waitFor();
    await page.keyboard.insertText(label);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor();
    await page.keyboard.press('Enter');
  };
  await pick('Claude Code', 'Which agent?');
  await pick('Choose folders', 'What should change?');
  // The editor's own folder dialog: type the folder's path, and accept it once the dialog lists what is in it.
  const input = page.locator('.quick-input-widget input');
  const value = () => input.inputValue().catch(() => '');
  const reached = async () =>
    (await value()) === `${folder}/` && (await page.locator('.quick-input-list .monaco-list-row', { hasText: 'shop' }).count()) > 0;
  // The dialog may put its starting folder back once more while it loads: type the path again until it stays.
  const deadline = Date.now() + 20_000;
  for (;;) {
    await input.fill(`${folder}/`);
    const settled = Date.now() + 2000;
    while (!(await reached()) && Date.now() < settled) await page.waitForTimeout(100);
    await page.waitForTimeout(300);
    if (await reached()) break;
    if (Date.now() > deadline) throw new Error(`the folder dialog never reached ${folder}; it shows ${await value()}`);
  }
  await workbench.screenshot('configure-usage-sources.png');
  await page
    .locator('.quick-input-widget .quick-input-action, .quick-input-widget .monaco-button', { hasText: 'Read These Folders' })
    .first()
    .click();
  await page
    .locator('.notification-toast', { hasText: `Tokenwise: Claude Code is read from ${folder}` })
    .waitFor({ timeout: 30_000 })
    .catch(async (error: unknown) => {
      await workbench.screenshot('failed-configure-usage-sources.png');
      throw error;
    });
}

describe('spend ranges, chart and waste in the workbench (packaged extension)', () => {
  let workbench: Workbench;
  let frame: Frame;

  before(async () => {
    workbench = await Workbench.open();
    await workbench.editUserSettings({ 'workbench.colorTheme': 'Default Dark Modern' });
    await workbench.runCommand('View: Close All Editors');
    await configureClaudeCode(workbench, process.env.TOKENWISE_AGENT_LOGS!);
    await workbench.showTokenwiseSidebar();
    frame = await workbench.webviewFrame('#range option');
    // The Spend view gets the whole side bar: the Prompt Context view below it is collapsed.
    await workbench.collapseView('Prompt Context');
  });

  /** The side bar at the top of the view and scrolled to the waste section. */
  async function screenshots(name: string): Promise<void> {
    const sidebar = workbench.page.locator('.part.sidebar');
    await frame.locator('#range').scrollIntoViewIfNeeded();
    await workbench.screenshot(`${name}.png`, sidebar);
    await frame.locator('#waste-title').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await workbench.screenshot(`${name}-waste.png`, sidebar);
  }
  afterEach(function () {
    return workbench?.screenshotIfFailed(this.currentTest);
  });
  after(() => workbench?.close());

  it("shows last month's usage in every section when Last month is chosen", async () => {
    const month = lastMonth();
    const name = monthName(month);
    await frame.locator('#range').focus();
    await frame.locator('#range').selectOption('last-month');
    const card = frame.locator('#periods .period').first();
    await card.filter({ hasText: 'Last month' }).waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await card.innerText(), /\$0\.00\b/, 'the range has spend');
    assert.match(await frame.locator('#range-dates').innerText(), new RegExp(`^${name} 1, \\d{4} – ${name} ${daysIn(month)}, \\d{4}$`));
    // The chart: a bar per day of last month, on a scale, with the 10th and the 20th drawn.
    assert.equal(await frame.locator('#chart .bar').count(), daysIn(month));
    const ticks = await frame.locator('#chart-axis .tick').allInnerTexts();
    assert.equal(ticks.at(-1), '$0');
    assert.match(ticks[0], /^\$\d/);
    const spoken = await frame.locator('#chart .bar').evaluateAll((bars) => bars.map((bar) => bar.getAttribute('aria-label') ?? ''));
    assert.match(spoken[9], new RegExp(`^${name} 10: \\$[\\d.]+, 3 requests$`));
    assert.match(spoken[19], new RegExp(`^${name} 20: \\$[\\d.]+, 1 request$`));
    assert.match(spoken[0], new RegExp(`^${name} 1: \\$0, 0 requests$`));
    // One Tab stop; the arrow keys move it and the focused bar is said in words.
    assert.equal(await frame.locator('#chart .bar[tabindex="0"]').count(), 1);
    await frame.locator('#chart .bar[tabindex="0"]').focus();
    await workbench.page.keyboard.press('Home');
    for (let i = 0; i < 9; i++) await workbench.page.keyboard.press('ArrowRight');
    assert.match(await frame.locator('#chart-focus').innerText(), new RegExp(`^${name} 10: `));
    // Where the money went.
    const breakdowns = await frame.locator('#breakdowns').innerText();
    for (const text of ['claude-sonnet-4-5', 'claude-opus-4-5', 'Claude Code', 'shop', 'api', 'cache write']) {
      assert.ok(breakdowns.includes(text), `${text} in the breakdowns`);
    }
    assert.match(breakdowns, /\d+%/);
    const sessions = await frame.locator('#sessions').innerText();
    assert.match(sessions, new RegExp(`Claude Code · ${name} 10 · shop`));
    assert.match(
      (await frame.locator('#sessions .session-meta').first().textContent()) ?? '',
      new RegExp(`${name} \\d+, \\d\\d:\\d\\d – \\d\\d:\\d\\d`),
    );
    assert.match(await frame.locator('#top-sessions').innerText(), /Claude Code/);
    // Expanded, a session lists its requests in a table that fits the side bar: one line per request.
    const refactor = frame.locator('#sessions .session', { hasText: 'shop' }).first();
    await refactor.locator('summary').focus();
    await workbench.page.keyboard.press('Enter');
    const rows = refactor.locator('table.requests tr');
    assert.equal(await rows.count(), 4, 'a header and three requests');
    const heights = await rows.evaluateAll((list) => list.map((row) => row.getBoundingClientRect().height));
    assert.ok(Math.max(...heights) < 2 * Math.min(...heights), `no row wraps: ${heights.join(', ')}`);
    await refactor.evaluate((session) => session.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('spend-session-expanded.png', workbench.page.locator('.part.sidebar'));
    // Where it was wasted: 60,000 + 100,000 cache-write tokens nobody read, at Anthropic's $3.75 per million for
    // Claude Sonnet 4.5's 5-minute cache writes: $0.60.
    const unread = frame.locator('#waste-lines .waste-line', { hasText: 'Cache writes never read' });
    assert.match(await unread.innerText(), /\$0\.60/);
    assert.match(await unread.innerText(), /160,000 tokens in 2 writes/);
    await screenshots('spend-last-month-dark');
  });

  it("says where it looked: the folder chosen with Configure Usage Sources, found, and the other agents' default folders", async () => {
    await frame.locator('#lookups-box > summary').click();
    const claude = frame.locator('#lookups .lookup', { hasText: 'Claude Code' });
    await claude.waitFor({ timeout: 10_000 });
    assert.match(await claude.innerText(), /claude-projects found/);
    assert.match(await claude.innerText(), /1 log files, \d+ new events; read /);
    const codex = await frame.locator('#lookups .lookup', { hasText: 'Codex CLI' }).innerText();
    assert.ok(codex.includes(`${process.env.TOKENWISE_HOST_HOME}/.codex/sessions not there`), codex);
    assert.match(codex, /0 log files, 0 new events; read /);
    await frame.locator('#lookups-box').evaluate((box) => box.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('spend-where-it-looked.png', workbench.page.locator('.part.sidebar'));
  });

  it('re-prices the range on another model', async () => {
    const options = await frame.locator('#reprice option').allInnerTexts();
    assert.ok(options.length > 5, options.join(' | '));
    await frame.locator('#reprice').selectOption({ index: 1 });
    await frame.locator('#repriced', { hasText: /requests on .+: ≈?\$/ }).waitFor({ timeout: 15_000 });
  });

  it('reads in the light and High Contrast themes and in a wide sidebar', async () => {
    for (const [theme, file] of [
      ['Default Light Modern', 'spend-last-month-light'],
      ['Default High Contrast', 'spend-last-month-high-contrast'],
    ] as const) {
      await workbench.editUserSettings({ 'workbench.colorTheme': theme });
      await workbench.runCommand('View: Close All Editors');
      await workbench.page.waitForTimeout(1500); // the theme's colours reach the webview
      await screenshots(file);
    }
    await workbench.editUserSettings({ 'workbench.colorTheme': 'Default Dark Modern' });
    await workbench.runCommand('View: Close All Editors');
    // Drag the sidebar's edge 300 px to the right, as a person widens it.
    const box = (await workbench.page.locator('.part.sidebar').boundingBox())!;
    const mouse = workbench.page.mouse;
    await mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    await mouse.down();
    await mouse.move(box.x + box.width + 300, box.y + box.height / 2, { steps: 10 });
    await mouse.up();
    const width = (await workbench.page.locator('.part.sidebar').boundingBox())?.width ?? 0;
    assert.ok(width > 400, `the sidebar is ${width} px wide`);
    await workbench.screenshot('spend-last-month-wide.png');
  });
});
