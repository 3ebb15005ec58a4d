import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerTokenCounter } from '../../src/core';
import { loadEngine } from '../../src/core/counting/encodings';
import { projectRoot } from '../support/paths';

/** The worker compiled next to this test (out/ or any other output folder). */
const workerScript = join(__dirname, '..', '..', 'src', 'core', 'counting', 'countWorker.js');

describe('counting worker with the engine', function () {
  this.timeout(60_000);
  let counter: WorkerTokenCounter;
  beforeEach(() => {
    counter = new WorkerTokenCounter(workerScript);
  });
  afterEach(() => counter.dispose());

  it('counts both encodings exactly as the engine does', async () => {
    const texts = ['export const answer = 42;\n', '<|endoftext|> naïve café ☕', ' '.repeat(5_000), 'a'.repeat(30_000)];
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const engine = loadEngine(encoding);
      const expected = texts.reduce((sum, text) => sum + engine.count(text), 0);
      assert.equal(await counter.count(texts, encoding, 30_000), expected);
    }
  });

  it('sends large requests in parts and still counts each text whole', async () => {
    const dom = readFileSync(join(projectRoot, 'node_modules', 'typescript', 'lib', 'lib.dom.d.ts'), 'utf8');
    const texts = [dom.slice(0, 700_001), 'short', '', ' '.repeat(300_000) + 'x', dom.slice(5, 262_149)];
    const engine = loadEngine('o200k_base');
    const expected = texts.reduce((sum, text) => sum + engine.count(text), 0);
    assert.equal(await counter.count(texts, 'o200k_base', 60_000), expected);
    assert.notEqual(expected, engine.count(texts.join('')), 'the texts are counted separately, not joined');
  });
});
