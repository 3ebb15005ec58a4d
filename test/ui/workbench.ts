// Drives the workbench the test runner started (code-server with the packaged
// .vsix installed) the way a person would: keyboard and mouse only.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI tests through \`npm run test:ui\`.`);
  return value;
}

export const workspace = () => required('TOKENWISE_WORKSPACE');

/** The user settings.json of the workbench under test. */
export const userSettingsFile = () => required('TOKENWISE_USER_SETTINGS');

export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  static async open(): Promise<Workbench> {
    const browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(required('TOKENWISE_WORKBENCH_URL'));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    return new Workbench(browser, page);
  }

  /** The Tokenwise token count item in the status bar. */
  get tokenCountItem(): Locator {
    return this.page.locator('.statusbar-item').filter({ has: this.page.locator('.codicon-symbol-number') });
  }

  /** The token count item once it shows a count and a cost (`312 tok · …`, `312 tok +2 files · …`). */
  get countedItem(): Locator {
    return this.tokenCountItem.filter({ hasText: / tok( selected)?( \+\d+ files?)? · / }).first();
  }

  /** The Tokenwise allowance item in the status bar. */
  get allowanceItem(): Locator {
    return this.page.locator('.statusbar-item').filter({ has: this.page.locator('.codicon-pie-chart') });
  }

  /**
   * Shows the Tokenwise side bar with a click on its activity bar icon, unless it shows already. The icon toggles, and
   * a window just (re)loaded may still be restoring the side bar, so a click that hid it is followed by another.
   */
  async showTokenwiseSidebar(): Promise<void> {
    const icon = this.page.locator('.activitybar [aria-label^="Tokenwise"]').first();
    const title = this.page.locator('.part.sidebar .composite.title', { hasText: /tokenwise/i });
    await icon.waitFor();
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await title.isVisible().catch(() => false)) return;
      await icon.click();
      const shown = await title.waitFor({ timeout: 3000 }).then(
        () => true,
        () => false,
      );
      if (shown) return;
    }
    await title.waitFor();
  }

  /** Collapses a view of the side bar by its header, unless it is collapsed already, so the others get its room. */
  async collapseView(name: string): Promise<void> {
    const header = this.page.locator('.part.sidebar .pane-header', { hasText: name }).first();
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }

  /** Opens a file with Quick Open (Ctrl+P), as a user would. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    // Wait for the focused row, not any row: the list of recent files may still be shown, with another one focused.
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: name }).waitFor();
  }

  /** Runs a command from the command palette (F1), as a user would. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /**
   * Merges `values` into the user settings in the Settings JSON editor, as a
   * person would (code-server's workbench does not notice the file changing
   * under it). Returns the file's text from before, for `replaceUserSettings`.
   */
  async editUserSettings(values: Record<string, unknown>): Promise<string> {
    const before = readFileSync(userSettingsFile(), 'utf8');
    await this.replaceUserSettings(JSON.stringify({ ...(JSON.parse(before) as object), ...values }));
    return before;
  }

  /** Puts `text` (JSON) into settings.json through its editor and saves; resolves once the file holds it. */
  async replaceUserSettings(text: string): Promise<void> {
    const wanted: unknown = JSON.parse(text);
    await this.runCommand('Preferences: Open User Settings (JSON)');
    await this.page.locator('.tab.active', { hasText: 'settings.json' }).waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.insertText(JSON.stringify(wanted));
    // The editor may have closed the first bracket or quote itself: drop what it added after the text.
    await this.page.keyboard.press('Control+Shift+End');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.press('Control+S');
    const saved = () => {
      try {
        return isDeepStrictEqual(JSON.parse(readFileSync(userSettingsFile(), 'utf8')), wanted);
      } catch {
        return false; // caught mid-write
      }
    };
    const deadline = Date.now() + 15_000;
    while (!saved()) {
      if (Date.now() > deadline) throw new Error(`settings.json was not saved with ${text}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Waits until the token count item reads exactly `text` (codicons aside). */
  async waitForTokenCount(text: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    let seen = '';
    while (Date.now() < deadline) {
      seen = (
        await this.tokenCountItem
          .first()
          .innerText({ timeout: 1000 })
          .catch(() => '')
      ).trim();
      if (seen === text) return;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`status bar never read "${text}"; last seen "${seen}"`);
  }

  /** The frame of a webview whose document holds `selector` (webviews sit in nested iframes). */
  async webviewFrame(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (
          await frame
            .locator(selector)
            .count()
            .catch(() => 0)
        ) {
          return frame;
        }
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no webview with ${selector} appeared`);
  }

  async screenshot(name: string, target: Page | Locator = this.page): Promise<string> {
    const dir = required('TOKENWISE_RESULTS');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    await target.screenshot({ path });
    return path;
  }

  /** For `afterEach`: a screenshot of the workbench when the test failed, named after it. */
  async screenshotIfFailed(test: Mocha.Test | undefined): Promise<void> {
    if (test?.state !== 'failed') return;
    await this.screenshot(`failed-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`).catch(() => undefined);
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
