// The three test suites. Each returns the path of the JSON report its mocha
// run wrote (see test/support/summaryReporter.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  copySampleWorkspace,
  ensureCodeServer,
  ensureDebianPackages,
  installVsix,
  projectRoot,
  startCodeServer,
  workbenchUrl,
} from './vscodeHost.mjs';

export const resultsDir = join(projectRoot, 'test-results');
export const vsixPath = join(projectRoot, 'tokenwise.vsix');
const require = createRequire(import.meta.url);
const INTEGRATION_TIMEOUT_MS = 5 * 60_000;

function reportPath(suite) {
  const path = join(resultsDir, `${suite}.json`);
  rmSync(path, { force: true });
  mkdirSync(resultsDir, { recursive: true });
  return path;
}

function mocha(suite, files, env = {}) {
  const report = reportPath(suite);
  spawnSync(
    process.execPath,
    [
      require.resolve('mocha/bin/mocha.js'),
      '--reporter',
      join(projectRoot, 'out/test/support/summaryReporter.js'),
      '--timeout',
      '60000',
      ...files,
    ],
    { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, TZ: 'UTC', TOKENWISE_REPORT: report, ...env } },
  );
  return report;
}

function scratchDir(name) {
  return mkdtempSync(join(tmpdir(), `tokenwise-${name}-`));
}

/** Plain Node, the vscode-free code. */
export function runUnit() {
  ensureDebianPackages(); // the team ledger's tests start a real PostgreSQL
  return mocha('unit', ['out/test/unit/**/*.test.js']);
}

/** Mocha inside the real extension host, the extension loaded from this folder. */
export async function runIntegration() {
  ensureCodeServer();
  const report = reportPath('integration');
  const scratch = scratchDir('integration');
  const workspace = copySampleWorkspace(join(scratch, 'workspace'));
  const host = await startCodeServer({
    workspace,
    extensionsDir: join(scratch, 'extensions'),
    userDataDir: join(scratch, 'user'),
    env: { TOKENWISE_REPORT: report, TZ: 'UTC' },
  });
  const { launchBrowser } = require(join(projectRoot, 'out/test/support/browser.js'));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', resolve));
    await page.goto(
      workbenchUrl(host, workspace, [
        ['extensionDevelopmentPath', projectRoot],
        ['extensionTestsPath', join(projectRoot, 'out/test/integration/index')],
      ]),
    );
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), INTEGRATION_TIMEOUT_MS);
    });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code !== 0) {
      await page.screenshot({ path: join(resultsDir, 'integration-end.png') }).catch(() => {});
      console.error(`The extension host reported ${code === 'timeout' ? 'nothing within the time limit' : `exit code ${code}`}.`);
    }
  } finally {
    await browser.close();
    host.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  return report;
}

/** A real browser on the workbench, with the packaged .vsix installed. */
export async function runUi() {
  ensureCodeServer();
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: projectRoot, stdio: 'inherit' });
  if (packaged.status !== 0 || !existsSync(vsixPath)) throw new Error('Packaging the .vsix failed.');
  const scratch = scratchDir('ui');
  const extensionsDir = join(scratch, 'extensions');
  installVsix(vsixPath, extensionsDir);
  const workspace = copySampleWorkspace(join(scratch, 'workspace'));
  const userDataDir = join(scratch, 'user');
  // Agent usage from last month, in a folder of its own: the UI tests point Tokenwise at it with Configure Usage
  // Sources, as a person would. The host's home is a scratch folder, so no agent logs of this machine are read and
  // the Spend view starts empty.
  const { writeLastMonthLogs } = require(join(projectRoot, 'out/test/support/lastMonthLogs.js'));
  const logs = writeLastMonthLogs(join(scratch, 'agent-logs'));
  const home = join(scratch, 'home');
  mkdirSync(home, { recursive: true });
  const hostEnv = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), CLAUDE_CONFIG_DIR: '', CODEX_HOME: '', GEMINI_CLI_HOME: '' };
  const host = await startCodeServer({ workspace, extensionsDir, userDataDir, env: hostEnv });
  try {
    return mocha('ui', ['out/test/ui/**/*.test.js'], {
      TOKENWISE_LAST_MONTH: logs.month,
      TOKENWISE_AGENT_LOGS: logs.folder,
      TOKENWISE_HOST_HOME: home,
      TOKENWISE_WORKBENCH_URL: workbenchUrl(host, workspace),
      TOKENWISE_WORKSPACE: workspace,
      // Tests that need a setting write it here and put the file back (see editUserSettings).
      TOKENWISE_USER_SETTINGS: join(userDataDir, 'User', 'settings.json'),
      TOKENWISE_RESULTS: resultsDir,
    });
  } finally {
    host.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
