import * as assert from 'node:assert/strict';
import { allowanceUsage } from '../../src/core/allowances';
import { resolveRange, TOKEN_KINDS, type Allowance, type DayRange, type SpendEvent } from '../../src/core';
import { presentAllowanceStatus } from '../../src/allowances/presentAllowanceStatus';
import { EXPORT_RANGES, exportContent, exportedMessage, exportFile } from '../../src/spend/presentExport';
import { spendTokens } from '../support/builders';

const NOON = '2026-11-24T12:00:00.000Z';

function event(id: string, usd: number): SpendEvent {
  const tokens = spendTokens({ input: 1000, output: 500 });
  return {
    id,
    time: '2026-11-24T09:00:00.000Z',
    source: 'manual',
    model: 'gpt-5.1',
    tokens,
    usd,
    costBasis: 'estimated',
    unpricedTokens: 0,
  };
}

function usage(fields: Partial<Allowance>, events: SpendEvent[]) {
  const allowance: Allowance = {
    id: 'personal',
    name: 'Your allowance',
    amount: { usd: 10 },
    period: 'day',
    timeZone: 'UTC',
    origin: 'personal',
    ...fields,
  };
  return allowanceUsage(allowance, events, NOON, { defaultTimeZone: 'UTC' });
}

describe('allowance status bar presenter', () => {
  it('shows nothing without an allowance', () => {
    assert.equal(presentAllowanceStatus([]), undefined);
  });

  it('shows the tightest allowance, and lists every one in the tooltip', () => {
    const spent = [event('a', 8.5)];
    const shown = presentAllowanceStatus([
      usage({}, spent),
      usage({ id: 'team-month', name: 'Team', amount: { usd: 100 }, origin: 'team' }, spent),
    ]);
    assert.equal(shown?.text, '$(pie-chart) $8.50 of $10.00 · 85%');
    assert.equal(shown?.severity, 'warning');
    assert.equal(shown?.ariaLabel, 'Allowance: 85 percent used');
    assert.match(shown?.tooltip ?? '', /\*\*Your allowance\*\* \(personal\), 2026-11-24: \$8\.50 of \$10\.00/);
    assert.match(shown?.tooltip ?? '', /\*\*Team\*\* \(team\), 2026-11-24: \$8\.50 of \$100\.00/);
  });

  it('marks a used-up hard allowance as an error, and escapes names from a config', () => {
    const shown = presentAllowanceStatus([usage({ name: '[click](https://evil.example) ![x](y)', hard: true }, [event('a', 12)])]);
    assert.equal(shown?.severity, 'error');
    assert.doesNotMatch(shown?.tooltip ?? '', /(?<!\\)\]\(https/, 'no live link');
    assert.match(shown?.tooltip ?? '', /\(personal, hard\)/);
  });
});

describe('export presenter', () => {
  it('offers each range once, and names the file by its dates and format', () => {
    assert.deepEqual(
      EXPORT_RANGES.map((entry) => entry.range),
      ['today', 'this-week', 'this-month', 'last-month', 'last-7-days', 'last-30-days', 'last-90-days', 'all'],
    );
    const november = resolveRange({ id: 'last-month' }, '2026-12-02') as DayRange;
    assert.deepEqual(exportFile(november, 'csv'), { name: 'tokenwise-spend-2026-11-01_to_2026-11-30.csv', filters: { CSV: ['csv'] } });
    assert.deepEqual(exportFile(november, 'json').filters, { JSON: ['json'] });
  });

  it('writes the token kinds as columns and amounts with fixed decimals, and JSON with its range that reads back', () => {
    const repricedAt = '2026-12-04T09:00:00.000Z';
    const events = [event('a', 1.25), { ...event('b', 1), usd: 0.0013067999999999999, repricedAt }];
    const november = resolveRange({ id: 'last-month' }, '2026-12-02') as DayRange;
    const [header, row, noisy] = exportContent(events, 'csv', november, 'UTC').split('\r\n');
    assert.deepEqual(header.split(',').slice(6, 6 + TOKEN_KINDS.length), [...TOKEN_KINDS]);
    assert.equal(header.split(',').at(-1), 'repricedAt', 'a re-priced cost says when it was re-priced');
    assert.deepEqual([row.split(',').at(-1), noisy.split(',').at(-1)], ['', repricedAt]);
    assert.equal(row.split(',').slice(6, 13).join(','), '1000,0,0,0,500,0,1.250000');
    assert.equal(noisy.split(',')[12], '0.001307');
    const json = JSON.parse(exportContent(events, 'json', november, 'UTC')) as { range: unknown; events: { usd: number }[] };
    assert.deepEqual(json.range, { id: 'last-month', from: '2026-11-01', to: '2026-11-30', timeZone: 'UTC' });
    assert.deepEqual(
      json.events.map((entry) => entry.usd),
      [1.25, 0.001307],
    );
  });

  it('says how many requests went where', () => {
    assert.equal(exportedMessage(1, 'spend.csv'), 'Tokenwise: exported 1 request to spend.csv.');
    assert.equal(exportedMessage(3, 'spend.csv'), 'Tokenwise: exported 3 requests to spend.csv.');
  });
});
