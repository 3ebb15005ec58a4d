import * as assert from 'node:assert/strict';
import { presentTokenCount } from '../../src/statusBar/presentTokenCount';

describe('presentTokenCount', () => {
  it('shows a document count with the tokenizer in the tooltip', () => {
    const shown = presentTokenCount({ kind: 'counted', scope: 'document', tokens: 1234, encoding: 'o200k_base' }, 'a.md');
    assert.equal(shown.text, '$(symbol-number) 1,234 tokens');
    assert.match(shown.tooltip, /o200k_base/);
    assert.match(shown.tooltip, /1,234 tokens\*\* in a\.md/);
    assert.equal(shown.ariaLabel, '1,234 tokens in a.md');
    assert.equal(shown.warning, false);
  });

  it('marks a selection count', () => {
    const shown = presentTokenCount({ kind: 'counted', scope: 'selection', tokens: 1, encoding: 'o200k_base' }, 'a.md');
    assert.equal(shown.text, '$(symbol-number) 1 token (selection)');
    assert.match(shown.ariaLabel, /the selection in a\.md/);
  });

  it('explains a document over the limit and names the setting', () => {
    const shown = presentTokenCount({ kind: 'tooLarge', scope: 'document', bytes: 6 * 1024 * 1024, maxBytes: 5 * 1024 * 1024 }, 'big.js');
    assert.equal(shown.text, '$(symbol-number) Too large to count');
    assert.match(shown.tooltip, /6\.0 MB.*5\.0 MB/);
    assert.match(shown.tooltip, /tokenwise\.counting\.maxDocumentSizeKB/);
  });

  it('warns on timeouts and failures', () => {
    const timedOut = presentTokenCount({ kind: 'timedOut', scope: 'document', timeoutMs: 10_000 }, 'x');
    assert.equal(timedOut.warning, true);
    assert.match(timedOut.tooltip, /10 s/);
    const failed = presentTokenCount({ kind: 'failed', scope: 'document', message: 'boom' }, 'x');
    assert.equal(failed.warning, true);
    assert.match(failed.tooltip, /boom/);
  });
});
