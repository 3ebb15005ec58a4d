import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { projectRoot } from '../support/paths';

// The package as a user installs it: `npm pack`, then `npm install -g` of the tarball into a prefix of its own, and
// `tokenwise` run from the PATH (it needs the bundle `npm run build` writes, which the test command builds first).
describe('the command line as an installed package', function () {
  this.timeout(180_000);
  let work: string;
  let bin: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'tokenwise-install-'));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['pack', '--pack-destination', work, '--silent'], { cwd: projectRoot, stdio: 'pipe' });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack made a tarball');
    const prefix = join(work, 'prefix');
    execFileSync(npm, ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], {
      cwd: work,
      stdio: 'pipe',
    });
    bin = process.platform === 'win32' ? prefix : join(prefix, 'bin');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const tokenwise = (...args: string[]) =>
    spawnSync(process.platform === 'win32' ? 'tokenwise.cmd' : 'tokenwise', args, {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, HOME: work, TZ: 'UTC' },
    });

  it('runs from the PATH: --version, and a count with its worker', () => {
    const version = tokenwise('--version');
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout, `tokenwise ${JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version}\n`);
    writeFileSync(join(work, 'ask.md'), 'Summarize the design notes in three bullet points.\n');
    const count = tokenwise('count', 'ask.md', '--model', 'gpt-5.1', '--json');
    assert.equal(count.status, 0, count.stderr);
    const parsed = JSON.parse(count.stdout) as { files: { path: string; tokens: { expected: number } }[] };
    assert.equal(parsed.files[0].path, 'ask.md');
    assert.ok(parsed.files[0].tokens.expected > 5, count.stdout);
  });

  it('gates a prompt over its limit with exit code 1', () => {
    writeFileSync(join(work, 'long.md'), `${'word '.repeat(3_000).trim()}\n`);
    const over = tokenwise('check', '*.md', '--model', 'gpt-5.1', '--max-tokens', '1000');
    assert.equal(over.status, 1, over.stderr);
    assert.match(over.stdout, /1 of 2 prompt file\(s\) over a limit on gpt-5\.1\./);
    const annotated = tokenwise('check', 'long.md', '--max-tokens', '1000', '--format', 'github');
    assert.equal(annotated.status, 1);
    assert.match(annotated.stdout, /^::error file=long\.md,line=1,title=Tokenwise::3,001 input tokens, over the limit of 1,000$/m);
  });

  it('says where the help is when it cannot go on', () => {
    const wrong = tokenwise('count');
    assert.equal(wrong.status, 2);
    assert.equal(wrong.stderr, 'tokenwise: count needs at least one file. See: tokenwise count --help\n');
  });
});
