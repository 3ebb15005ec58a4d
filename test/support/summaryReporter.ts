// Mocha reporter: the usual spec output, plus a JSON report at $TOKENWISE_REPORT
// that the test runner reads to print each suite's counts. Inside the extension
// host nothing the tests print reaches the terminal, so the report carries the
// titles and errors too.
import * as Mocha from 'mocha';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

/** One line per test (or failed hook) in the JSON report. */
interface TestRecord {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: string;
}

interface SuiteReport {
  /** False while the run goes on: the report is rewritten after every test, so a run cut short still shows its tests. */
  readonly complete: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly tests: readonly TestRecord[];
}

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const tests: TestRecord[] = [];
    const write = (complete: boolean) => {
      const reportPath = process.env.TOKENWISE_REPORT;
      if (!reportPath) return;
      const count = (state: TestRecord['state']) => tests.filter((test) => test.state === state).length;
      const report: SuiteReport = { complete, passed: count('passed'), failed: count('failed'), pending: count('pending'), tests };
      mkdirSync(dirname(reportPath), { recursive: true });
      writeFileSync(reportPath, JSON.stringify(report, null, 2));
    };
    const record = (entry: TestRecord) => {
      tests.push(entry);
      write(false);
    };
    runner.on(EVENT_TEST_PASS, (test) => record({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on(EVENT_TEST_PENDING, (test) => record({ title: test.fullTitle(), state: 'pending' }));
    runner.on(EVENT_TEST_FAIL, (test, error: Error) =>
      record({ title: test.fullTitle(), state: 'failed', error: error.stack ?? String(error) }),
    );
    runner.once(EVENT_RUN_END, () => write(true));
  }
}

export = SummaryReporter;
