// Named to run after spendAllowances.ui.test.ts (mocha sorts the files), which expects no other allowance.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userSettingsFile, Workbench } from './workbench';

const nextMonthFirst = () => {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return first.toLocaleString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
};

describe('the Copilot plan in the workbench (packaged extension)', () => {
  let workbench: Workbench;
  let original: string | undefined;
  let storage: string;

  before(async () => {
    workbench = await Workbench.open();
    // A Copilot Chat session in this editor's own User folder, as VS Code writes it (the `.json` layout).
    storage = join(dirname(userSettingsFile()), 'workspaceStorage', 'tokenwise-ui-copilot');
    mkdirSync(join(storage, 'chatSessions'), { recursive: true });
    const request = {
      requestId: 'ui-q1',
      timestamp: Date.now() - 60_000,
      modelId: 'copilot/claude-opus-4.5',
      message: { text: 'Migrate the billing service to the new queue' },
      result: { metadata: { promptTokens: 1_200_000, outputTokens: 100_000 } },
    };
    writeFileSync(join(storage, 'chatSessions', 'ui-copilot.json'), JSON.stringify({ sessionId: 'ui-copilot', requests: [request] }));
  });
  afterEach(function () {
    return workbench?.screenshotIfFailed(this.currentTest);
  });
  after(async () => {
    if (original !== undefined) await workbench.replaceUserSettings(original);
    rmSync(storage, { recursive: true, force: true });
    await workbench?.close();
  });

  it('holds Copilot spend against the plan’s included credits and announces the first threshold it crosses', async () => {
    const { page } = workbench;
    original = await workbench.editUserSettings({
      'workbench.colorTheme': 'Default Dark Modern',
      'tokenwise.copilotPlan': { plan: 'pro' },
    });
    await workbench.runCommand('Tokenwise: Rescan Usage');
    // GitHub's credit prices for Claude Opus 4.5: $5 input, $25 output per million, every input token taken as
    // uncached (Copilot Chat does not record the cached share): 1,200,000 × 5 + 100,000 × 25 → $8.50 of Copilot
    // Pro's 1,500 credits ($15.00): 57 %, past the 50 % threshold.
    const toast = page
      .locator('.notification-toast.notification-fade-in-done', { hasText: 'Copilot Pro included credits (' })
      .filter({ hasText: 'is at 57%: $8.50 of $15.00' });
    await toast.waitFor({ timeout: 30_000 });
    await workbench.screenshot('copilot-plan-threshold.png');

    await workbench.showTokenwiseSidebar();
    const frame = await workbench.webviewFrame('#allowances .allowance');
    const card = frame.locator('#allowances .allowance', { hasText: 'Copilot Pro included credits' });
    // The cards are drawn anew on every update (a theme change too): scroll their section, which stays.
    const showCards = () => frame.locator('#allowances').evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await card.waitFor({ timeout: 30_000 });
    const text = await card.innerText();
    assert.ok(text.includes(`$8.50 of $15.00 included credits · resets ${nextMonthFirst()}`), text);
    assert.match(text, /50% threshold reached/);
    assert.match(text, /Personal · monthly · soft/);
    assert.match((await card.locator('[role="progressbar"]').getAttribute('title')) ?? '', /850 of 1,500 AI credits/);
    const agents = await frame.locator('#breakdowns').innerText();
    assert.match(agents, /GitHub Copilot Chat/);
    // With 80 % of the input taken as cached: 240,000 × 5 + 960,000 × 0.50 + 100,000 × 25 → $4.18.
    assert.match(agents, /850 AI credits · estimate \$4\.18–\$8\.50/);
    await showCards();
    await workbench.screenshot('copilot-plan-card.png', page.locator('.part.sidebar'));
    for (const [theme, file] of [
      ['Default Light Modern', 'copilot-plan-card-light.png'],
      ['Default High Contrast', 'copilot-plan-card-high-contrast.png'],
    ]) {
      await workbench.editUserSettings({ 'workbench.colorTheme': theme });
      await page.waitForTimeout(1500); // the theme's colours reach the webview
      await showCards();
      await workbench.screenshot(file, page.locator('.part.sidebar'));
    }
  });

  it('counts premium requests instead on a legacy annual plan', async () => {
    const { page } = workbench;
    await workbench.editUserSettings({
      'workbench.colorTheme': 'Default Dark Modern',
      'tokenwise.copilotPlan': { plan: 'pro', billing: 'premium-requests' },
    });
    // One prompt on Claude Opus 4.5, whose multiplier for annual plans is 15 (GitHub's table), of Pro's 300.
    const frame = await workbench.webviewFrame('#allowances .allowance');
    const card = frame.locator('#allowances .allowance', { hasText: 'Copilot Pro premium requests' });
    await card.waitFor({ timeout: 30_000 });
    const text = await card.innerText();
    assert.ok(text.includes(`15 of 300 premium requests · resets ${nextMonthFirst()}`), text);
    assert.match(text, /Within the allowance/);
    assert.match((await card.locator('[role="progressbar"]').getAttribute('title')) ?? '', /times the model's multiplier/);
    await frame.locator('#allowances').evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('copilot-plan-premium-card.png', page.locator('.part.sidebar'));
  });
});
