// Debian's Chromium driven by playwright-core (playwright's own browser
// download is not used). Shared by the integration runner and the UI tests.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.TOKENWISE_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium from reaching out to the network or syncing. */
const QUIET_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: QUIET_CHROMIUM_ARGS });
}
