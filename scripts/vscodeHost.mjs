// Installs and starts a real VS Code (code-server, which bundles the VS Code
// server and workbench) on loopback. Shared by `npm start` and the test runner.
// The install lives in a git-ignored folder and is reused across runs.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, cpSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3'; // newest release on Node 20; bundles VS Code 1.100.3
export const hostRoot = join(projectRoot, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
export const codeServerBin = join(hostRoot, 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.TOKENWISE_CHROMIUM ?? '/usr/bin/chromium';

// @vscode/ripgrep downloads `rg` in its postinstall unless it finds a cached
// archive; these are the package versions code-server 4.100.x can resolve.
const RIPGREP_PACKAGE_VERSIONS = ['1.15.9', '1.15.10', '1.15.11', '1.15.12', '1.15.13', '1.15.14'];
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Whether Debian's PostgreSQL server programs are installed (any version: /usr/lib/postgresql/<v>/bin/initdb). */
function hasPostgresServer() {
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((version) => existsSync(join(root, version, 'bin', 'initdb')));
}

/** Debian packages the host, the UI tests and the team ledger's tests (a real PostgreSQL) need, checked by file. */
const DEBIAN_NEEDS = [
  { pkg: 'ripgrep', present: () => existsSync('/usr/bin/rg') },
  { pkg: 'libkrb5-dev', present: () => existsSync('/usr/include/krb5.h') },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'postgresql', present: hasPostgresServer },
];

export function missingDebianPackages() {
  return DEBIAN_NEEDS.filter((need) => !need.present()).map((need) => need.pkg);
}

/** Installs missing Debian packages when running as root; otherwise explains what to install. */
export function ensureDebianPackages(log = console.log) {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

function seedRipgrepCache(cacheRoot) {
  const stage = mkdtempSync(join(tmpdir(), 'rg-stage-'));
  try {
    cpSync('/usr/bin/rg', join(stage, 'rg'));
    const archive = join(stage, RIPGREP_ARCHIVE);
    execFileSync('tar', ['-czf', archive, '-C', stage, 'rg']);
    for (const version of RIPGREP_PACKAGE_VERSIONS) {
      const dir = join(cacheRoot, `vscode-ripgrep-cache-${version}`);
      mkdirSync(dir, { recursive: true });
      cpSync(archive, join(dir, RIPGREP_ARCHIVE));
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Installs code-server into `.vscode-test/` once; later calls return at once. */
export function ensureCodeServer(log = console.log) {
  if (existsSync(codeServerBin)) return codeServerBin;
  ensureDebianPackages(log);
  log(`Installing code-server ${CODE_SERVER_VERSION} (VS Code 1.100.3) into ${hostRoot} ...`);
  const installTmp = join(hostRoot, 'tmp');
  mkdirSync(installTmp, { recursive: true });
  seedRipgrepCache(installTmp);
  writeFileSync(join(hostRoot, 'package.json'), JSON.stringify({ name: 'tokenwise-vscode-host', private: true }));
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: hostRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      TMPDIR: installTmp,
      npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root otherwise
      npm_config_yes: 'true', // a nested `npx node-gyp` is otherwise cancelled
    },
  });
  if (result.status !== 0 || !existsSync(codeServerBin)) {
    rmSync(join(hostRoot, 'node_modules'), { recursive: true, force: true });
    throw new Error(`Installing code-server failed (exit ${result.status}); see the npm output above.`);
  }
  return codeServerBin;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Installs a packaged .vsix into an extensions folder. */
export function installVsix(vsixPath, extensionsDir) {
  execFileSync(codeServerBin, ['--install-extension', vsixPath, '--extensions-dir', extensionsDir, '--force'], { stdio: 'pipe' });
}

/** Settings that keep prompts unrelated to Tokenwise out of the way of a person or a test. */
const QUIET_USER_SETTINGS = {
  'git.openRepositoryInParentFolders': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
};

function writeQuietUserSettings(userDataDir) {
  const settingsPath = join(userDataDir, 'User', 'settings.json');
  if (existsSync(settingsPath)) return; // a person's own changes win
  mkdirSync(dirname(settingsPath), { recursive: true });
  writeFileSync(settingsPath, JSON.stringify(QUIET_USER_SETTINGS, null, 2));
}

/**
 * Starts code-server on 127.0.0.1 with fresh user data. Resolves once it
 * answers HTTP; `stop()` ends it and its children.
 */
export async function startCodeServer({ workspace, extensionsDir, userDataDir, port, env = {}, trust = true, quiet = true }) {
  port ??= await freePort();
  writeQuietUserSettings(userDataDir);
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(trust ? ['--disable-workspace-trust'] : []),
    workspace,
  ];
  const child = spawn(codeServerBin, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    output: () => output,
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

/**
 * Workbench URL; `payload` entries follow VS Code's web workbench contract
 * (extensionDevelopmentPath, extensionTestsPath, openFile, skipWelcome).
 */
export function workbenchUrl(host, workspace, payload = []) {
  const remote = (p) => `vscode-remote://127.0.0.1:${host.port}${p}`;
  const entries = [['skipWelcome', 'true'], ...payload.map(([key, value]) => [key, key === 'skipWelcome' ? value : remote(value)])];
  return `${host.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

/** Copies the sample workspace to a scratch folder so runs never edit the repo. */
export function copySampleWorkspace(target) {
  rmSync(target, { recursive: true, force: true });
  cpSync(join(projectRoot, 'test', 'fixtures', 'sample-workspace'), target, { recursive: true });
  return target;
}
