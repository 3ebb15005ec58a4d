import * as assert from 'node:assert/strict';
import { extractFileReferences } from '../../src/core/context/promptReferences';
import { promptFileMatcher } from '../../src/core/context/promptDocuments';

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

describe('prompt files', () => {
  it('are Markdown, text and .prompt files by default, by name in any folder and case', () => {
    const isPrompt = promptFileMatcher();
    for (const path of ['a.prompt.md', '.github/copilot.instructions.md', 'docs/README.MD', 'notes.markdown', 'draft.txt', 'x.prompt']) {
      assert.equal(isPrompt({ path }), true, path);
    }
    for (const path of ['a.ts', 'md', '.vscode/settings.json', 'spend/export.csv', 'package.json']) {
      assert.equal(isPrompt({ path }), false, path);
    }
  });

  it('include untitled Markdown and plain-text drafts, not untitled code', () => {
    const isPrompt = promptFileMatcher([]);
    assert.equal(isPrompt({ path: 'Untitled-1', untitled: true, languageId: 'plaintext' }), true);
    assert.equal(isPrompt({ path: 'Untitled-2', untitled: true, languageId: 'markdown' }), true);
    assert.equal(isPrompt({ path: 'Untitled-3', untitled: true, languageId: 'typescript' }), false);
  });

  it('follow the patterns given: by name without a slash, by workspace path with one; a bad pattern is skipped', () => {
    const isPrompt = promptFileMatcher(['prompts/**', '*.tmpl', '[']);
    assert.equal(isPrompt({ path: 'prompts/review/x.json' }), true);
    assert.equal(isPrompt({ path: 'src/prompts/x.json' }), false);
    assert.equal(isPrompt({ path: 'deep/a/b.TMPL' }), true);
    assert.equal(isPrompt({ path: 'README.md' }), false, 'the defaults are replaced');
    assert.equal(isPrompt({ path: 'prompts\\win\\x.json' }), true, 'Windows separators');
  });
});
