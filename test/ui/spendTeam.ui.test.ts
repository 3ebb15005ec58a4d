// The Spend view's Team section with a real team ledger: a PostgreSQL started for this test holds two colleagues'
// spend; the workspace's team config names it, the credentials go in through Connect Team Ledger… as a person types
// them, and the view shows the team's spend by member and by model, and the team allowance's split, in the dark,
// light and High Contrast themes.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recentSpend, startTeamLedger, type TeamLedgerFixture } from '../support/teamLedgerFixture';
import { Workbench, workspace } from './workbench';

const PASSWORD = 'ui-member-password';

describe('team spend in the Spend view (packaged extension, real PostgreSQL)', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let ledger: TeamLedgerFixture;
  let settingsBefore: string | undefined;
  const configFile = () => join(workspace(), '.tokenwise.json');

  before(async () => {
    ledger = await startTeamLedger(PASSWORD, {
      'ana@example.com': [
        recentSpend('ana-1', 2, 'claude-sonnet-4-5', 12.4),
        recentSpend('ana-2', 3, 'claude-sonnet-4-5', 6.1),
        recentSpend('ana-3', 4, 'gpt-5.1', 2.25),
      ],
      'ben@example.com': [recentSpend('ben-1', 2, 'gpt-5.1', 4.75), recentSpend('ben-2', 3, 'gemini-2.5-pro', 1.5)],
    });
    workbench = await Workbench.open();
  });
  afterEach(function () {
    return workbench?.screenshotIfFailed(this.currentTest);
  });
  after(async () => {
    rmSync(configFile(), { force: true });
    if (workbench) {
      await workbench.runCommand('Tokenwise: Sync Team Config').catch(() => undefined);
      if (settingsBefore !== undefined) await workbench.replaceUserSettings(settingsBefore).catch(() => undefined);
      await workbench.close();
    }
    ledger?.stop();
  });

  it("shows the team's spend by member and by model, and the team allowance's split, from the keyboard", async () => {
    const { page } = workbench;
    settingsBefore = await workbench.editUserSettings({ 'workbench.colorTheme': 'Default Dark Modern' });
    writeFileSync(
      configFile(),
      JSON.stringify({
        team: 'Platform',
        teamLedger: { url: ledger.url, member: 'osUser' },
        allowances: [{ id: 'team-month', name: 'Team budget', amount: { usd: 50 }, period: 'month', scope: 'team' }],
      }),
    );
    await workbench.runCommand('Tokenwise: Sync Team Config');
    // The credentials, as a person types them into the two input boxes.
    await workbench.runCommand('Tokenwise: Connect Team Ledger…');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'PostgreSQL user name' }).waitFor({ timeout: 15_000 });
    await input.fill('member');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Password of member' }).waitFor({ timeout: 15_000 });
    await input.fill(PASSWORD);
    await page.keyboard.press('Enter');

    await workbench.showTokenwiseSidebar();
    await workbench.collapseView('Prompt Context');
    const frame = await workbench.webviewFrame('#team-spend-section:not([hidden])', 60_000);
    const rows = frame.locator('#team-spend-rows .breakdown-row');
    await rows.filter({ hasText: 'ana@example.com' }).waitFor({ timeout: 60_000 });
    const byMember = await rows.allInnerTexts();
    assert.match(byMember[0], /ana@example\.com\s+\$20\.75 · \d+%/, byMember.join(' | '));
    assert.ok(
      byMember.some((row) => /ben@example\.com\s+\$6\.25/.test(row)),
      byMember.join(' | '),
    );
    assert.match(await frame.locator('#team-spend-note').innerText(), /^Read from 127\.0\.0\.1:\d+\/team just now\.$/);
    const card = frame.locator('#allowances .allowance', { hasText: 'Team budget' });
    await card.locator('.allowance-team', { hasText: 'the rest of the team $27.00' }).waitFor({ timeout: 60_000 });

    // By model, chosen with the keyboard: the select takes the focus and the arrow keys.
    await frame.locator('#team-by').focus();
    await frame.locator('#team-by').selectOption('model');
    await rows.filter({ hasText: 'claude-sonnet-4-5' }).waitFor({ timeout: 30_000 });
    assert.match((await rows.allInnerTexts())[0], /claude-sonnet-4-5\s+\$18\.50/);
    await frame.locator('#team-by').selectOption('member');
    await rows.filter({ hasText: 'ana@example.com' }).waitFor({ timeout: 30_000 });

    for (const [theme, file] of [
      ['Default Dark Modern', 'spend-team-dark.png'],
      ['Default Light Modern', 'spend-team-light.png'],
      ['Default High Contrast', 'spend-team-high-contrast.png'],
    ] as const) {
      if (theme !== 'Default Dark Modern') await workbench.editUserSettings({ 'workbench.colorTheme': theme });
      await page.waitForTimeout(1500); // the theme's colours reach the webview after the switch
      await frame.locator('#team-spend-section').evaluate((node) => node.scrollIntoView({ block: 'start' }));
      await workbench.screenshot(file, page.locator('.part.sidebar'));
    }
    await card.scrollIntoViewIfNeeded();
    await workbench.screenshot('spend-team-allowance.png', page.locator('.part.sidebar'));
  });
});
