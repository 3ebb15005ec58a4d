import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatConfigProblem, parseTeamConfig, type ConfigProblem } from '../../src/core';
import { teamConfigSchema } from '../../src/core/config';

/** The repository root, found upward from the compiled test. */
function repoRoot(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json')) || !existsSync(join(folder, 'src'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('repository root not found');
    folder = parent;
  }
  return folder;
}

/** The one error of a text, or a failure listing what there was. */
function onlyError(text: string): ConfigProblem {
  const parsed = parseTeamConfig(text, 'team.json');
  assert.equal(parsed.config, undefined, 'a config with an error is rejected');
  const errors = parsed.problems.filter((problem) => problem.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors.map((problem) => problem.message)));
  return errors[0];
}

const FULL = `{
  "$schema": "./node_modules/tokenwise/schemas/tokenwise.schema.json",
  "team": "Payments",
  "allowances": [
    {
      "id": "team-monthly",
      "name": "Monthly budget",
      "amount": { "usd": 2000 },
      "period": "month",
      "monthStartsOn": 15,
      "timeZone": "Europe/Berlin",
      "thresholds": [100, 75, 90],
      "hard": true
    },
    {
      "id": "claude-weekly",
      "amount": { "tokens": 50000000 },
      "period": "week",
      "weekStartsOn": "sunday",
      "filter": { "models": ["fast"], "providers": ["anthropic"], "sources": ["claude-code"] }
    },
    { "id": "daily", "amount": { "usd": 25 }, "period": "day" }
  ],
  "prices": [
    { "provider": "anthropic", "discountPercent": 10 },
    { "model": "claude-sonnet-4-5", "rates": { "input": 2.5, "output": 12 } },
    { "model": "gpt-5.1", "rates": { "input": 1 }, "discountPercent": 20 }
  ],
  "modelAliases": { "fast": "claude-haiku-4-5", "smart": "claude-sonnet-4-5" },
  "defaultModel": "smart",
  "favoriteModels": ["gpt-5.1", "fast", "gemini-2.5-pro"],
  "expectedOutputTokens": 800,
  "expectedOutputTokensByModel": { "o3": 4000, "smart": 1200 },
  "tokenizerFactors": {
    "claude": { "factor": 1.22, "low": 1.18, "high": 1.27, "label": "Claude (measured on our repo)" }
  }
}
`;

describe('team config: parsing', () => {
  it('accepts a full config, filling in allowance defaults', () => {
    const parsed = parseTeamConfig(FULL, '.tokenwise.json');
    assert.deepEqual(parsed.problems, []);
    const config = parsed.config;
    assert.ok(config);
    assert.equal(config.team, 'Payments');
    assert.equal(config.allowances?.length, 3);
    const [monthly, weekly, daily] = config.allowances ?? [];
    assert.deepEqual(monthly.thresholds, [75, 90, 100], 'thresholds sorted');
    assert.equal(monthly.hard, true);
    assert.equal(monthly.monthStartsOn, 15);
    assert.equal(monthly.origin, 'team');
    assert.deepEqual(weekly.amount, { tokens: 50_000_000 });
    assert.equal(weekly.weekStartsOn, 'sunday');
    assert.deepEqual(weekly.filter?.models, ['fast']);
    assert.deepEqual(daily.thresholds, [50, 80, 100], 'default thresholds');
    assert.equal(daily.hard, false);
    assert.equal(daily.weekStartsOn, 'monday');
    assert.equal(daily.monthStartsOn, 1);
    assert.equal(config.prices?.length, 3);
    assert.deepEqual(config.modelAliases, { fast: 'claude-haiku-4-5', smart: 'claude-sonnet-4-5' });
    assert.equal(config.defaultModel, 'smart');
    assert.equal(config.expectedOutputTokens, 800);
    assert.equal(config.tokenizerFactors?.claude.factor, 1.22);
  });

  it('accepts an empty object and a BOM', () => {
    assert.deepEqual(parseTeamConfig('{}').config, {});
    assert.deepEqual(parseTeamConfig('\uFEFF{ "team": "x" }').config, { team: 'x' });
  });

  it('reports JSON syntax errors at their line and column', () => {
    const missingComma = onlyError('{\n  "team": "x"\n  "defaultModel": "o3"\n}');
    assert.match(missingComma.message, /Invalid JSON: "," was expected/);
    assert.deepEqual([missingComma.line, missingComma.column], [3, 3]);

    const trailing = onlyError('{\n  "team": "x",\n}\n');
    assert.match(trailing.message, /trailing comma/);
    assert.deepEqual([trailing.line, trailing.column], [2, 14]);

    const comment = onlyError('{\n  // who\n  "team": "x"\n}');
    assert.match(comment.message, /comments are not allowed/);
    assert.equal(comment.line, 2);

    const unterminated = parseTeamConfig('{ "team": "x');
    assert.equal(unterminated.config, undefined);
    assert.match(unterminated.problems[0].message, /unterminated string/);

    assert.match(onlyError('').message, /empty/);
    assert.match(onlyError('<html>404</html>').message, /HTML or XML, not JSON/);
    assert.match(parseTeamConfig('team: x').problems[0].message, /Invalid JSON: unexpected character/);
  });

  it('reports schema violations at the offending value', () => {
    const text = '{\n  "allowances": [\n    { "id": "a", "amount": { "usd": -5 }, "period": "day" }\n  ]\n}';
    const error = onlyError(text);
    assert.equal(error.message, 'allowances[0].amount.usd must be more than 0 (is -5).');
    assert.deepEqual([error.line, error.column, error.endLine, error.endColumn], [3, 37, 3, 39]);
    assert.deepEqual(error.path, ['allowances', 0, 'amount', 'usd']);
    assert.equal(formatConfigProblem(error, 'team.json'), 'team.json:3:37: error: allowances[0].amount.usd must be more than 0 (is -5).');
  });

  it('rejects absurd amounts and out-of-range numbers', () => {
    const allowance = (amount: string, extra = '') => `{ "allowances": [{ "id": "a", "amount": ${amount}, "period": "month"${extra} }] }`;
    assert.match(onlyError(allowance('{ "usd": 5000000 }')).message, /amount\.usd must be at most 1,000,000 \(is 5000000\)/);
    assert.match(onlyError(allowance('{ "usd": 0 }')).message, /must be more than 0/);
    assert.match(onlyError(allowance('{ "usd": 0.001 }')).message, /less than a cent/);
    assert.match(onlyError(allowance('{ "tokens": 1.5 }')).message, /must be a whole number/);
    assert.match(onlyError(allowance('{ "usd": 5, "tokens": 5 }')).message, /either \{ "usd": … \} or \{ "tokens": … \}/);
    assert.match(onlyError(allowance('{}')).message, /either/);
    assert.match(onlyError(allowance('{ "usd": 10 }', ', "thresholds": [50, 5000]')).message, /thresholds\[1\] must be at most 1000/);
    assert.match(onlyError(allowance('{ "usd": 10 }', ', "monthStartsOn": 31')).message, /monthStartsOn must be at most 28/);
    assert.match(onlyError('{ "expectedOutputTokens": -1 }').message, /expectedOutputTokens must be at least 0 \(is -1\)/);
    assert.match(onlyError('{ "expectedOutputTokens": 5000000 }').message, /at most 2,000,000/);
    assert.match(
      onlyError('{ "prices": [{ "model": "o3", "rates": { "input": -2 } }] }').message,
      /prices\[0\]\.rates\.input must be at least 0/,
    );
    assert.match(
      onlyError('{ "prices": [{ "provider": "openai", "discountPercent": 150 }] }').message,
      /discountPercent must be at most 100/,
    );
    assert.match(
      onlyError('{ "tokenizerFactors": { "gemini": { "factor": 9, "low": 1, "high": 2 } } }').message,
      /factor must be at most 5/,
    );
    assert.match(
      onlyError('{ "tokenizerFactors": { "gemini": { "factor": 1.5, "low": 1, "high": 1.2 } } }').message,
      /low ≤ factor ≤ high/,
    );
  });

  it('names wrong types, unknown values, missing and unknown properties', () => {
    assert.equal(onlyError('{ "team": 5 }').message, 'team must be a string, not the number 5.');
    assert.equal(onlyError('[]').message, 'The config must be an object, not an array.');
    const period = onlyError('{ "allowances": [{ "id": "a", "amount": { "usd": 1 }, "period": "year" }] }');
    assert.equal(period.message, 'allowances[0].period must be one of "day", "week", "month" (is "year").');
    const missing = onlyError('{ "allowances": [{ "id": "a", "amount": { "usd": 1 } }] }');
    assert.equal(missing.message, 'allowances[0] is missing the required property "period".');
    const unknown = onlyError('{\n  "defaultModle": "o3"\n}');
    assert.equal(unknown.message, 'Unknown property "defaultModle". Did you mean "defaultModel"?');
    assert.deepEqual([unknown.line, unknown.column], [2, 3]);
    const zone = onlyError('{ "allowances": [{ "id": "a", "amount": { "usd": 1 }, "period": "day", "timeZone": "Mars/Olympus" }] }');
    assert.match(zone.message, /unknown time zone "Mars\/Olympus"/);
    const price = onlyError('{ "prices": [{ "model": "o3", "provider": "openai", "discountPercent": 5 }] }');
    assert.match(price.message, /exactly one of "model" or "provider"/);
    assert.match(onlyError('{ "prices": [{ "model": "o3" }] }').message, /gives "rates" or "discountPercent"/);
  });

  it('reports every error at once', () => {
    const parsed = parseTeamConfig('{ "team": 1, "defaultModel": 2, "expectedOutputTokens": "many" }');
    assert.equal(parsed.config, undefined);
    assert.deepEqual(
      parsed.problems.map((problem) => problem.path.join('.')),
      ['team', 'defaultModel', 'expectedOutputTokens'],
    );
  });

  it('rejects duplicate allowance ids at the second one', () => {
    const text =
      '{ "allowances": [\n  { "id": "a", "amount": { "usd": 1 }, "period": "day" },\n  { "id": "a", "amount": { "usd": 2 }, "period": "week" }\n] }';
    const error = onlyError(text);
    assert.match(error.message, /Duplicate allowance id "a"/);
    assert.deepEqual([error.line, error.column], [3, 11]);
  });

  it('warns about unknown models and providers but keeps the config', () => {
    const parsed = parseTeamConfig(`{
  "defaultModel": "gpt-9-ultra",
  "favoriteModels": ["o3", "fast"],
  "modelAliases": { "fast": "claude-haiku-4-5", "inhouse": "acme-llm" },
  "prices": [{ "provider": "acme", "discountPercent": 5 }]
}`);
    assert.ok(parsed.config, 'warnings keep the config');
    const warnings = parsed.problems.map((problem) => [problem.severity, problem.line, problem.message]);
    assert.deepEqual(
      warnings.map(([severity]) => severity),
      ['warning', 'warning', 'warning'],
    );
    assert.match(String(warnings[0][2]), /Unknown model "gpt-9-ultra"/);
    assert.equal(warnings[0][1], 2);
    assert.match(String(warnings[1][2]), /Alias "inhouse" points to unknown model "acme-llm"/);
    assert.match(String(warnings[2][2]), /Unknown provider "acme"/);
  });

  it('warns about a rate that looks per token rather than per million', () => {
    const parsed = parseTeamConfig('{ "prices": [{ "model": "gpt-4o", "rates": { "input": 0.0025 } }] }');
    assert.ok(parsed.config);
    assert.match(parsed.problems[0].message, /1\/1000 of the catalog's 2\.5/);
  });

  it('keeps schemas/tokenwise.schema.json equal to the schema it validates with', () => {
    const written = JSON.parse(readFileSync(join(repoRoot(), 'schemas', 'tokenwise.schema.json'), 'utf8')) as unknown;
    assert.deepEqual(written, JSON.parse(JSON.stringify(teamConfigSchema)));
  });

  it('describes every property in the schema, for hovers', () => {
    const undescribed: string[] = [];
    const walk = (schema: unknown, path: string) => {
      if (typeof schema !== 'object' || schema === null) return;
      const node = schema as { properties?: Record<string, unknown>; items?: unknown; additionalProperties?: unknown };
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        if (typeof (child as { description?: unknown }).description !== 'string') undescribed.push(`${path}.${name}`);
        walk(child, `${path}.${name}`);
      }
      walk(node.items, `${path}[]`);
      walk(node.additionalProperties, `${path}{}`);
    };
    walk(teamConfigSchema, '');
    assert.deepEqual(undescribed, []);
  });
});
