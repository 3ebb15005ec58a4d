import * as assert from 'node:assert/strict';
import { extractFileReferences, isPromptFile } from '../../src/core/context/promptReferences';

const paths = (markdown: string) => extractFileReferences(markdown).map((ref) => ref.path);

describe('extractFileReferences', () => {
  it('finds relative Markdown links and images', () => {
    assert.deepEqual(paths('See [the API](../src/api.ts) and ![diagram](docs/flow.png "Flow").'), ['../src/api.ts', 'docs/flow.png']);
  });

  it('finds #file mentions, plain, quoted and in backticks', () => {
    const refs = extractFileReferences('Use #file:src/a.ts, then #file:"docs/my notes.md" and #file:`b.ts`.\n#file:c.md');
    assert.deepEqual(refs, [
      { path: 'src/a.ts', syntax: 'file-mention' },
      { path: 'docs/my notes.md', syntax: 'file-mention' },
      { path: 'b.ts', syntax: 'file-mention' },
      { path: 'c.md', syntax: 'file-mention' },
    ]);
  });

  it('ignores URLs, anchors and mail links', () => {
    assert.deepEqual(paths('[a](https://example.com/x.md) [b](#usage) [c](mailto:x@y.z) [d](vscode://file/x) [e](//cdn/x.js)'), []);
  });

  it('drops fragments and queries and decodes escapes', () => {
    assert.deepEqual(paths('[a](guide.md#setup) [b](my%20file.md?raw=1) [c](<spaced path.md>)'), [
      'guide.md',
      'my file.md',
      'spaced path.md',
    ]);
  });

  it('lists each file once', () => {
    assert.deepEqual(paths('[a](x.md) [again](x.md) #file:x.md [frag](x.md#top)'), ['x.md']);
  });

  it('skips links inside fenced code blocks', () => {
    const markdown = [
      '[real](real.md)',
      '```md',
      '[example](example.md)',
      '#file:fake.ts',
      '```',
      '~~~',
      '[also](no.md)',
      '~~~',
      '[after](after.md)',
    ].join('\n');
    assert.deepEqual(paths(markdown), ['real.md', 'after.md']);
  });

  it('does not take an email-like or mid-word #file as a mention', () => {
    assert.deepEqual(paths('issue#file:x.md'), []);
  });
});

describe('isPromptFile', () => {
  it('accepts prompt, instructions and Markdown files', () => {
    for (const name of ['a.prompt.md', 'copilot.instructions.md', 'README.md', 'notes.markdown']) {
      assert.equal(isPromptFile(name), true, name);
    }
    for (const name of ['a.ts', 'md', 'prompt.txt']) assert.equal(isPromptFile(name), false, name);
  });
});
