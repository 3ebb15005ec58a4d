// The whole test run, in order: type check, lint, unit, integration, UI.
//   node scripts/test.mjs                 everything (what `npm test` and CI run)
//   node scripts/test.mjs unit ui         only the named steps (builds first)
// Each suite ends with `name: N passed, N failed`, the run with `N passed, N failed`.
// Exits non-zero if a step fails, a test fails, or a suite ran no test.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './vscodeHost.mjs';
import { printTests, readReport, summarize } from './testReport.mjs';
import { runIntegration, runUi, runUnit } from './testSuites.mjs';

const CHECKS = { typecheck: ['npm', 'run', '--silent', 'typecheck'], lint: ['npm', 'run', '--silent', 'lint'] };
const SUITES = { unit: runUnit, integration: runIntegration, ui: runUi };
const requested = process.argv.slice(2);
const wanted = (name) => requested.length === 0 || requested.includes(name);
for (const name of requested) {
  if (!(name in CHECKS) && !(name in SUITES)) {
    console.error(`Unknown step "${name}"; choose from ${[...Object.keys(CHECKS), ...Object.keys(SUITES)].join(', ')}.`);
    process.exit(2);
  }
}

const problems = [];
let passed = 0;
let failed = 0;

function npx(args) {
  return spawnSync('npx', ['--no-install', ...args], { cwd: projectRoot, stdio: 'inherit' }).status === 0;
}

function heading(text) {
  console.log(`\n=== ${text} ===`);
}

for (const [name, command] of Object.entries(CHECKS)) {
  if (!wanted(name)) continue;
  heading(name);
  if (npx(command)) console.log(`${name}: ok`);
  else problems.push(`${name} failed`);
}

if (Object.keys(SUITES).some(wanted)) {
  heading('build');
  rmSync(join(projectRoot, 'out'), { recursive: true, force: true }); // no stale tests from deleted sources
  if (!npx(['tsc', '-p', '.', '--outDir', 'out']) && !wanted('typecheck')) problems.push('compiling the tests failed');
  if (spawnSync(process.execPath, ['esbuild.mjs'], { cwd: projectRoot, stdio: 'inherit' }).status !== 0) problems.push('build failed');
}

for (const [name, runSuite] of Object.entries(SUITES)) {
  if (!wanted(name)) continue;
  heading(`${name} tests`);
  let path;
  try {
    path = await runSuite();
  } catch (error) {
    console.error(`${name}: ${error.stack ?? error}`);
  }
  const report = readReport(name, path);
  // The integration suite's own output stayed in the extension host.
  if (report && name === 'integration') printTests(report);
  const summary = summarize(name, report);
  passed += summary.passed;
  failed += summary.failed;
  problems.push(...summary.problems);
}

if (problems.length > 0) console.error(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(problems.length > 0 ? 1 : 0);
