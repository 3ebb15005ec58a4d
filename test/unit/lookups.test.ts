import * as assert from 'node:assert/strict';
import { describeLookups, lookupLines, type IngestResult } from '../../src/core';
import { presentLookups } from '../../src/spendView/presentLookups';

describe('where Tokenwise looked', () => {
  const environment = { env: {}, platform: 'linux' as const, homedir: '/home/dev', exists: (path: string) => path.startsWith('/logs') };
  const settings = { 'claude-code': { paths: ['/logs/claude', '/nowhere'] }, codex: { enabled: false } };
  const result = {
    files: { 'claude-code': 3 },
    appended: { 'claude-code': 12 },
    skipped: { 'claude-code': 2 },
    skipReasons: { 'claude-code': [{ reason: 'not JSON', count: 2, file: '/logs/claude/a.jsonl', line: 7 }] },
    failed: {},
  } as unknown as IngestResult;

  it('lists per agent whether it is read, each folder and whether it is there, and what the last scan found', () => {
    const lookups = describeLookups(settings, environment, { result, time: new Date('2026-12-02T09:30:00Z') });
    const claude = lookups.find((lookup) => lookup.source === 'claude-code')!;
    assert.deepEqual(claude.folders, [
      { path: '/logs/claude', exists: true },
      { path: '/nowhere', exists: false },
    ]);
    assert.deepEqual([claude.files, claude.added, claude.skipped], [3, 12, 2]);
    assert.equal(lookups.find((lookup) => lookup.source === 'codex')!.enabled, false);
    const gemini = lookups.find((lookup) => lookup.source === 'gemini-cli')!;
    assert.ok(
      gemini.folders.every((folder) => folder.path.startsWith('/home/dev/') && !folder.exists),
      'its default folders, checked',
    );
    assert.deepEqual([gemini.files, gemini.added], [0, 0]);
    const lines = lookupLines(lookups);
    assert.match(lines[0], /^Claude Code: \/logs\/claude \(found\), \/nowhere \(not there\); 3 files, 12 events added, 2 lines skipped: /);
    assert.ok(lines.includes('Codex CLI: switched off in tokenwise.usageSources'));
  });

  it('says "not read yet" before the first scan, and words it for the view', () => {
    const view = presentLookups(describeLookups(settings, environment, undefined), 'UTC');
    assert.equal(view[0].found, 'Not read yet.');
    assert.deepEqual(view[1], {
      name: 'Codex CLI',
      enabled: false,
      folders: [],
      found: 'Switched off in tokenwise.usageSources.',
      reasons: [],
    });
    const read = presentLookups(describeLookups(settings, environment, { result, time: new Date('2026-12-02T09:30:00Z') }), 'UTC');
    assert.equal(read[0].found, '3 log files, 12 new events, 2 lines skipped; read Dec 2, 09:30.');
    assert.equal(read[0].reasons.length, 1);
  });
});
