import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli';
import { referenceCount } from '../support/referenceCount';

// OpenAI's pricing page (https://developers.openai.com/api/docs/pricing): GPT-5.1 costs $1.25 input and $10 output per
// million tokens. "word " × 3,000 is 3,001 o200k_base tokens (3,000 words and the newline), so one send with the
// default 500 output tokens costs 3,001 × 1.25 + 500 × 10 = 8,751.25 per million → $0.0088 (two figures).
describe('command line: check, a CI gate over prompt files', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-check-'));
    mkdirSync(join(dir, 'prompts', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'prompts', 'short.prompt.md'), 'Short prompt.\n');
    writeFileSync(join(dir, 'prompts', 'nested', 'long.prompt.md'), `${'word '.repeat(3_000).trim()}\n`);
    writeFileSync(join(dir, 'notes.txt'), 'not a prompt\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes prompts within the limits with exit code 0', () => {
    const { code, stdout } = cli(dir, 'check', 'prompts/**/*.prompt.md', '--model', 'gpt-5.1', '--max-tokens', '5000');
    assert.equal(code, 0);
    assert.match(stdout, /All 2 prompt file\(s\) within the limits on gpt-5\.1\./);
  });

  it('fails a prompt over its token or cost limit with exit code 1, in a table, JSON or GitHub annotations', () => {
    const table = cli(dir, 'check', 'prompts/**/*.prompt.md', '--model', 'gpt-5.1', '--max-tokens', '1000');
    assert.equal(table.code, 1);
    assert.match(
      table.stdout,
      /prompts\/nested\/long\.prompt\.md\s+3,001\s+\$0\.0088\s+fits\s+over from line 1: 3,001 input tokens, over the limit of 1,000/,
    );
    assert.match(table.stdout, /prompts\/short\.prompt\.md\s+3\s+\$0\.0050\s+fits\s+ok/);

    const json = cli(dir, 'check', 'prompts/**/*.prompt.md', '--model', 'gpt-5.1', '--max-usd', '0.008', '--json');
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.stdout) as { passed: boolean; files: { path: string; usd: number; passed: boolean }[] };
    assert.equal(parsed.passed, false);
    const long = parsed.files.find((file) => file.path === 'prompts/nested/long.prompt.md')!;
    assert.ok(Math.abs(long.usd - 0.00875125) < 1e-12, String(long.usd));
    assert.equal(long.passed, false);

    const github = cli(dir, 'check', 'prompts/**/*.prompt.md', '--max-tokens', '1000', '--format', 'github');
    assert.equal(github.code, 1);
    assert.match(
      github.stdout,
      /^::error file=prompts\/nested\/long\.prompt\.md,line=1,title=Tokenwise::3,001 input tokens, over the limit of 1,000$/m,
    );
    assert.doesNotMatch(github.stdout, /short\.prompt\.md/);
  });

  it('fails a prompt that does not fit the window with --must-fit', () => {
    // gpt-4 has an 8,192-token window (the catalog's): 3,001 + 8,000 expected output tokens do not fit.
    const { code, stdout } = cli(
      dir,
      'check',
      'prompts/nested/long.prompt.md',
      '--model',
      'gpt-4',
      '--must-fit',
      '--output-tokens',
      '8000',
    );
    assert.equal(code, 1);
    assert.match(stdout, /exceed/);
  });

  it('points the annotation at the line where the prompt goes over its limit', () => {
    const lines = Array.from(
      { length: 120 },
      (_, index) => `Step ${index + 1}: read the module and list what breaks when the input is empty.`,
    );
    writeFileSync(join(dir, 'prompts', 'steps.prompt.md'), `${lines.join('\n')}\n`);
    // The first line whose prefix (lines 1 to it) is over 600 o200k_base tokens, by the reference tokenizer.
    let expected = 1;
    while (referenceCount(lines.slice(0, expected).join('\n')) <= 600) expected++;
    const { code, stdout } = cli(
      dir,
      'check',
      'prompts/steps.prompt.md',
      '--model',
      'gpt-5.1',
      '--max-tokens',
      '600',
      '--format',
      'github',
    );
    assert.equal(code, 1);
    assert.match(stdout, new RegExp(`^::error file=prompts/steps\\.prompt\\.md,line=${expected},title=Tokenwise::`, 'm'));
    assert.ok(expected > 20 && expected < 120, String(expected));
  });

  it("takes the limits the flags do not give from the team config's checks", () => {
    const team = mkdtempSync(join(tmpdir(), 'tokenwise-check-team-'));
    try {
      writeFileSync(join(team, 'long.prompt.md'), `${'word '.repeat(3_000).trim()}\n`);
      writeFileSync(join(team, '.tokenwise.json'), JSON.stringify({ team: 'Shop', checks: { model: 'gpt-5.1', maxTokens: 2_000 } }));
      const over = cli(team, 'check', '*.prompt.md');
      assert.equal(over.code, 1);
      assert.match(over.stdout, /over from line 1: 3,001 input tokens, over the limit of 2,000/);
      assert.match(over.stdout, /on gpt-5\.1\./);
      const flag = cli(team, 'check', '*.prompt.md', '--max-tokens', '5000');
      assert.equal(flag.code, 0, 'a flag wins over the team config');
    } finally {
      rmSync(team, { recursive: true, force: true });
    }
  });

  it('compares each file with its cost at a git revision', () => {
    const repo = mkdtempSync(join(tmpdir(), 'tokenwise-check-git-'));
    try {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: repo });
      git('init', '-q');
      const before = 'Summarize the diff.\n';
      const after = `${before}${'Also list every risky change with its file and line. '.repeat(40)}\n`;
      writeFileSync(join(repo, 'review.prompt.md'), before);
      git('add', '.');
      git('commit', '-q', '-m', 'first');
      writeFileSync(join(repo, 'review.prompt.md'), after);
      git('commit', '-q', '-a', '-m', 'second');
      const { code, stdout } = cli(repo, 'check', '*.prompt.md', '--model', 'gpt-5.1', '--max-tokens', '100', '--compare-to', 'HEAD~1');
      assert.equal(code, 1);
      const [then, now] = [referenceCount(before), referenceCount(after)];
      assert.match(stdout, /File\s+Tokens at HEAD~1\s+Tokens\s+Change/);
      assert.match(stdout, new RegExp(`review\\.prompt\\.md\\s+${then}\\s+${now}\\s+\\+${now - then}\\s`));
      const bad = cli(repo, 'check', '*.prompt.md', '--max-tokens', '100', '--compare-to', 'no-such-ref');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--compare-to: "no-such-ref" is not a git revision here/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('exits 2 on bad input: no limit, no match, a bad amount', () => {
    for (const [args, message] of [
      [['check', 'prompts/short.prompt.md'], /check needs a limit/],
      [['check', 'missing/*.md', '--max-tokens', '10'], /No file matches missing\/\*\.md/],
      [['check', 'prompts/short.prompt.md', '--max-usd', 'cheap'], /--max-usd must be an amount in US dollars/],
      [['check', 'prompts/short.prompt.md', '--max-tokens', '10', '--format', 'xml'], /--format must be table, json or github/],
    ] as const) {
      const { code, stderr } = cli(dir, ...args);
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
    }
  });
});
