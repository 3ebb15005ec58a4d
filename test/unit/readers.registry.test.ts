import * as assert from 'node:assert/strict';
import { LOG_SOURCES, readLogSource, sourceDisplayName, type UsageSource } from '../../src/core';
import { logReader } from '../../src/core/readers';

describe('reader registry', () => {
  it('has one reader per source, registered under its own id, each with its own name', () => {
    assert.deepEqual([...LOG_SOURCES].sort(), [
      'claude-code',
      'cline',
      'codex',
      'copilot-chat',
      'copilot-cli',
      'gemini-cli',
      'kilo-code',
      'roo-code',
    ]);
    for (const source of LOG_SOURCES) assert.equal(logReader(source).source, source);
    assert.equal(new Set(LOG_SOURCES.map(sourceDisplayName)).size, LOG_SOURCES.length);
    assert.equal(sourceDisplayName('codex'), 'Codex CLI');
    assert.equal(sourceDisplayName('manual'), 'Recorded prompts', 'prompts recorded as sent have a name of their own');
    assert.equal(sourceDisplayName('some-new-agent'), 'some-new-agent', 'a source without a reader keeps its id');
  });

  it('refuses a source without a reader instead of reading it with another', async () => {
    assert.throws(() => logReader('copilot' as UsageSource), /No log reader is registered for copilot/);
    const read = await readLogSource('copilot' as UsageSource, ['/nowhere']);
    assert.deepEqual(read.rows, []);
    assert.match(read.stats.skipped[0]?.reason ?? '', /No log reader is registered/);
  });

  it('gives each of the Cline family its own extension folder', () => {
    const folders = (source: UsageSource) => logReader(source).defaultPaths({}, 'linux', '/home/me').join(' ');
    assert.match(folders('cline'), /saoudrizwan\.claude-dev\/tasks/);
    assert.match(folders('roo-code'), /rooveterinaryinc\.roo-cline\/tasks/);
    assert.match(folders('kilo-code'), /kilocode\.kilo-code\/tasks/);
    assert.deepEqual(logReader('roo-code').rootsInEditor?.('/u/Code/User', 'linux'), [
      '/u/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks',
    ]);
  });

  it('starts over from a persisted state of another shape', () => {
    for (const source of LOG_SOURCES) {
      const reader = logReader(source);
      assert.equal(reader.isState({ version: 2, files: {} }), false, source);
      assert.equal(reader.isState(null), false, source);
    }
    assert.equal(logReader('codex').isState({ version: 1, files: {} }), true);
    assert.equal(logReader('claude-code').isState({ version: 1, files: {} }), false, 'Claude Code also keeps the ids it saw');
  });
});
