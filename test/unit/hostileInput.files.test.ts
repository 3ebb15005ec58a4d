// Files that are not what they are named: pipes, devices, folders and links out of the workspace, met by the
// ledger and the command line. Each gets a one-line message (exit 1 or 2), never a hang or a stack trace.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insideFolders, isInsideFolder, Ledger, priceEvent } from '../../src/core';
import { serializeSpendEvent } from '../../src/core/spend';
import { cli, cliWithEnv } from '../support/cli';

const event = (id: string) =>
  serializeSpendEvent(priceEvent({ id, time: '2026-05-02T09:00:00Z', source: 'manual', model: 'gpt-5.1', tokens: { input: 100 } })) + '\n';

/** One line on stderr, no stack frame, and within the five seconds a user or a CI step would wait. */
function assertOneLine(result: { code: number | null; stderr: string; ms: number }, code: number, message: RegExp): void {
  assert.equal(result.code, code, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at |Error:/);
  assert.match(result.stderr, message);
  assert.ok(result.ms < 5000, `${result.ms} ms`);
}

describe('hostile files', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the ledger skips a FIFO, a device link and a folder named like its files, and reads the rest', async () => {
    const folder = join(dir, 'ledger');
    mkdirSync(folder);
    writeFileSync(join(folder, 'events-1-good.jsonl'), event('a'));
    execFileSync('mkfifo', [join(folder, 'events-2-fifo.jsonl')]);
    symlinkSync('/dev/zero', join(folder, 'events-3-zero.jsonl'));
    mkdirSync(join(folder, 'events-4-folder.jsonl'));
    const { events, skipped, files } = await new Ledger(folder).read();
    assert.deepEqual(
      events.map((each) => each.id),
      ['a'],
    );
    assert.deepEqual(skipped.map((line) => line.reason).sort(), [
      'not a regular file (a device or socket)',
      'not a regular file (a folder)',
      'not a regular file (a named pipe)',
    ]);
    assert.equal(files.length, 1);
  });

  it('a ledger path that is a file is an empty ledger with the reason, not a crash', async () => {
    const file = join(dir, 'ledger');
    writeFileSync(file, 'not a folder');
    const { events, skipped } = await new Ledger(file).read();
    assert.deepEqual(events, []);
    assert.match(skipped[0].reason, /ENOTDIR/);
  });

  it('context stays inside the workspace, judged on real paths', async () => {
    assert.ok(isInsideFolder('/w/a/b.md', '/w'));
    assert.ok(!isInsideFolder('/w/../etc/passwd', '/w'));
    assert.ok(!isInsideFolder('/etc/passwd', '/w'));
    assert.ok(!isInsideFolder('/wx/a.md', '/w'));
    const workspace = join(dir, 'ws');
    mkdirSync(workspace);
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    writeFileSync(join(workspace, 'notes.md'), 'inside');
    symlinkSync(join(dir, 'secret.txt'), join(workspace, 'link.md'));
    assert.equal(await insideFolders(join(workspace, 'notes.md'), [workspace]), true);
    assert.equal(await insideFolders(join(workspace, 'link.md'), [workspace]), false);
    assert.equal(await insideFolders(join(workspace, '..', 'secret.txt'), [workspace]), false);
  });

  describe('command line', () => {
    it('count lists links outside the workspace as not counted, and counts the rest', () => {
      const workspace = join(dir, 'ws');
      mkdirSync(workspace);
      writeFileSync(join(dir, 'secret.md'), 'a secret outside the workspace '.repeat(50));
      writeFileSync(join(workspace, 'notes.md'), 'Notes inside.');
      symlinkSync(join(dir, 'secret.md'), join(workspace, 'escape.md'));
      writeFileSync(
        join(workspace, 'p.md'),
        'See [up](../secret.md), [deep](../../../../../../etc/passwd), [link](escape.md) and [notes](notes.md).',
      );
      const result = cli(workspace, 'count', 'p.md', '--json');
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout) as { files: { path: string }[]; notCounted: { path: string; reason: string }[] };
      assert.deepEqual(
        json.files.map((file) => file.path),
        ['p.md', 'notes.md'],
      );
      assert.deepEqual(json.notCounted.map((file) => file.path).sort(), ['../../../../../../etc/passwd', '../secret.md', 'escape.md']);
      assert.ok(json.notCounted.every((file) => file.reason === 'outside the workspace, not counted'));
    });

    it('count refuses a FIFO, a link to /dev/zero and a file over the size limit, quickly', () => {
      execFileSync('mkfifo', [join(dir, 'pipe.md')]);
      symlinkSync('/dev/zero', join(dir, 'zero.md'));
      writeFileSync(join(dir, 'spaces.txt'), ' '.repeat(50 * 1024 * 1024));
      assertOneLine(cliWithEnv(dir, {}, 'count', 'pipe.md'), 2, /pipe\.md is not a regular file \(a named pipe\)/);
      assertOneLine(cliWithEnv(dir, {}, 'count', 'zero.md'), 2, /zero\.md is not a regular file \(a device\)/);
      assertOneLine(
        cliWithEnv(dir, {}, 'count', 'spaces.txt'),
        2,
        /spaces\.txt is 50(\.0)? MB, over the 5(\.0)? MB limit; raise it with --max-size-kb/,
      );
      const tooHigh = cliWithEnv(dir, {}, 'count', 'spaces.txt', '--max-size-kb', '1e9');
      assert.equal(tooHigh.code, 2);
      assert.match(tooHigh.stderr, /--max-size-kb takes a whole number from 1 to 102400/);
    });

    it('count stops at the time limit', () => {
      writeFileSync(join(dir, 'big.txt'), 'x'.repeat(3 * 1024 * 1024));
      assertOneLine(
        cliWithEnv(dir, {}, 'count', 'big.txt', '--timeout-ms', '500'),
        2,
        /took longer than 500 ms; raise the limit with --timeout-ms/,
      );
    });

    it('report and status skip a bad agent log row with one line and exit 1; a bad TZ exits 2', () => {
      const projects = join(dir, '.claude', 'projects', 'p');
      mkdirSync(projects, { recursive: true });
      const bad = {
        type: 'assistant',
        timestamp: '2026-05-02T09:14:03Z',
        sessionId: 's',
        requestId: 'r',
        costUSD: -5,
        message: { id: 'm', model: 'claude-sonnet-4-5', usage: { input_tokens: 1, output_tokens: 1 } },
      };
      writeFileSync(
        join(projects, 's.jsonl'),
        `${JSON.stringify(bad)}\n${JSON.stringify({ ...bad, requestId: 'r2', costUSD: 0.5, message: { ...bad.message, id: 'm2' } })}\n`,
      );
      const env = { CLAUDE_CONFIG_DIR: join(dir, '.claude') };
      const report = cliWithEnv(dir, env, 'report', '--json');
      assertOneLine(report, 1, /skipped 1 input row\(s\).*recorded cost is negative \(-5\)/);
      assert.equal((JSON.parse(report.stdout) as { buckets: { usd: number }[] }).buckets[0].usd, 0.5);
      writeFileSync(join(dir, '.tokenwise.json'), JSON.stringify({ allowances: [{ id: 'd', amount: { usd: 10 }, period: 'day' }] }));
      assertOneLine(cliWithEnv(dir, env, 'status'), 1, /skipped 1 input row/);
      for (const zone of ['Not/AZone', 'Mars/Olympus', '+99:00']) {
        assertOneLine(cliWithEnv(dir, { ...env, TZ: zone }, 'report'), 2, /is not an IANA time zone/);
      }
    });

    it('report over a ledger with a FIFO, or a ledger path that is a file, ends with one line', () => {
      const folder = join(dir, 'ledger');
      mkdirSync(folder);
      writeFileSync(join(folder, 'events-1-good.jsonl'), event('a'));
      execFileSync('mkfifo', [join(folder, 'events-2-fifo.jsonl')]);
      assertOneLine(cliWithEnv(dir, {}, 'report', '--ledger', folder, '--no-agent-logs'), 1, /not a regular file \(a named pipe\)/);
      assertOneLine(cliWithEnv(dir, {}, 'report', '--ledger', join(folder, 'events-1-good.jsonl')), 2, /is not a folder/);
    });

    it('validate-config on a config nested 100,000 deep or with 24,000 keys ends with its problem, exit 1', () => {
      writeFileSync(join(dir, 'deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      writeFileSync(join(dir, 'keys.json'), JSON.stringify(Object.fromEntries(Array.from({ length: 24_000 }, (_, i) => [`k${i}`, 1]))));
      for (const [file, message] of [
        ['deep.json', /Nested too deeply/],
        ['keys.json', /Too many properties/],
      ] as const) {
        const result = cliWithEnv(dir, {}, 'validate-config', file);
        assert.equal(result.code, 1);
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /\n\s+at /);
        assert.ok(result.ms < 5000, `${result.ms} ms`);
      }
    });
  });
});
