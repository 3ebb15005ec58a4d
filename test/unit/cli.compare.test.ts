import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_DEFAULT_ROWS } from '../../src/core/models';
import { referenceCount } from '../support/referenceCount';
import { cli } from '../support/cli';

interface Row {
  model: string;
  name: string;
  kind: string;
  fit: string;
  cheapest: boolean;
  current: boolean;
  favourite: boolean;
  tokens: { expected: number };
  inputUsd: number | null;
  outputUsd: number | null;
  totalUsd: { expected: number | null };
  priceNote: string | null;
}

describe('command line: compare', function () {
  this.timeout(60_000);
  let dir: string;
  const prompt = 'Review this function for off-by-one errors and suggest a fix.';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-cli-compare-'));
    writeFileSync(join(dir, 'ask.md'), prompt);
    // About 500K o200k tokens: more than many windows hold.
    writeFileSync(join(dir, 'huge.md'), 'alpha beta gamma delta '.repeat(125_000));
    writeFileSync(
      join(dir, 'team.json'),
      JSON.stringify({
        team: 'Platform',
        prices: [{ model: 'gpt-5.1', discountPercent: 40 }],
        modelAliases: { house: 'claude-haiku-4-5' },
        favoriteModels: ['house'],
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const compare = (...args: string[]): Row[] => {
    const { code, stdout, stderr } = cli(dir, 'compare', ...args, '--json');
    assert.equal(code, 0, stderr);
    return JSON.parse(stdout).models;
  };

  it('compares the suggested set by default: at most 20 models, all answering prompts; --all gives every one', () => {
    const rows = compare('ask.md');
    assert.ok(rows.length >= 10 && rows.length <= MAX_DEFAULT_ROWS, `${rows.length} rows`);
    for (const row of rows) assert.ok(['chat', 'reasoning', 'code', 'search'].includes(row.kind), `${row.model}: ${row.kind}`);
    assert.ok(
      rows.some((row) => row.model === 'gpt-5.1' && row.current),
      'the default model is in the set and marked',
    );
    const all = compare('ask.md', '--all');
    assert.ok(all.length > 100, `${all.length} rows with --all`);
    assert.ok(!all.some((row) => /embed|tts|whisper|moderation/.test(row.model)), 'no embedding, speech or moderation model');
  });

  it("applies the team's discount, aliases and favourites from --config", () => {
    const plain = compare('ask.md', '--models', 'gpt-5.1');
    const team = compare('ask.md', '--models', 'gpt-5.1', '--config', 'team.json');
    // OpenAI's pricing page: GPT-5.1 $1.25 input, $10 output per 1M tokens; the team pays 40% less.
    const tokens = referenceCount(prompt);
    assert.equal(team[0].tokens.expected, tokens);
    assert.ok(Math.abs(plain[0].inputUsd! - (tokens * 1.25) / 1e6) < 1e-12);
    assert.ok(Math.abs(team[0].inputUsd! - (tokens * 0.75) / 1e6) < 1e-12, `team input ${team[0].inputUsd}`);
    assert.ok(Math.abs(team[0].outputUsd! - (500 * 6) / 1e6) < 1e-12, `team output ${team[0].outputUsd}`);
    assert.match(team[0].priceNote ?? '', /40%/);
    const suggested = compare('ask.md', '--config', 'team.json');
    const haiku = suggested.find((row) => row.model === 'claude-haiku-4-5');
    assert.ok(haiku?.favourite, "the team's favourite, given by alias, is in the set and starred");
  });

  it('never marks a model of unknown or too small a window as cheapest; the cheapest fits and costs least of those that do', () => {
    for (const args of [['ask.md', '--all'], ['huge.md', '--all'], ['huge.md']]) {
      const rows = compare(...args);
      const cheapest = rows.filter((row) => row.cheapest);
      assert.equal(cheapest.length, 1, args.join(' '));
      assert.equal(cheapest[0].fit, 'fits');
      const fitting = rows.filter((row) => row.fit === 'fits' && row.totalUsd.expected !== null);
      const least = Math.min(...fitting.map((row) => row.totalUsd.expected!));
      assert.equal(cheapest[0].totalUsd.expected, least);
      assert.ok(
        rows.some((row) => row.fit === 'unknown' || row.fit === 'exceeds'),
        'the trap is there',
      );
    }
  });

  it('prints the verdict and two significant figures in the table', () => {
    const { code, stdout } = cli(dir, 'compare', 'ask.md', '--models', 'gpt-5.1,o3', '--reasoning-tokens', '1000');
    assert.equal(code, 0);
    assert.match(stdout, /^Cheapest that fits: .+ at \$0\.\d*[1-9]\d?\.$/m);
    assert.match(stdout, /\+ 1,000 reasoning on models that always reason/);
    const none = cli(dir, 'compare', 'huge.md', '--models', 'gpt-4');
    assert.match(none.stdout, /^No model compared is known to fit this prompt/m);
  });
});
