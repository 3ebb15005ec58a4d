import * as assert from 'node:assert/strict';
import { CountTimeoutError } from '../../src/core/counting/workerTokenCounter';
import { WorkerTokenCounter } from '../../src/core';
import { compiledWorkerScript } from '../support/paths';
import { referenceCount } from '../support/referenceCount';
import { largeText } from '../support/texts';

describe('WorkerTokenCounter', () => {
  let counter: WorkerTokenCounter;
  beforeEach(() => {
    counter = new WorkerTokenCounter(compiledWorkerScript);
  });
  afterEach(() => counter.dispose());

  it('starts no worker until the first count', async () => {
    assert.equal(counter.started, false);
    await counter.count(['hello world'], 'o200k_base', 30_000);
    assert.equal(counter.started, true);
  });

  it('counts in the worker exactly as js-tiktoken does, summing several texts', async () => {
    const texts = ['export const answer = 42;\n', '    indented\n\n\n', '<|endoftext|><|fim_prefix|>', 'naïve café ☕'];
    const expected = texts.reduce((sum, text) => sum + referenceCount(text), 0);
    assert.equal(await counter.count(texts, 'o200k_base', 30_000), expected);
  });

  it('answers concurrent requests each with their own count', async () => {
    const texts = ['one', 'two words', 'three words here', 'a'.repeat(50)];
    const counts = await Promise.all(texts.map((text) => counter.count([text], 'o200k_base', 30_000)));
    assert.deepEqual(
      counts,
      texts.map((text) => referenceCount(text)),
    );
  });

  it('stops a count that runs past its time limit and recovers with a fresh worker', async () => {
    await counter.count(['warm up'], 'o200k_base', 30_000);
    // About a million tokens cannot be counted in 20 ms.
    const slow = counter.count([largeText()], 'o200k_base', 20);
    await assert.rejects(slow, (error: unknown) => error instanceof CountTimeoutError && error.timeoutMs === 20);
    assert.equal(counter.started, false, 'the stuck worker is terminated');
    assert.equal(await counter.count(['hello world'], 'o200k_base', 30_000), 2);
  });

  it('reports a worker that cannot start as an error, not a hang', async () => {
    const broken = new WorkerTokenCounter('/nonexistent/countWorker.js');
    await assert.rejects(broken.count(['x'], 'o200k_base', 30_000), /worker/i);
    broken.dispose();
  });

  it('rejects counts after dispose', async () => {
    counter.dispose();
    await assert.rejects(counter.count(['x'], 'o200k_base', 1000), /disposed/);
  });
});
