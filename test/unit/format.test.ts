import * as assert from 'node:assert/strict';
import { formatBytes, formatCount, formatTokens } from '../../src/core';

describe('formatting', () => {
  it('groups thousands', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(1234), '1,234');
    assert.equal(formatCount(1234567), '1,234,567');
  });

  it('says token or tokens', () => {
    assert.equal(formatTokens(1), '1 token');
    assert.equal(formatTokens(0), '0 tokens');
    assert.equal(formatTokens(1234), '1,234 tokens');
  });

  it('sizes in B, KB and MB', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
  });
});
