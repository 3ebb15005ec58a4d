import * as assert from 'node:assert/strict';
import { countTexts, utf8Size } from '../../src/core/counting/countTexts';
import { WorkerTokenCounter } from '../../src/core';
import { compiledWorkerScript } from '../support/paths';
import { referenceCount } from '../support/referenceCount';
import { largeText } from '../support/texts';

describe('countTexts', () => {
  const counter = new WorkerTokenCounter(compiledWorkerScript);
  after(() => counter.dispose());
  const limits = { maxBytes: 1024, timeoutMs: 30_000 };

  it('measures size in UTF-8 bytes', () => {
    assert.equal(utf8Size(['abc', 'é', '世']), 3 + 2 + 3);
  });

  it('counts texts within the limit', async () => {
    const text = 'Summarize this file in three bullet points.';
    assert.deepEqual(await countTexts(counter, [text], 'selection', 'o200k_base', limits), {
      kind: 'counted',
      scope: 'selection',
      tokens: referenceCount(text),
      encoding: 'o200k_base',
    });
  });

  it('refuses texts over the size limit without counting them', async () => {
    const text = 'é'.repeat(513); // 1,026 bytes, but only 513 characters
    assert.deepEqual(await countTexts(counter, [text], 'document', 'o200k_base', limits), {
      kind: 'tooLarge',
      scope: 'document',
      bytes: 1026,
      maxBytes: 1024,
    });
  });

  it('turns a timeout into an outcome', async () => {
    await counter.count(['warm up'], 'o200k_base', 30_000);
    const outcome = await countTexts(counter, [largeText()], 'document', 'o200k_base', { maxBytes: 1e7, timeoutMs: 20 });
    assert.deepEqual(outcome, { kind: 'timedOut', scope: 'document', timeoutMs: 20 });
  });

  it('turns a failing worker into an outcome with its message', async () => {
    const broken = new WorkerTokenCounter('/nonexistent/countWorker.js');
    const outcome = await countTexts(broken, ['x'], 'document', 'o200k_base', limits);
    broken.dispose();
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.message : '', /worker/i);
  });
});
