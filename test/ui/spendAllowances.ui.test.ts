// Named to run after spend.ui.test.ts (mocha sorts the files): that test expects
// today's spend to be its own prompt, and this one records another.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { formatCount } from '../../src/core';
import { userSettingsFile, Workbench, workspace } from './workbench';

/** What a webview's browser computed for an element (tests compile without the DOM library). */
function computedStyle(locator: Locator, property: string): Promise<string> {
  type Window = { getComputedStyle(node: unknown): { getPropertyValue(name: string): string } };
  return locator.evaluate((node, name) => (globalThis as unknown as Window).getComputedStyle(node).getPropertyValue(name).trim(), property);
}

/** `#cca700` → `rgb(204, 167, 0)`, as computed styles give colours. */
function rgb(hex: string): string {
  const digits = hex.replace('#', '');
  const full = digits.length <= 4 ? [...digits].map((digit) => digit + digit).join('') : digits;
  const [r, g, b] = [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

const count = (text: string) => Number(text.replace(/,/g, ''));
const today = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date());

describe('allowances in the workbench (packaged extension)', () => {
  let workbench: Workbench;
  /** settings.json as it was, put back for the tests that follow (each opens a window that reads it anew). */
  let original: string | undefined;

  before(async () => {
    workbench = await Workbench.open();
  });
  afterEach(function () {
    return workbench?.screenshotIfFailed(this.currentTest);
  });
  after(async () => {
    if (original !== undefined) writeFileSync(userSettingsFile(), original);
    await workbench?.close();
  });

  it('announces a threshold a recorded prompt crosses and shows the allowance in the Spend view', async () => {
    const { page } = workbench;
    await workbench.openFile('review.prompt.md');
    const status = workbench.countedItem;
    await status.waitFor({ timeout: 30_000 });
    // Recording stores the input tokens the status bar shows and the expected output (500 by default).
    const shown = (await status.innerText()).trim();
    const prompt = count(/^([\d,]+) tok/.exec(shown)![1]) + 500;

    // Earlier tests may have recorded prompts today: a roomy allowance in tokens says exactly how many.
    // The screenshots are taken in VS Code's default dark theme.
    original = await workbench.editUserSettings({
      'workbench.colorTheme': 'Default Dark Modern',
      'tokenwise.allowance': { tokens: 1_000_000_000, period: 'day', timeZone: 'UTC' },
    });
    const roomy = workbench.allowanceItem.filter({ hasText: 'of 1,000,000,000 tokens' }).first();
    await roomy.waitFor({ timeout: 30_000 });
    // The ledger is first read a moment after start-up; a rescan reads it again and says when it is done.
    await workbench.runCommand('Tokenwise: Rescan Usage');
    await page.locator('.notification-toast', { hasText: /Tokenwise: (Read |No new agent usage)/ }).waitFor({ timeout: 30_000 });
    const before = count(/([\d,]+) tokens of/.exec(await roomy.innerText())![1]);

    // An allowance this prompt takes to 85 %: past the 80 % threshold, not yet at 100 %.
    const used = before + prompt;
    const amount = Math.ceil(used / 0.85);
    const percent = Math.round((used / amount) * 100);
    await workbench.editUserSettings({ 'tokenwise.allowance': { tokens: amount, period: 'day', timeZone: 'UTC' } });
    await workbench.allowanceItem
      .filter({ hasText: `of ${formatCount(amount)} tokens` })
      .first()
      .waitFor({ timeout: 30_000 });

    // Back to the prompt's tab: the active editor is what gets recorded.
    await page.locator('.tab', { hasText: 'review.prompt.md' }).click();
    await page.locator('.tab.active', { hasText: 'review.prompt.md' }).waitFor();
    // Until the prompt is counted again the status bar still shows settings.json, and there is nothing to record.
    await workbench.waitForTokenCount(shown);
    await workbench.runCommand('Tokenwise: Record Prompt as Sent');
    const usedOfAmount = `${formatCount(used)} tokens of ${formatCount(amount)} tokens`;
    // Once faded in, so the screenshot shows it.
    const toast = page
      .locator('.notification-toast.notification-fade-in-done', { hasText: `Your allowance (` })
      .filter({ hasText: `is at ${percent}%: ${usedOfAmount}` });
    await toast.waitFor({ timeout: 30_000 });
    await workbench.screenshot('threshold-notification.png');

    // The allowance item leads to the Spend view.
    await workbench.allowanceItem.first().click();
    const frame = await workbench.webviewFrame('#allowances .allowance');
    const card = frame.locator('#allowances .allowance').filter({ hasText: usedOfAmount }).first();
    await card.waitFor({ timeout: 30_000 });
    const text = await card.innerText();
    assert.match(text, /Your allowance/);
    assert.match(text, /Personal · daily · soft/);
    assert.match(text, new RegExp(`\\b${percent}%`));
    assert.match(text, /80% threshold reached/);
    assert.match(text, new RegExp(`${today} \\(UTC\\)`));
    assert.match(text, /Forecast: (not enough data yet|[\d,]+ tokens by the period's end)/);
    assert.match((await card.getAttribute('class')) ?? '', /status-warning/);

    const bar = card.locator('[role="progressbar"]');
    assert.equal(await bar.getAttribute('aria-valuenow'), String(percent));
    assert.equal(await bar.getAttribute('aria-valuemin'), '0');
    assert.equal(await bar.getAttribute('aria-valuemax'), '100');
    assert.match((await bar.getAttribute('aria-label')) ?? '', /^Your allowance, /);
    assert.equal(await bar.getAttribute('tabindex'), '0');
    assert.equal(await bar.locator('.allowance-mark').count(), 3);
    const fill = bar.locator('.allowance-fill');
    const [barBox, fillBox] = [await bar.boundingBox(), await fill.boundingBox()];
    assert.ok(barBox && fillBox && Math.abs(fillBox.width / barBox.width - used / amount) < 0.02, JSON.stringify({ barBox, fillBox }));
    const warning = await computedStyle(frame.locator('html'), '--vscode-editorWarning-foreground');
    assert.equal(await computedStyle(fill, 'background-color'), rgb(warning), "the bar is drawn in the theme's warning colour");
    await workbench.screenshot('spend-allowances.png', page.locator('.part.sidebar'));

    const team = frame.locator('#team-section');
    assert.match(await team.locator('#team-status').innerText(), /No team config/);
    assert.ok(await team.locator('#team-hint').isVisible(), 'says how to set a team config');
    const rows = await team.locator('#in-force-rows tr').allInnerTexts();
    assert.ok(
      rows.some((row) => /^Model\s/.test(row)),
      rows.join('\n'),
    );
    assert.ok(
      rows.some((row) => /bundled defaults$/.test(row.trim())),
      rows.join('\n'),
    );
    await team.locator('button', { hasText: 'Sync' }).click();
    await page.locator('.notification-toast', { hasText: 'Tokenwise: no team config is set.' }).waitFor({ timeout: 15_000 });
    await workbench.screenshot('spend-team-config.png', team);

    // The comparison says what the prompt would leave of the allowance on each model (in tokens here, all over).
    await workbench.runCommand('Tokenwise: Compare Models');
    const compare = await workbench.webviewFrame('#rows td.col-leaves');
    assert.ok(await compare.locator('#leaves-column').isVisible(), 'the Leaves column shows with an allowance');
    const leaves = (await compare.locator('#rows td.col-leaves').allInnerTexts()).map((text) => text.trim());
    assert.ok(
      leaves.length >= 10 && leaves.every((text) => /^([\d,]+ tokens( over)?|unknown)$/.test(text)),
      leaves.slice(0, 5).join(' | '),
    );
    assert.match(
      (await compare.locator('#rows td.col-leaves').first().getAttribute('title')) ?? '',
      /^Your allowance \(.*\): [\d,]+ tokens (left of|over) [\d,]+ tokens/,
    );
    // The panel opens beside the prompt, narrow: scrolled to its last columns, without the toasts over it.
    await workbench.runCommand('Notifications: Clear All Notifications');
    await compare.locator('.table-wrap').evaluate((node) => {
      (node as { scrollLeft: number; scrollWidth: number }).scrollLeft = (node as { scrollWidth: number }).scrollWidth;
    });
    await workbench.screenshot('compare-leaves.png');
    // Back to one editor group, as the settings editing below expects.
    await workbench.runCommand('View: Close All Editor Groups');

    // The same card in the light and high-contrast themes: the colours follow the theme.
    let drawnIn = await computedStyle(fill, 'background-color');
    for (const [theme, file] of [
      ['Default Light Modern', 'spend-allowances-light.png'],
      ['Default High Contrast', 'spend-allowances-high-contrast.png'],
    ]) {
      await workbench.editUserSettings({ 'workbench.colorTheme': theme });
      const deadline = Date.now() + 15_000;
      const before = drawnIn;
      while ((drawnIn = await computedStyle(fill, 'background-color')) === before) {
        assert.ok(Date.now() < deadline, `the bar kept ${before} in ${theme}`);
        await page.waitForTimeout(100);
      }
      assert.equal(drawnIn, await computedStyle(card.locator('.allowance-status'), 'color'), 'bar and status text share the status colour');
      await card.scrollIntoViewIfNeeded();
      await workbench.screenshot(file, page.locator('.part.sidebar'));
    }
  });

  it("announces a team allowance's threshold once: not again after the window reloads, when the team config loads late", async () => {
    const { page } = workbench;
    // A team allowance the two prompts recorded today (over 1,500 tokens) are over: announced when it is applied.
    const file = join(workspace(), '.tokenwise.json');
    const config = {
      team: 'Platform',
      allowances: [{ id: 'team-daily', name: 'Team daily', amount: { tokens: 1000 }, period: 'day', timeZone: 'UTC' }],
    };
    writeFileSync(file, JSON.stringify(config));
    const announced = (name: string) =>
      page.locator('.notification-toast', { hasText: new RegExp(`Tokenwise: ${name} \\(.*\\) is at [\\d,]+%`) });
    try {
      await workbench.runCommand('Tokenwise: Sync Team Config');
      await announced('Team daily').first().waitFor({ timeout: 30_000 });
      // Wait for the page to be loaded anew, not for the old page's status bar.
      const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
      await workbench.runCommand('Developer: Reload Window');
      await reloaded;
      await page.waitForLoadState('load');
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
      // After the reload the ledger is read before the team config: the announced keys must survive that.
      await workbench.showTokenwiseSidebar();
      const frame = await workbench.webviewFrame('#allowances .allowance');
      await frame.locator('#allowances .allowance', { hasText: 'Team daily' }).waitFor({ timeout: 60_000 });
      await page.waitForTimeout(3000);
      assert.equal(await announced('Team daily').count(), 0, 'the team threshold was announced once this period');
      assert.equal(await announced('Your allowance').count(), 0, 'and so was the personal one');
    } finally {
      rmSync(file, { force: true });
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
      await workbench.runCommand('Tokenwise: Sync Team Config');
    }
  });

  it('says how to set an allowance when there is none, and opens the setting', async () => {
    assert.ok(original !== undefined, 'the first test changed the settings');
    await workbench.replaceUserSettings(original);
    const frame = await workbench.webviewFrame('#allowances');
    const hint = frame.locator('#no-allowance');
    await hint.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('#allowances .allowance').count(), 0);
    assert.match(await hint.innerText(), /tokenwise\.allowance.*\.tokenwise\.json/s);
    await hint.locator('button', { hasText: 'Set Allowance' }).click();
    const settings = workbench.page.locator('.settings-editor');
    await settings.waitFor({ timeout: 30_000 });
    await settings.locator('.setting-item-contents', { hasText: 'Your personal allowance' }).first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('spend-no-allowance-settings.png');
  });
});
