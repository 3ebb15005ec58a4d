import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../src/core/files/atomicJson';

describe('atomic JSON writer', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'tokenwise-atomic-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('replaces the file whole and leaves no temporary file', () => {
    const file = join(folder, 'nested', 'state.json');
    writeJsonAtomic(file, { a: 1 });
    writeJsonAtomic(file, { b: [1, 2] }, { pretty: true });
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { b: [1, 2] });
    assert.deepEqual(readdirSync(join(folder, 'nested')), ['state.json']);
  });

  it('throws when the file cannot be replaced, and removes its temporary file', () => {
    const file = join(folder, 'taken');
    mkdirSync(join(file, 'inside'), { recursive: true }); // a non-empty folder cannot be renamed over
    assert.throws(() => writeJsonAtomic(file, { a: 1 }));
    assert.deepEqual(readdirSync(folder), ['taken']);
  });

  it('two processes writing the same file at once leave one whole copy', async () => {
    const file = join(folder, 'shared.json');
    const writer = (name: string) =>
      new Promise<number | null>((resolve) => {
        const script = `const { writeJsonAtomic } = require(${JSON.stringify(require.resolve('../../src/core/files/atomicJson'))});
        for (let i = 0; i < 200; i++) writeJsonAtomic(${JSON.stringify(file)}, { writer: ${JSON.stringify(name)}, i, pad: 'x'.repeat(20000) });`;
        spawn(process.execPath, ['-e', script], { stdio: 'inherit' }).on('exit', resolve);
      });
    assert.deepEqual(await Promise.all([writer('one'), writer('two')]), [0, 0]);
    const last = JSON.parse(readFileSync(file, 'utf8')) as { writer: string; i: number };
    assert.equal(last.i, 199);
    assert.deepEqual(readdirSync(folder), ['shared.json']);
  });
});
