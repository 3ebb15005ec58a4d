import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { Workbench, workspace } from './workbench';

/** `$0.0052`, `≈$0.0061` → number; `no price` and partial totals → undefined. */
function amount(text: string): number | undefined {
  const match = /^≈?\$([\d,.]+)$/.exec(text.trim());
  return match ? Number(match[1].replace(/,/g, '')) : undefined;
}

async function column(frame: Frame, className: string): Promise<string[]> {
  return frame.locator(`#rows td.${className}`).allInnerTexts();
}

describe('comparison view in the workbench (packaged extension)', () => {
  let workbench: Workbench;
  let frame: Frame;
  const bigPrompt = () => join(workspace(), 'prompts', 'whole-log.md');

  before(async () => {
    // About 150,000 tokens: over a 128K context window, within gpt-5.1's 400K. Written before the
    // workbench loads, so Quick Open's file index has it.
    const lines = Array.from({ length: 12_000 }, (_, i) => `Line ${i}: request ${i * 7} finished in ${i % 97} ms with status ok.`);
    writeFileSync(bigPrompt(), `# Why is this service slow?\n\n${lines.join('\n')}\n`);
    workbench = await Workbench.open();
    await workbench.openFile('summarize.prompt.md');
    await workbench.tokenCountItem.filter({ hasText: /tok ·/ }).first().waitFor({ timeout: 30_000 });
  });
  afterEach(function () {
    return workbench?.screenshotIfFailed(this.currentTest);
  });
  after(async () => {
    rmSync(bigPrompt(), { force: true });
    await workbench?.close();
  });

  it('opens from the status bar with a row per model, sorted by total, cheapest marked', async () => {
    await workbench.tokenCountItem.first().click();
    frame = await workbench.webviewFrame('#rows tr');
    const names = await column(frame, 'model');
    assert.ok(names.length >= 10, `${names.length} rows`);
    const totals = (await column(frame, 'total')).map(amount).filter((value): value is number => value !== undefined);
    assert.ok(totals.length >= 10);
    assert.deepEqual(
      totals,
      [...totals].sort((a, b) => a - b),
      'sorted by total',
    );
    assert.equal(await frame.locator('#rows .badge', { hasText: 'cheapest' }).count(), 1);
    assert.match(await frame.locator('#summary').innerText(), /summarize\.prompt\.md: \d+ tokens/);
    await workbench.screenshot('compare-view.png');
  });

  it('filters by provider and search, and sorts by a column from the keyboard', async () => {
    await frame.locator('#provider').selectOption('anthropic');
    const providers = new Set(await column(frame, 'provider'));
    assert.deepEqual([...providers], ['Anthropic']);
    const tokens = await column(frame, 'num'); // every Anthropic count is an estimate
    assert.ok(tokens.some((text) => text.startsWith('≈')));
    await frame.locator('#search').fill('sonnet');
    const names = await column(frame, 'model');
    assert.ok(names.length >= 1 && names.every((name) => /sonnet/i.test(name)), names.join(' | '));
    await frame.locator('#provider').selectOption('');
    await frame.locator('#search').fill('');
    await frame.locator('th[data-sort="name"] button').focus();
    await frame.page().keyboard.press('Enter');
    assert.equal(await frame.locator('th[data-sort="name"]').getAttribute('aria-sort'), 'ascending');
    const sorted = (await frame.locator('#rows td.model > span:first-child').allInnerTexts()).map((name) =>
      name.replace('★ ', '').toLowerCase(),
    );
    sorted.slice(1).forEach((name, index) => assert.ok(sorted[index] <= name, `${sorted[index]} before ${name}`));
    await frame.locator('th[data-sort="total"] button').click();
  });

  it('flags models a very long prompt does not fit, live', async () => {
    await workbench.openFile('whole-log.md');
    await workbench.tokenCountItem.filter({ hasText: /tok ·/ }).first().waitFor({ timeout: 30_000 });
    // The file opened where the comparison was; the status bar brings it back.
    await workbench.tokenCountItem.first().click();
    frame = await workbench.webviewFrame('#rows td.fit-exceeds');
    await frame.locator('#rows td.fit-exceeds').first().waitFor({ timeout: 20_000 });
    const flagged = await frame.locator('#rows td.fit-exceeds').allInnerTexts();
    assert.ok(flagged.length > 0 && flagged.every((text) => text === 'does not fit'));
    assert.ok((await frame.locator('#rows td.fit-fits').count()) > 0, 'models with a large window still fit');
    await workbench.screenshot('compare-view-not-fitting.png');
  });
});
