import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForUpdate } from '@pydantic/genai-prices';
import { bundledCatalog, mergeConfig, parseTeamConfig, teamConfigLayer } from '../../src/core';
import { convertGenaiPrices } from '../../src/core/models/genaiPrices';
import { catalogFromCopy, loadPriceDataCopy, priceUrlIssue, savePriceDataCopy } from '../../src/core/models/priceUpdate';

describe('price data updates (the genai-prices format)', () => {
  it('converts the package data exactly as the bundled catalog was generated', async () => {
    const catalog = bundledCatalog();
    const { models, skipped } = convertGenaiPrices(await waitForUpdate(), catalog.snapshotDate);
    assert.deepEqual(skipped, []);
    assert.equal(models.length, catalog.models({ includeDeprecated: true }).length);
    const haiku = models.find((model) => model.id === 'claude-haiku-4-5');
    assert.deepEqual(haiku?.rates, catalog.find('claude-haiku-4-5')?.rates);
  });

  it('skips a model it cannot read, with its reason, and refuses data that is not a list of providers', () => {
    const data = [
      {
        id: 'openai',
        models: [
          { id: 'good', match: { equals: 'good' }, prices: { input_mtok: 1, output_mtok: 2 } },
          { id: 'bad-price', match: { equals: 'bad-price' }, prices: { input_mtok: 'one' } },
          {
            id: 'bad-constraint',
            match: { equals: 'x' },
            prices: [{ prices: { input_mtok: 1 } }, { constraint: { weekday: 'monday' }, prices: {} }],
          },
        ],
      },
    ];
    const converted = convertGenaiPrices(data, '2026-12-03');
    assert.deepEqual(
      converted.models.map((model) => model.id),
      ['good'],
    );
    assert.deepEqual(
      converted.skipped.map((entry) => entry.model),
      ['openai/bad-constraint', 'openai/bad-price'],
    );
    assert.match(converted.skipped[1].reason, /input_mtok is not a price/);
    assert.throws(() => convertGenaiPrices({ providers: [] }, '2026-12-03'), /not a list of providers/);
    const tooFew = catalogFromCopy({ url: 'https://example.com/p.json', fetchedAt: '2026-12-03T00:00:00Z', data });
    assert.match('error' in tooFew ? tooFew.error : '', /1 usable models \(at least 10 expected\)/);
  });

  it('fetches over https only, plain http from this machine only, and never with credentials', () => {
    assert.equal(priceUrlIssue('https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json'), undefined);
    assert.equal(priceUrlIssue('http://127.0.0.1:8080/data.json'), undefined);
    assert.equal(priceUrlIssue('http://localhost/data.json'), undefined);
    assert.match(priceUrlIssue('http://prices.example.com/data.json') ?? '', /refused/);
    assert.match(priceUrlIssue('file:///etc/passwd') ?? '', /refused/);
    assert.match(priceUrlIssue('https://user:secret@example.com/data.json') ?? '', /credentials/);
    assert.match(priceUrlIssue('not a url') ?? '', /not a URL/);
  });

  it("takes a team config's own price data address, https only", () => {
    const url = 'https://prices.example.com/genai-prices.json';
    const parsed = parseTeamConfig(JSON.stringify({ team: 'Shop', priceDataUrl: url }));
    assert.equal(parsed.config?.priceDataUrl, url);
    assert.equal(mergeConfig([teamConfigLayer(parsed.config!, 'team.json')]).config.priceDataUrl, url);
    const plain = parseTeamConfig(JSON.stringify({ priceDataUrl: 'http://prices.example.com/data.json' }));
    assert.equal(plain.config, undefined);
    assert.ok(plain.problems.some((problem) => problem.severity === 'error'));
  });

  it('keeps the last good copy on disk and reads it back; a copy that cannot be read is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenwise-prices-'));
    try {
      const file = join(dir, 'price-data.json');
      const copy = { url: 'https://example.com/data.json', fetchedAt: '2026-12-03T10:00:00.000Z', data: await waitForUpdate() };
      savePriceDataCopy(file, copy);
      const loaded = loadPriceDataCopy(file);
      assert.equal(loaded?.url, copy.url);
      const checked = loaded && catalogFromCopy(loaded);
      assert.ok(checked && 'catalog' in checked);
      assert.equal(checked.catalog.source.name, 'price data from example.com');
      writeFileSync(file, '{ torn');
      assert.equal(loadPriceDataCopy(file), undefined);
      writeFileSync(file, JSON.stringify({ ...copy, url: 'http://prices.example.com/data.json' }));
      assert.equal(loadPriceDataCopy(file), undefined, 'a copy from an address that may not be fetched is not used');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
