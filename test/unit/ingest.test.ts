import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findModel } from '../../src/core/models';
import { ingestUsage, Ledger, type IngestState } from '../../src/core';
import { claudeLine } from '../support/claudeLog';

describe('ingesting agent logs into the ledger', function () {
  this.timeout(30_000);
  let dir: string;
  let projects: string;
  let log: string;
  let ledger: Ledger;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-ingest-'));
    projects = join(dir, 'claude', 'projects');
    mkdirSync(join(projects, '-home-dev-shop'), { recursive: true });
    log = join(projects, '-home-dev-shop', 'session-1.jsonl');
    ledger = new Ledger(join(dir, 'ledger'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ingest = (state: IngestState = {}) => ingestUsage(ledger, [{ source: 'claude-code', roots: [projects] }], state);

  it('prices each request with the catalog and reads only what was added since', async () => {
    writeFileSync(
      log,
      claudeLine({ messageId: 'm1', requestId: 'r1', time: '2026-11-20T10:00:00Z', input: 1000, output: 200, cacheRead: 10_000 }),
    );
    const first = await ingest();
    assert.equal(first.appended['claude-code'], 1);
    const sonnet = findModel('claude-sonnet-4-5')!;
    // 1,000 input, 10,000 cache reads, 200 output at the catalog's rates per million tokens.
    const expected = (1000 * sonnet.rates.input! + 10_000 * sonnet.rates.cacheRead! + 200 * sonnet.rates.output!) / 1e6;
    const [event] = (await ledger.read()).events;
    assert.equal(event.costBasis, 'calculated');
    assert.ok(Math.abs(event.usd! - expected) < 1e-12, `${event.usd} ≠ ${expected}`);
    assert.equal(event.project, '/home/dev/shop');

    const again = await ingest(first.state);
    assert.equal(again.appended['claude-code'], 0, 'nothing new');
    appendFileSync(log, claudeLine({ messageId: 'm2', requestId: 'r2', time: '2026-11-20T10:05:00Z', input: 50, output: 70 }));
    const third = await ingest(again.state);
    assert.equal(third.appended['claude-code'], 1);
    assert.equal((await ledger.read()).events.length, 2);
  });

  it('keeps the complete copy of a streamed answer written in several lines across scans', async () => {
    writeFileSync(log, claudeLine({ messageId: 'm1', requestId: 'r1', time: '2026-11-20T10:00:00Z', input: 1000, output: 12 }));
    const first = await ingest();
    appendFileSync(log, claudeLine({ messageId: 'm1', requestId: 'r1', time: '2026-11-20T10:00:01Z', input: 1000, output: 480 }));
    await ingest(first.state);
    const { events } = await ledger.read();
    assert.equal(events.length, 1);
    assert.equal(events[0].tokens.output, 480);
  });

  it('skips a source that is switched off (no roots) and reports unreadable lines', async () => {
    writeFileSync(log, 'not json\n' + claudeLine({ messageId: 'm1', requestId: 'r1', time: '2026-11-20T10:00:00Z', input: 1, output: 1 }));
    const off = await ingestUsage(ledger, [{ source: 'claude-code', roots: [] }], {});
    assert.equal(off.appended['claude-code'], undefined);
    const on = await ingest();
    assert.equal(on.appended['claude-code'], 1);
    assert.equal(on.skipped['claude-code'], 1);
  });
});
