import * as assert from 'node:assert/strict';
import { checkContextFit, findModel, type FitModel } from '../../src/core/models';

describe('context-window fit', () => {
  // gpt-4.1 counts exactly, so the bounds are sharp.
  const small: FitModel = { id: 'gpt-4.1', contextWindow: 1_000, maxOutputTokens: 300 };

  it('fits within the window and the output limit', () => {
    const fit = checkContextFit(small, { promptTokens: 500, contextTokens: 100, expectedOutputTokens: 300 });
    assert.equal(fit.status, 'fits');
    assert.deepEqual(fit.window.tokens, { low: 900, expected: 900, high: 900 });
    assert.equal(fit.window.overBy, 0);
    assert.deepEqual(fit.problems, []);
  });

  it('fits at exactly the context window', () => {
    // 600 + 100 + 300 = 1,000 = the window
    assert.equal(checkContextFit(small, { promptTokens: 600, contextTokens: 100, expectedOutputTokens: 300 }).status, 'fits');
  });

  it('flags one token over the context window', () => {
    // 601 + 100 + 300 = 1,001
    const fit = checkContextFit(small, { promptTokens: 601, contextTokens: 100, expectedOutputTokens: 300 });
    assert.equal(fit.status, 'exceeds');
    assert.equal(fit.window.status, 'exceeds');
    assert.equal(fit.window.overBy, 1);
    assert.match(fit.problems[0], /exceed the 1,000-token context window by 1/);
  });

  it('counts reasoning in the window and the output limit', () => {
    // output 200 + reasoning 200 = 400 > 300
    const fit = checkContextFit(small, { promptTokens: 100, expectedOutputTokens: 200, reasoningTokens: 200 });
    assert.equal(fit.window.tokens.expected, 500);
    assert.equal(fit.output.status, 'exceeds');
    assert.equal(fit.output.overBy, 100);
    assert.equal(fit.status, 'exceeds');
    assert.match(fit.problems.join('\n'), /output limit by 100/);
  });

  it('says an estimate may exceed when only the high end is over', () => {
    // Claude: 1,000 o200k tokens → 1,160 / 1,200 / 1,300; window 1,250
    const fit = checkContextFit({ id: 'claude-sonnet-4-5', contextWindow: 1_250 }, { promptTokens: 1_000, expectedOutputTokens: 0 });
    assert.deepEqual(fit.window.tokens, { low: 1_160, expected: 1_200, high: 1_300 });
    assert.equal(fit.status, 'may-exceed');
    assert.match(fit.problems[0], /may exceed/);
  });

  it('does not guess unknown limits', () => {
    const unknown = checkContextFit({ id: 'mystery' }, { promptTokens: 10, expectedOutputTokens: 10 });
    assert.equal(unknown.status, 'unknown');
    assert.equal(unknown.window.overBy, undefined);
    const windowOnly = checkContextFit({ id: 'gpt-4.1', contextWindow: 100 }, { promptTokens: 10, expectedOutputTokens: 10 });
    assert.equal(windowOnly.status, 'fits');
    assert.equal(windowOnly.output.status, 'unknown');
  });

  it('uses catalog limits, with the overlay filling the maximum output', () => {
    const model = findModel('claude-sonnet-4-5');
    assert.ok(model);
    assert.equal(model.contextWindow, 200_000);
    assert.equal(model.maxOutputTokens, 64_000);
    assert.equal(model.maxOutputTokensSource, 'overlay');
    assert.ok(model.overlaySource?.startsWith('https://'));
    const fit = checkContextFit(model, { promptTokens: 100_000, contextTokens: 50_000, expectedOutputTokens: 70_000 });
    assert.equal(fit.output.status, 'exceeds');
    // 150,000 × 1.20 = 180,000 + 70,000 = 250,000 > 200,000, within the 1M window Sonnet 4.5 offers with a beta header
    assert.equal(fit.window.status, 'opt-in');
    assert.match(fit.problems[0], /pass the 200,000-token window; they fit the 1,000,000-token window with the context-1m beta header/);
    assert.equal(fit.problems.length, 2);
  });

  it('agrees with the price tier: past the standard window only with an opt-in, past the long one never', () => {
    const model = findModel('claude-sonnet-4-5')!;
    // 400,000 × 1.20 = 480,000 + 500: over 200K, so the >200K tier prices it, and the fit says it needs the opt-in
    assert.equal(checkContextFit(model, { promptTokens: 400_000, expectedOutputTokens: 500 }).status, 'opt-in');
    // 900,000 × 1.20 = 1,080,000 > 1,000,000
    assert.equal(checkContextFit(model, { promptTokens: 900_000, expectedOutputTokens: 500 }).status, 'exceeds');
    // A model without a longer window still exceeds
    assert.equal(
      checkContextFit({ id: 'gpt-5.1', contextWindow: 400_000 }, { promptTokens: 500_000, expectedOutputTokens: 0 }).status,
      'exceeds',
    );
  });
});
