import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findModel } from '../../src/core/models';
import { Ledger, priceEvent } from '../../src/core';
import { claudeLine } from '../support/claudeLog';
import { referenceCount } from '../support/referenceCount';
import { cli, cliAsync } from '../support/cli';
import { projectRoot } from '../support/paths';

describe('command line', function () {
  this.timeout(30_000);
  let dir: string;
  const prompt = 'Summarize [the notes](notes/plan.md) and #file:notes/risks.md in five bullets.';
  const plan = 'Ship the parser in March; the exporter waits for the new schema.';
  const risks = 'The schema owner is on leave until April.';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-cli-'));
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'ask.prompt.md'), prompt);
    writeFileSync(join(dir, 'notes', 'plan.md'), plan);
    writeFileSync(join(dir, 'notes', 'risks.md'), risks);
    writeFileSync(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts files and the files a prompt links to', () => {
    const { code, stdout } = cli(dir, 'count', 'ask.prompt.md', '--json');
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assert.equal(result.model, 'gpt-5.1');
    assert.deepEqual(
      result.files.map((file: { path: string; role: string; tokens: { expected: number } }) => [
        file.path,
        file.role,
        file.tokens.expected,
      ]),
      [
        ['ask.prompt.md', 'prompt', referenceCount(prompt)],
        [join('notes', 'plan.md'), 'context', referenceCount(plan)],
        [join('notes', 'risks.md'), 'context', referenceCount(risks)],
      ],
    );
    assert.equal(result.total.tokens.expected, referenceCount(prompt) + referenceCount(plan) + referenceCount(risks));
    const tokens = result.total.tokens.expected;
    assert.ok(Math.abs(result.total.inputUsd - (tokens * 1.25) / 1e6) < 1e-12, 'gpt-5.1 input at $1.25/M');
  });

  it('prints a readable table with the total', () => {
    const { code, stdout } = cli(dir, 'count', 'notes/plan.md', '--model', 'claude-sonnet-4-5');
    assert.equal(code, 0);
    assert.match(stdout, /^File +Role +Tokens +Input cost$/m);
    assert.match(stdout, /^Total +≈\d+ +<?\$/m);
    assert.match(stdout, /Model claude-sonnet-4-5; prices of \d{4}-\d{2}-\d{2}/);
  });

  it('compares models cheapest first, with the chosen models only', () => {
    const { code, stdout } = cli(dir, 'compare', 'ask.prompt.md', '--models', 'gpt-5.1,claude-sonnet-4-5,gpt-4', '--json');
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assert.deepEqual(result.models.map((row: { model: string }) => row.model).sort(), ['claude-sonnet-4-5', 'gpt-4', 'gpt-5.1']);
    const totals = result.models.map((row: { totalUsd: { expected: number } }) => row.totalUsd.expected);
    assert.deepEqual(
      totals,
      [...totals].sort((a: number, b: number) => a - b),
    );
    assert.equal(result.models.filter((row: { cheapest: boolean }) => row.cheapest).length, 1);
    const gpt4 = result.models.find((row: { model: string }) => row.model === 'gpt-4');
    assert.equal(
      gpt4.tokens.expected,
      [prompt, plan, risks].reduce((sum, text) => sum + referenceCount(text, 'cl100k_base'), 0),
      'gpt-4 counts with cl100k_base',
    );
  });

  it("lists one provider's models", () => {
    const { code, stdout } = cli(dir, 'models', '--provider', 'anthropic', '--json');
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assert.ok(result.models.length >= 5);
    assert.ok(result.models.every((model: { provider: string }) => model.provider === 'anthropic'));
  });

  describe('report', () => {
    before(() => {
      new Ledger(join(dir, 'ledger')).append([
        priceEvent({
          id: 'manual-1',
          time: '2026-11-20T09:00:00Z',
          source: 'manual',
          model: 'gpt-5.1',
          tokens: { input: 1_000_000 },
          costBasis: 'estimated',
        }),
      ]);
      mkdirSync(join(dir, '.claude', 'projects', '-work-shop'), { recursive: true });
      writeFileSync(
        join(dir, '.claude', 'projects', '-work-shop', 's1.jsonl'),
        claudeLine({ messageId: 'm1', requestId: 'r1', time: '2026-11-21T09:00:00Z', input: 1000, output: 0, sessionId: 's1' }),
      );
    });

    it("adds up the ledger and the agents' logs by model", () => {
      const { code, stdout } = cli(dir, 'report', '--ledger', 'ledger', '--by', 'model', '--json');
      assert.equal(code, 0);
      const buckets = JSON.parse(stdout).buckets as { key: string; usd: number; count: number }[];
      const sonnet = findModel('claude-sonnet-4-5')!;
      assert.deepEqual(buckets.map((bucket) => [bucket.key, bucket.count]).sort(), [
        ['claude-sonnet-4-5', 1],
        ['gpt-5.1', 1],
      ]);
      assert.ok(Math.abs(buckets.find((bucket) => bucket.key === 'gpt-5.1')!.usd - 1.25) < 1e-12); // 1M input × $1.25/M
      assert.ok(Math.abs(buckets.find((bucket) => bucket.key === 'claude-sonnet-4-5')!.usd - (1000 * sonnet.rates.input!) / 1e6) < 1e-12);
    });

    it('limits to a date range and to the ledger alone', () => {
      const { stdout } = cli(dir, 'report', '--ledger', 'ledger', '--since', '2026-11-21', '--json');
      assert.deepEqual(
        JSON.parse(stdout).buckets.map((bucket: { key: string }) => bucket.key),
        ['2026-11-21'],
      );
      const ledgerOnly = cli(dir, 'report', '--ledger', 'ledger', '--no-agent-logs');
      assert.match(ledgerOnly.stdout, /^2026-11-20 +\$1\.25 +1,000,000 +1 +0$/m);
      assert.match(ledgerOnly.stdout, /1 requests, \$1\.25 with a known price; days in UTC\./);
    });
  });

  describe('report with GitHub Copilot', () => {
    it('reports Copilot Chat and Copilot CLI by source, priced in AI credits', () => {
      const home = join(dir, 'copilot-home');
      const chats = join(home, '.config', 'Code', 'User', 'workspaceStorage', 'h1', 'chatSessions');
      mkdirSync(chats, { recursive: true });
      const request = { requestId: 'q1', timestamp: Date.parse('2026-11-21T09:00:00Z'), modelId: 'copilot/claude-sonnet-4.5' };
      writeFileSync(
        join(chats, 's1.json'),
        JSON.stringify({ sessionId: 's1', requests: [{ ...request, result: { usage: { promptTokens: 2000, completionTokens: 150 } } }] }),
      );
      const cliSession = join(home, '.copilot', 'session-state', 'c1');
      mkdirSync(cliSession, { recursive: true });
      const usage = { inputTokens: 10_000, outputTokens: 500, cacheReadTokens: 8_000, cacheWriteTokens: 1_000, reasoningTokens: 100 };
      writeFileSync(
        join(cliSession, 'events.jsonl'),
        JSON.stringify({
          type: 'session.shutdown',
          timestamp: '2026-11-21T10:00:00Z',
          data: { modelMetrics: { 'claude-sonnet-4.5': { usage } } },
        }) + '\n',
      );
      const { code, stdout } = cli(home, 'report', '--by', 'source', '--json');
      assert.equal(code, 0, stdout);
      const buckets = JSON.parse(stdout).buckets as { key: string; usd: number; usdLow?: number; count: number }[];
      const by = Object.fromEntries(buckets.map((bucket) => [bucket.key, bucket]));
      // Claude Sonnet 4.5 at GitHub's credit prices ($3 input, $0.30 cached, $3.75 cache write, $15 output per million):
      // chat 2,000 × 3 + 150 × 15 → $0.00825, at least 400 × 3 + 1,600 × 0.30 + 150 × 15 → $0.00393;
      // CLI 1,000 × 3 + 8,000 × 0.30 + 1,000 × 3.75 + 500 × 15 → $0.01665 (exact: it records the cached input).
      assert.ok(Math.abs(by['copilot-chat'].usd - 0.00825) < 1e-12, JSON.stringify(by));
      assert.ok(Math.abs(by['copilot-chat'].usdLow! - 0.00393) < 1e-12);
      assert.ok(Math.abs(by['copilot-cli'].usd - 0.01665) < 1e-12);
      assert.equal(by['copilot-cli'].usdLow, undefined);
      assert.deepEqual([by['copilot-chat'].count, by['copilot-cli'].count], [1, 1]);
    });
  });

  describe('report over a named range', () => {
    // Dated from today, so the ranges hold whatever the date: one request last month, one today.
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 12)).toISOString();
    before(() => {
      new Ledger(join(dir, 'ranges')).append(
        [lastMonth, now.toISOString()].map((time, index) =>
          priceEvent({
            id: `r${index}`,
            time,
            source: 'manual',
            model: 'gpt-5.1',
            tokens: { input: 1_000_000 * (index + 1) },
            costBasis: 'estimated',
          }),
        ),
      );
    });
    const report = (...args: string[]) =>
      JSON.parse(cli(dir, 'report', '--ledger', 'ranges', '--no-agent-logs', '--by', 'month', '--json', ...args).stdout);

    it('takes --range last-month, this-month and all, and says what it read', () => {
      const last = report('--range', 'last-month');
      assert.deepEqual(
        last.buckets.map((bucket: { key: string; usd: number }) => [bucket.key, bucket.usd]),
        [[lastMonth.slice(0, 7), 1.25]], // 1M input tokens × $1.25/M (OpenAI's GPT-5.1 price)
      );
      assert.equal(last.since, `${lastMonth.slice(0, 7)}-01`);
      assert.equal(report('--range', 'this-month').buckets[0].usd, 2.5);
      assert.equal(report('--range', 'all').buckets.length, 2);
      assert.match(last.read.join('\n'), /^ledger .*ranges: 2 events$/m);
    });

    it('says when it found no ledger and no logs', () => {
      const empty = join(dir, 'no-home');
      mkdirSync(empty, { recursive: true });
      const { stdout } = cli(empty, 'report');
      assert.match(stdout, /No spend found anywhere Tokenwise looked\./);
      assert.match(stdout, /Read: ledger: none found/);
      assert.match(stdout, /Claude Code: no logs \(looked in /);
    });
  });

  describe('team config', () => {
    const good = JSON.stringify(
      { team: 'Platform', allowances: [{ id: 'daily', amount: { usd: 20 }, period: 'day', timeZone: 'UTC' }] },
      null,
      2,
    );
    before(() => {
      writeFileSync(join(dir, 'good.tokenwise.json'), good);
      writeFileSync(join(dir, 'syntax.tokenwise.json'), '{\n  "team": "Platform",\n  "allowances": [\n');
      writeFileSync(
        join(dir, 'negative.tokenwise.json'),
        '{\n  "allowances": [\n    { "id": "d", "amount": { "usd": -5 }, "period": "day" }\n  ]\n}\n',
      );
    });

    it('accepts a valid config', () => {
      const { code, stdout } = cli(dir, 'validate-config', 'good.tokenwise.json');
      assert.equal(code, 0);
      assert.match(stdout, /valid \(team Platform\), 1 allowance/);
    });

    it('prints syntax and schema errors with line:column and exits 1', () => {
      const syntax = cli(dir, 'validate-config', 'syntax.tokenwise.json');
      assert.equal(syntax.code, 1);
      assert.match(syntax.stderr, /syntax\.tokenwise\.json:\d+:\d+: error: /);
      const negative = cli(dir, 'validate-config', 'negative.tokenwise.json');
      assert.equal(negative.code, 1);
      assert.match(negative.stderr, /negative\.tokenwise\.json:3:\d+: error: .*/);
    });

    it('fetches a config from a URL on 127.0.0.1', async () => {
      const server = createServer((request, response) => {
        if (request.url === '/team.json') response.writeHead(200, { 'content-type': 'application/json' }).end(good);
        else response.writeHead(404).end('not found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const ok = await cliAsync(dir, 'validate-config', `http://127.0.0.1:${port}/team.json`);
        assert.equal(ok.code, 0, ok.stderr);
        const missing = await cliAsync(dir, 'validate-config', `http://127.0.0.1:${port}/missing.json`);
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /404/);
      } finally {
        server.close();
      }
    });

    it('shows each allowance with its use, period and forecast', () => {
      const { code, stdout } = cli(dir, 'status', '--config', 'good.tokenwise.json', '--ledger', 'ledger', '--no-agent-logs', '--json');
      assert.equal(code, 0);
      const [daily] = JSON.parse(stdout).allowances;
      assert.equal(daily.id, 'daily');
      assert.equal(daily.amount, 20);
      assert.equal(daily.unit, 'usd');
      assert.match(daily.period.start, /T00:00:00\.000Z$/);
    });

    it("holds spend priced with the team's negotiated prices against its allowances", () => {
      // 1,000,000 input tokens on gpt-5.1 earlier today (UTC): $1.25 at the catalog's rate, $1.00 at 20% off.
      const now = Date.now();
      const startOfDay = now - (now % 86_400_000);
      new Ledger(join(dir, 'ledger-today')).append([
        priceEvent({
          id: 'today-1',
          time: new Date(startOfDay + Math.floor((now - startOfDay) / 2)),
          source: 'manual',
          model: 'gpt-5.1',
          tokens: { input: 1_000_000 },
          costBasis: 'estimated',
        }),
      ]);
      const allowance = { id: 'daily', amount: { usd: 20 }, period: 'day', timeZone: 'UTC' };
      writeFileSync(join(dir, 'list.tokenwise.json'), JSON.stringify({ allowances: [allowance] }));
      writeFileSync(
        join(dir, 'discount.tokenwise.json'),
        JSON.stringify({ allowances: [allowance], prices: [{ model: 'gpt-5.1', discountPercent: 20 }] }),
      );
      const used = (config: string) =>
        JSON.parse(cli(dir, 'status', '--config', config, '--ledger', 'ledger-today', '--no-agent-logs', '--json').stdout).allowances[0]
          .used;
      assert.equal(used('list.tokenwise.json'), 1.25);
      assert.equal(used('discount.tokenwise.json'), 1);
    });
  });

  const failures: [string, string[], RegExp][] = [
    ['validate-config without a file', ['validate-config'], /validate-config takes one file or URL/],
    ['a bad --by', ['report', '--by', 'colour'], /--by must be one of day, week/],
    ['a bad date', ['report', '--since', 'yesterday'], /--since: "yesterday" is not a date: use YYYY-MM-DD/],
    ['an impossible date', ['report', '--until', '2026-02-30'], /--until: 2026-02-30 is not a date in the calendar/],
    ['dates the wrong way round', ['report', '--since', '2026-11-20', '--until', '2026-11-01'], /--until \(2026-11-01\) is before --since/],
    ['a bad range', ['report', '--range', 'fortnight'], /--range must be one of today, this-week, this-month, last-month/],
    ['a range and dates', ['report', '--range', 'all', '--since', '2026-11-01'], /Give --range, or --since and --until, not both/],
    ['a missing ledger folder', ['report', '--ledger', 'nowhere'], /No ledger folder at nowhere/],
    ['a missing file', ['count', 'missing.md'], /Cannot read .*missing\.md: no such file/],
    ['a binary file', ['count', 'image.png'], /image\.png is a binary file/],
    ['a folder', ['count', 'notes'], /notes is a folder/],
    ['an unknown model', ['count', 'ask.prompt.md', '--model', 'gpt-99'], /Unknown model "gpt-99"/],
    ['an unknown command', ['price', 'ask.prompt.md'], /Unknown command "price"/],
    ['an unknown option', ['count', 'ask.prompt.md', '--fast'], /Unknown option '--fast'/],
    ['a bad number', ['compare', 'ask.prompt.md', '--output-tokens', 'lots'], /--output-tokens must be a whole number/],
    ['no files', ['compare'], /compare needs at least one file/],
    ['no command', [], /Usage: tokenwise/],
    [
      'a model it can suggest',
      ['count', 'ask.prompt.md', '--model', 'sonnet'],
      /^tokenwise: Unknown model "sonnet"\. Did you mean claude-sonnet-/,
    ],
    [
      'a mistyped command',
      ['cont', 'ask.prompt.md'],
      /^tokenwise: Unknown command "cont"\. Did you mean count\?.* See: tokenwise --help\n$/,
    ],
    [
      'a bad option, in one line with where the help is',
      ['report', '--colour'],
      /^tokenwise: Unknown option '--colour'\. See: tokenwise report --help\n$/,
    ],
  ];
  it('prints its version', () => {
    const { code, stdout } = cli(dir, '--version');
    assert.equal(code, 0);
    assert.equal(stdout, `tokenwise ${JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version}\n`);
  });

  for (const [what, args, message] of failures) {
    it(`exits 2 with a clear message on ${what}`, () => {
      const { code, stdout, stderr } = cli(dir, ...args);
      assert.equal(code, 2);
      assert.match(stderr, message);
      assert.equal(stdout, '');
    });
  }
});
