import * as assert from 'node:assert/strict';
import { countWith, loadEncoder } from '../../src/core/counting/encodings';

describe('o200k_base counting', () => {
  const encoder = loadEncoder('o200k_base');

  it('counts plain text with the published o200k_base ids', () => {
    assert.deepEqual(encoder.encode('hello world', [], []), [24912, 2375]);
    assert.equal(countWith(encoder, 'hello world'), 2);
    assert.equal(countWith(encoder, ''), 0);
  });

  it('counts special-token strings as ordinary text instead of throwing', () => {
    const text = 'before <|endoftext|> after';
    assert.throws(() => encoder.encode(text)); // js-tiktoken's default would crash the count
    const ids = encoder.encode(text, [], []);
    assert.equal(countWith(encoder, text), ids.length);
    assert.ok(!ids.includes(199999), 'must not be the <|endoftext|> special token');
    assert.ok(ids.length > 3);
  });

  it('counts multi-byte text', () => {
    const text = 'Grüße, 世界! 🎉';
    assert.equal(countWith(encoder, text), encoder.encode(text, [], []).length);
    assert.ok(countWith(encoder, text) >= 5);
  });
});
