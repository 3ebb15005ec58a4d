// Reads the JSON report a mocha run wrote (test/support/summaryReporter.ts) and
// prints its closing line, `name: N passed, N failed`.
import { existsSync, readFileSync } from 'node:fs';

/** Returns the report, or undefined when the suite wrote none (it crashed or never ran). */
export function readReport(name, path) {
  if (!path || !existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(`${name}: unreadable report ${path}: ${error.message}`);
    return undefined;
  }
}

/** Prints each test (for suites whose own output stayed elsewhere, such as the extension host). */
export function printTests(report) {
  for (const test of report.tests) {
    console.log(`  ${test.state === 'passed' ? '✔' : test.state === 'failed' ? '✘' : '-'} ${test.title}`);
    if (test.error) console.log(test.error.replace(/^/gm, '      '));
  }
}

/**
 * Prints the suite's closing line and returns its counts with the problems
 * found: a missing report, failures, or no test run at all.
 */
export function summarize(name, report) {
  if (!report) {
    console.log(`${name}: 0 passed, 1 failed`);
    return { passed: 0, failed: 1, problems: [`${name}: no report (the suite did not run to the end)`] };
  }
  const problems = [];
  if (report.complete === false) problems.push(`${name}: cut short after ${report.tests.length} tests (the suite did not run to the end)`);
  if (report.passed + report.failed === 0) problems.push(`${name}: ran no test`);
  if (report.failed > 0) problems.push(`${name}: ${report.failed} failed`);
  console.log(`${name}: ${report.passed} passed, ${report.failed} failed`);
  return { passed: report.passed, failed: report.failed, problems };
}
