// The real command line, run as a child process in a folder of its own.
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './paths';

const cliScript = join(projectRoot, 'out', 'src', 'cli.js');

/** This process's environment without libpq's variables (PGUSER, PGPASSWORD…), which would reach a team ledger. */
const withoutLibpq = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')));

export const isolatedEnv = (cwd: string, extra: NodeJS.ProcessEnv = {}) => ({
  ...withoutLibpq(),
  HOME: cwd,
  XDG_CONFIG_HOME: join(cwd, '.config'),
  CLAUDE_CONFIG_DIR: '',
  CODEX_HOME: '',
  GEMINI_CLI_HOME: '',
  TZ: 'UTC',
  ...extra,
});

/** A command line that hangs is stopped and fails its test, instead of holding up the whole suite. */
const CLI_TIMEOUT_MS = 25_000;

/** Runs the real command line in `cwd`, with `HOME` set to it so no real agent logs are read. */
export function cli(cwd: string, ...args: string[]) {
  return cliWithEnv(cwd, {}, ...args);
}

/** The same with more environment variables (TZ, say); also says how long it took. */
export function cliWithEnv(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [cliScript, ...args], {
    cwd,
    encoding: 'utf8',
    env: isolatedEnv(cwd, env),
    timeout: CLI_TIMEOUT_MS,
  });
  if (result.error) throw result.error; // stopped at the time-out, or could not start
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** The same without blocking this process, for tests that serve something to the command line. */
export function cliAsync(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliScript, ...args], { cwd, env: isolatedEnv(cwd), timeout: CLI_TIMEOUT_MS }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
