/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { ANSWERING_KINDS, MAX_DEFAULT_ROWS } from '../../src/core/models';
import { bundledCatalog } from '../../src/core';
import { userSettingsFile, Workbench, workspace } from './workbench';

const catalog = bundledCatalog();

/** What the comparison shows, read from its document. */
function readTable(frame: Frame) {
  return frame.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const headers = Array.from(document.querySelectorAll<HTMLElement>('thead th'))
      .filter((th) => !th.hidden && getComputedStyle(th).display !== 'none')
      .map((th) => ({ text: th.innerText.replace(/[▲▼]/g, '').trim(), inView: th.getBoundingClientRect().right <= width + 0.5 }));
    const rows = Array.from(document.querySelectorAll<HTMLTableRowElement>('#rows tr')).map((tr) => ({
      model: tr.dataset.model ?? '',
      current: tr.classList.contains('current'),
      label: tr.querySelector('.badge-current')?.textContent ?? '',
      cheapest: tr.querySelector('.badge-cheapest') !== null,
      fit: tr.querySelector('.col-fit')?.className ?? '',
      detail: tr.querySelector('.model-id')?.textContent ?? '',
      tokens: tr.querySelector('.col-tokens')?.textContent ?? '',
      tokenizer: tr.querySelector<HTMLElement>('.col-tokens')?.title ?? '',
      tabStop: tr.tabIndex === 0,
    }));
    const active = (document.activeElement as HTMLElement | null)?.closest('tr')?.dataset.model;
    return { width, headers, rows, active, verdict: document.getElementById('verdict')?.textContent ?? '' };
  });
}

/** The current row's label and bar as drawn: the label's colours differ from its background, the bar is not transparent. */
function currentRowLook(frame: Frame) {
  return frame.evaluate(() => {
    const badge = document.querySelector<HTMLElement>('tr.current .badge-current');
    const cell = document.querySelector<HTMLElement>('tr.current td.col-model');
    if (!badge || !cell) return undefined;
    const style = getComputedStyle(badge);
    const page = getComputedStyle(document.body).backgroundColor;
    return { page, color: style.color, background: style.backgroundColor, bar: getComputedStyle(cell).boxShadow };
  });
}

describe('comparison view in the workbench (packaged extension)', () => {
  let workbench: Workbench;
  let settingsBefore: string;
  const bigPrompt = () => join(workspace(), 'prompts', 'whole-log.md');

  before(async () => {
    // About 430,000 o200k tokens: more than a 400K window holds with the output, so only 1M-class windows fit.
    // Written before the workbench loads, so Quick Open's file index has it.
    const lines = Array.from({ length: 21_500 }, (_, i) => `Line ${i}: request ${i * 7} finished in ${i % 97} ms with status ok.`);
    writeFileSync(bigPrompt(), `# Why is this service slow?\n\n${lines.join('\n')}\n`);
    settingsBefore = readFileSync(userSettingsFile(), 'utf8');
    workbench = await Workbench.open();
    // The first screenshots are taken in VS Code's default dark theme; the light and High Contrast ones follow.
    await workbench.editUserSettings({ 'workbench.colorTheme': 'Default Dark Modern' });
    await workbench.openFile('summarize.prompt.md');
    await workbench.countedItem.waitFor({ timeout: 30_000 });
  });
  afterEach(function () {
    return workbench?.screenshotIfFailed(this.currentTest);
  });
  after(async () => {
    rmSync(bigPrompt(), { force: true });
    await workbench?.replaceUserSettings(settingsBefore).catch(() => undefined);
    await workbench?.close();
  });

  it('opens from the command palette as a full editor: the main columns in view, a short list, your model labelled', async () => {
    await workbench.runCommand('Tokenwise: Compare Models');
    const frame = await workbench.webviewFrame('#rows tr');
    const table = await readTable(frame);
    assert.ok(table.width >= 1000, `the panel is ${table.width} px wide`);
    for (const name of ['Model', 'Tokens', 'Input', 'Output', 'Total', 'Fits']) {
      assert.ok(
        table.headers.some((header) => header.text === name && header.inView),
        `${name} in view: ${JSON.stringify(table.headers)}`,
      );
    }
    assert.ok(table.rows.length >= 10 && table.rows.length <= MAX_DEFAULT_ROWS, `${table.rows.length} rows`);
    for (const row of table.rows) {
      const kind = catalog.find(row.model)?.facts.kind;
      assert.ok(kind !== undefined && ANSWERING_KINDS.has(kind), `${row.model} is ${kind}`);
      assert.doesNotMatch(row.model, /embed|tts|whisper|audio|realtime/);
    }
    const current = table.rows.filter((row) => row.current);
    assert.deepEqual(
      current.map((row) => [row.model, row.label]),
      [['gpt-5.1', 'your model']],
    );
    const cheapest = table.rows.filter((row) => row.cheapest);
    assert.equal(cheapest.length, 1);
    assert.match(cheapest[0].fit, /fit-fits/);
    assert.match(table.verdict, /^Cheapest that fits: /);
    assert.equal(table.rows.filter((row) => row.tabStop).length, 1, 'one Tab stop for the table');
    // The suggested models are counted with their own vocabularies once the worker has loaded them: DeepSeek V3.x
    // exactly (no ≈), Gemini with Gemma 3's published vocabulary (≈, a small range).
    let counted = table;
    const deadline = Date.now() + 15_000;
    const isCounted = (rows: typeof table.rows) =>
      rows.some((row) => /^deepseek-v3/.test(row.model) && /^\d/.test(row.tokens) && /exact \(deepseek_v3\)/.test(row.tokenizer)) &&
      rows.some((row) => /^gemini/.test(row.model) && /Gemma 3's published vocabulary/.test(row.tokenizer));
    while (!isCounted(counted.rows) && Date.now() < deadline) {
      await workbench.page.waitForTimeout(200);
      counted = await readTable(frame);
    }
    assert.ok(isCounted(counted.rows), JSON.stringify(counted.rows.map((row) => [row.model, row.tokens, row.tokenizer])));
    await workbench.screenshot('compare-dark.png');
  });

  it('draws your model’s label and bar in the light and High Contrast themes too', async () => {
    let previous = (await currentRowLook(await workbench.webviewFrame('tr.current .badge-current')))?.page;
    for (const [theme, file] of [
      ['Default Light Modern', 'compare-light.png'],
      ['Default High Contrast', 'compare-high-contrast.png'],
      ['Default Dark Modern', undefined],
    ] as const) {
      await workbench.editUserSettings({ 'workbench.colorTheme': theme });
      await workbench.openFile('summarize.prompt.md');
      await workbench.runCommand('Tokenwise: Compare Models');
      const frame = await workbench.webviewFrame('tr.current .badge-current');
      let look = await currentRowLook(frame);
      const deadline = Date.now() + 10_000;
      while (look && look.page === previous && Date.now() < deadline) {
        await workbench.page.waitForTimeout(200); // the theme's colours reach the webview after the switch
        look = await currentRowLook(frame);
      }
      assert.ok(look, `the current row in ${theme}`);
      assert.notEqual(look.color, look.background, `the label is readable in ${theme}`);
      assert.match(look.bar, /inset/, `the bar is drawn in ${theme}`);
      assert.doesNotMatch(look.bar, /rgba\(0, 0, 0, 0\)/, `the bar has a colour in ${theme}`);
      assert.notEqual(look.page, previous, `${theme} reached the panel`);
      previous = look.page;
      if (file) await workbench.screenshot(file);
    }
  });

  it('is used with the keyboard alone, from the command palette to choosing a model', async () => {
    await workbench.openFile('summarize.prompt.md');
    await workbench.runCommand('Tokenwise: Compare Models');
    const frame = await workbench.webviewFrame('#rows tr');
    const keyboard = workbench.page.keyboard;
    const waitForActive = async (check: (table: Awaited<ReturnType<typeof readTable>>) => boolean, what: string) => {
      const deadline = Date.now() + 10_000;
      let table = await readTable(frame);
      while (!check(table)) {
        if (Date.now() > deadline) throw new Error(`${what}: focus on ${table.active}`);
        await workbench.page.waitForTimeout(100);
        table = await readTable(frame);
      }
      return table;
    };
    // The focus lands in the table, on your model's row.
    let table = await waitForActive((t) => t.active === 'gpt-5.1', 'the focus on your model');
    await keyboard.press('End');
    table = await waitForActive((t) => t.active === t.rows.at(-1)?.model, 'End: the last row');
    await keyboard.press('Home');
    table = await waitForActive((t) => t.active === t.rows[0].model, 'Home: the first row');
    await keyboard.press('ArrowDown');
    table = await waitForActive((t) => t.active === t.rows[1].model, 'ArrowDown: the second row');
    await keyboard.press('PageDown');
    table = await waitForActive((t) => t.rows.findIndex((row) => row.model === t.active) > 1, 'PageDown: further down');
    const chosen = table.active!;
    assert.equal(table.rows.filter((row) => row.tabStop).map((row) => row.model)[0], chosen, 'the Tab stop moved with the focus');
    await keyboard.press('Enter');
    const name = catalog.find(chosen)!.name;
    await frame.locator('#announce', { hasText: `${name} is now your model.` }).waitFor({ timeout: 10_000 });
    await waitForActive((t) => t.rows.some((row) => row.current && row.model === chosen), 'the chosen row labelled yours');
    // Back in the prompt, the status bar prices it on the chosen model.
    await workbench.openFile('summarize.prompt.md');
    await workbench.tokenCountItem.filter({ hasText: chosen }).first().waitFor({ timeout: 15_000 });

    // Select Model opens on the model in use; typing and Enter switch back.
    await workbench.runCommand('Tokenwise: Select Model');
    const focused = workbench.page.locator('.quick-input-list .monaco-list-row.focused');
    await focused.filter({ hasText: name }).first().waitFor({ timeout: 10_000 });
    await workbench.screenshot('select-model.png');
    // Typing reaches older models too: GPT-5.1 is legacy beside GPT-5.5 and GPT-6, and still found by its name.
    await keyboard.insertText('GPT-5.1');
    await workbench.page
      .locator('.quick-input-list .monaco-list-row.focused', { hasText: /GPT-5\.1\s*gpt-5\.1 · legacy/ })
      .first()
      .waitFor();
    await keyboard.press('Enter');
    await workbench.tokenCountItem
      .filter({ hasText: /· gpt-5\.1$/ })
      .first()
      .waitFor({ timeout: 15_000 });
  });

  it('filters by provider and search beyond the suggested set, and marks the cheapest within the filter', async () => {
    await workbench.openFile('summarize.prompt.md');
    await workbench.runCommand('Tokenwise: Compare Models');
    const frame = await workbench.webviewFrame('#rows tr');
    await frame.locator('#provider').selectOption('anthropic');
    let table = await readTable(frame);
    assert.ok(table.rows.length >= 3, `${table.rows.length} Anthropic rows`);
    assert.ok(
      table.rows.every((row) => row.detail.startsWith('Anthropic ·')),
      table.rows.map((row) => row.detail).join(' | '),
    );
    assert.equal(table.rows.filter((row) => row.cheapest).length, 1, 'a cheapest mark inside the filter');
    await frame.locator('#search').fill('haiku');
    table = await readTable(frame);
    assert.ok(table.rows.length >= 1 && table.rows.every((row) => /haiku/.test(row.model)), table.rows.map((row) => row.model).join(' '));
    await frame.locator('#search').fill('');
    await frame.locator('#provider').selectOption('');
    await frame.locator('#show-all').click();
    table = await readTable(frame);
    assert.ok(table.rows.length > 100, `${table.rows.length} rows with all shown`);
    await frame.locator('#show-all').click();
  });

  it('marks as cheapest for a 430K-token prompt a model whose window holds it, and flags the ones it does not fit', async () => {
    await workbench.openFile('whole-log.md');
    await workbench.tokenCountItem
      .filter({ hasText: /\d{3},\d{3} tok ·/ })
      .first()
      .waitFor({ timeout: 60_000 });
    await workbench.runCommand('Tokenwise: Compare Models');
    const frame = await workbench.webviewFrame('#rows td.fit-exceeds', 60_000);
    const table = await readTable(frame);
    const cheapest = table.rows.filter((row) => row.cheapest);
    assert.equal(cheapest.length, 1, table.verdict);
    const window = catalog.find(cheapest[0].model)?.contextWindow ?? 0;
    assert.ok(window >= 400_000, `${cheapest[0].model} has a ${window}-token window`);
    assert.match(cheapest[0].fit, /fit-fits/);
    assert.ok(table.rows.some((row) => /fit-exceeds/.test(row.fit)));
    await workbench.screenshot('compare-long-prompt.png');
  });

  it('says what to open when there is no prompt', async () => {
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Tokenwise: Compare Models');
    const frame = await workbench.webviewFrame('#empty-state:not([hidden])');
    assert.match(await frame.locator('#empty-state').innerText(), /No prompt to compare yet[\s\S]*Open a prompt/);
    assert.equal(await frame.locator('#table-wrap').isVisible(), false, 'no empty table');
    assert.equal(await frame.locator('#controls').isVisible(), false, 'no filters, no "Show all 0 models"');
    await workbench.screenshot('compare-empty.png');
    await workbench.runCommand('View: Close All Editors');
  });
});
