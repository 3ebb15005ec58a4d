import * as assert from 'node:assert/strict';
import { decodePromptText } from '../../src/core';
import { looksBinary } from '../../src/core/context/fileContent';

describe('file content', () => {
  it('treats a NUL in the first 8,000 bytes as binary', () => {
    assert.equal(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0])), true);
    assert.equal(looksBinary(new TextEncoder().encode('plain text')), false);
    const lateNul = new Uint8Array(9000).fill(0x61);
    lateNul[8500] = 0;
    assert.equal(looksBinary(lateNul), false);
  });

  it('decodes UTF-8 text, dropping a BOM and replacing invalid bytes', () => {
    assert.equal(decodePromptText(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])), 'hi');
    assert.equal(decodePromptText(new Uint8Array([0x61, 0xff, 0x62])), 'a\uFFFDb');
    assert.equal(decodePromptText(new Uint8Array([0x61, 0, 0x62])), undefined);
  });
});
