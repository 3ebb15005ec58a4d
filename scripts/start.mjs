// `npm start`: installs what is missing, builds, starts a local VS Code
// (code-server on 127.0.0.1) with the extension loaded from this folder and a
// sample workspace, prints the URL to open, and rebuilds on change.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { copySampleWorkspace, ensureCodeServer, freePort, projectRoot, startCodeServer, workbenchUrl } from './vscodeHost.mjs';

const PREFERRED_PORT = Number(process.env.PORT ?? 3210);
const stateDir = join(projectRoot, '.vscode-test', 'start');

function runOrExit(command, args) {
  const { status } = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

function portIsFree(port) {
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => false,
    () => true,
  );
}

if (!existsSync(join(projectRoot, 'node_modules', '.package-lock.json'))) runOrExit('npm', ['ci', '--no-audit', '--no-fund']);
try {
  ensureCodeServer();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
runOrExit(process.execPath, ['esbuild.mjs']);

// The sample is copied once, so edits made while trying the extension survive restarts and never touch the repo.
const workspace = join(stateDir, 'sample-workspace');
if (!existsSync(workspace)) copySampleWorkspace(workspace);

const port = (await portIsFree(PREFERRED_PORT)) ? PREFERRED_PORT : await freePort();
const host = await startCodeServer({
  workspace,
  port,
  extensionsDir: join(stateDir, 'extensions'),
  userDataDir: join(stateDir, 'user-data'),
});
const watcher = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });

const url = workbenchUrl(host, workspace, [
  ['extensionDevelopmentPath', projectRoot],
  ['openFile', join(workspace, 'prompts', 'review.prompt.md')],
]);
console.log(`
Tokenwise is running in VS Code ${'1.100.3'} (code-server) with the sample workspace.
Open this URL in a browser:

  ${url}

The token count is at the right of the status bar. Source changes are rebuilt
automatically; run "Developer: Reload Window" to load them. Ctrl+C stops.
`);

const stop = () => {
  watcher.kill();
  host.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
