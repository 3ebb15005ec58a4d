// Runs the integration suite in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code (or have one: set VSCODE_EXECUTABLE_PATH).
// The same test entry runs in the web workbench in `npm test`.
//   npm run test:electron
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTests, readReport, summarize } from '../scripts/testReport.mjs';
import { copySampleWorkspace, projectRoot } from '../scripts/vscodeHost.mjs';

const report = join(projectRoot, 'test-results', 'integration-electron.json');
rmSync(report, { force: true });
const scratch = mkdtempSync(join(tmpdir(), 'tokenwise-electron-'));
const workspace = copySampleWorkspace(join(scratch, 'workspace'));

let summary;
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath: join(projectRoot, 'out', 'test', 'integration', 'index'),
    extensionTestsEnv: { TOKENWISE_REPORT: report, TZ: 'UTC' },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(scratch, 'user')],
  });
} catch (error) {
  console.error(`VS Code reported a failure: ${error.message ?? error}`);
} finally {
  const result = readReport('integration (electron)', report);
  if (result) printTests(result);
  summary = summarize('integration', result);
  console.log(`${summary.passed} passed, ${summary.failed} failed`);
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(summary.problems.length > 0 ? 1 : 0);
