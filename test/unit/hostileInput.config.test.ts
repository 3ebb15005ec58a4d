// A team config or a setting from a repository: bounded, checked before it is parsed, and escaped where it is shown.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { boundedSetting, escapeMarkdown, parseTeamConfig, plainNotification, SETTING_BOUNDS } from '../../src/core';
import { resolveTimeZone, type BoundedSetting } from '../../src/core/input';
import { estimateForModel } from '../../src/core';
import { presentPromptCost } from '../../src/statusBar/presentPromptCost';
import { testCatalog } from '../support/builders';
import { projectRoot } from '../support/paths';

describe('team config structure', function () {
  this.timeout(20_000);
  const errors = (text: string) => parseTeamConfig(text).problems.filter((problem) => problem.severity === 'error');

  for (const [name, text] of [
    ['arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['a deep value inside a valid config', `{\n  "team": "x",\n  "favoriteModels": ${'['.repeat(50_000)}${']'.repeat(50_000)}\n}`],
  ] as const) {
    it(`reports nesting of 50,000+ levels (${name}) once, at its position, without overflowing the stack`, () => {
      const found = errors(text);
      assert.equal(found.length, 1, JSON.stringify(found.slice(0, 3)));
      assert.match(found[0].message, /Nested too deeply: at most 32 levels/);
      assert.ok(found[0].line >= 1 && found[0].column >= 1);
      if (name.startsWith('a deep')) assert.equal(found[0].line, 3);
    });
  }

  it('bounds the members of an object or array, and locates problems in linear time', () => {
    for (const count of [5001, 24_000]) {
      const keys = Object.fromEntries(Array.from({ length: count }, (_, i) => [`unknown${i}`, 1]));
      const found = errors(JSON.stringify(keys));
      assert.equal(found.length, 1);
      assert.match(found[0].message, /Too many properties: an object may have at most 5000/);
    }
    const items = `{"favoriteModels": [${Array.from({ length: 6000 }, () => '"gpt-5.1"').join(',')}]}`;
    assert.match(errors(items)[0].message, /Too many items: an array may have at most 5000/);
    // Within the bound every problem is still reported, each at its own key.
    const many = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`unknown${i}`, 1]));
    const found = errors(JSON.stringify(many));
    assert.equal(found.length, 3000);
    assert.equal(new Set(found.map((problem) => problem.offset)).size, 3000);
  });

  it('refuses __proto__, constructor and prototype keys and duplicate keys, at the key', () => {
    const cases = [
      ['{"__proto__": {"team": "evil"}}', /"__proto__" is not allowed/],
      [
        '{"team": "a", "allowances": [{"__proto__": {"hard": true}, "id": "d", "amount": {"usd": 1}, "period": "day"}]}',
        /"__proto__" is not allowed/,
      ],
      ['{"modelAliases": {"constructor": "gpt-5.1"}}', /"constructor" is not allowed/],
      ['{"prices": [{"model": "gpt-5.1", "prototype": 1}]}', /"prototype" is not allowed/],
      ['{"\\u005f_proto__": {"team": "evil"}}', /"__proto__" is not allowed/],
      ['{"team": "a", "team": "b"}', /Duplicate property "team"/],
      ['{"allowances": [{"id": "d", "id": "e", "amount": {"usd": 1}, "period": "day"}]}', /Duplicate property "id"/],
    ] as const;
    for (const [text, message] of cases) {
      const parsed = parseTeamConfig(text);
      assert.equal(parsed.config, undefined, text);
      const problem = parsed.problems.find((each) => message.test(each.message));
      assert.ok(problem, `${text}: ${JSON.stringify(parsed.problems)}`);
      assert.ok(text.slice(problem.offset).startsWith('"'), `${text} at ${problem.offset}`);
    }
    assert.equal(({} as Record<string, unknown>).team, undefined, 'Object.prototype untouched');
  });

  it('still accepts a config of the allowed size', () => {
    const byModel = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`model-${i}`, 100]));
    const parsed = parseTeamConfig(JSON.stringify({ team: 'Big', expectedOutputTokensByModel: byModel }));
    assert.equal(parsed.config?.team, 'Big');
  });
});

describe('settings bounds', () => {
  const properties = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, { minimum?: number; maximum?: number; default?: unknown; type?: string }> };
    };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };

  it('package.json declares the bounds the code enforces, and every numeric setting has both', () => {
    const declared = properties.contributes.configuration.properties;
    for (const [key, bound] of Object.entries(SETTING_BOUNDS)) {
      const setting = declared[`tokenwise.${key}`];
      assert.equal(setting.maximum, bound.maximum, key);
      assert.equal(setting.default, bound.default, key);
      assert.equal(setting.minimum, 'off' in bound ? bound.off : bound.minimum, key);
    }
    for (const [key, setting] of Object.entries(declared)) {
      if (setting.type !== 'number') continue;
      assert.ok(setting.minimum !== undefined && setting.maximum !== undefined, `${key} has a minimum and a maximum`);
      assert.ok(key.slice('tokenwise.'.length) in SETTING_BOUNDS, `${key} is enforced in code`);
    }
  });

  it('settings that redirect data, poll a server or change an allowance are restricted in untrusted workspaces', () => {
    const restricted = properties.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of [
      'usageSources',
      'teamConfig',
      'teamConfigRefreshMinutes',
      'allowance',
      'spend.timeZone',
      'statusBar.enabled',
      'counting.maxDocumentSizeKB',
    ]) {
      assert.ok(restricted.includes(`tokenwise.${key}`), key);
    }
  });

  it('applies a value within the bounds and the default (with a warning) otherwise', () => {
    const refresh: BoundedSetting = 'teamConfigRefreshMinutes';
    for (const bad of [0.0001, 1, 4.9, 1e9, 10_081, -3, Number.NaN, Number.POSITIVE_INFINITY, '60', true]) {
      const checked = boundedSetting(refresh, bad);
      assert.equal(checked.value, 60, String(bad));
      assert.match(checked.warning ?? '', /outside 5 to 10080, or 0 for off/);
    }
    for (const good of [0, 5, 60, 10_080]) assert.deepEqual(boundedSetting(refresh, good), { value: good });
    assert.equal(boundedSetting('counting.maxDocumentSizeKB', 1e12).value, 5120);
    assert.equal(boundedSetting('counting.timeoutMs', 0).value, 10_000);
    assert.deepEqual(boundedSetting('counting.debounceMs', undefined), { value: 250 });
  });

  it('falls back to the system time zone, with a warning, for a name that is not one', () => {
    for (const bad of ['Not/AZone', 'Europe/Berlinn', '+25:00', 'x'.repeat(500)]) {
      const resolved = resolveTimeZone(bad);
      assert.ok(resolved.warning?.includes('is not an IANA time zone'), bad);
      assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: resolved.timeZone }));
    }
    assert.deepEqual(resolveTimeZone('Asia/Kathmandu'), { timeZone: 'Asia/Kathmandu' });
    assert.equal(resolveTimeZone('').warning, undefined);
  });
});

describe('notifications hold no link a name could add', () => {
  // Notifications turn `[text](target)` into a link, `command:` targets included (VS Code's parseLinkedText).
  const link = /\[[^\]]+\]\((https?:|command:|file:)/;
  for (const name of ['[click](command:workbench.action.terminal.new)', '[docs](https://evil.example)', 'a](file:///etc/passwd)']) {
    it(`a team or model named ${name}`, () => {
      const message = `Tokenwise: [x${name} (daily) is at 105%.`;
      assert.match(message, link, 'the test message holds a link');
      assert.doesNotMatch(plainNotification(message), link);
      assert.equal(
        plainNotification('Tokenwise: Claude Code is read from /logs (found).'),
        'Tokenwise: Claude Code is read from /logs (found).',
      );
    });
  }
});

describe('tooltips escape what did not come from the extension', () => {
  const hostile = [
    '![pixel](https://evil.example/p.png)',
    '[click](command:workbench.action.terminal.new)',
    '<img src=x onerror=alert(1)>',
    '`code` **bold** | cell |\n# heading',
    '$(alert) icon',
  ];

  it('escapes links, images, HTML, code, tables and theme icons', () => {
    for (const text of hostile) {
      const escaped = escapeMarkdown(text);
      assert.doesNotMatch(escaped, /(^|[^\\])!\[|(^|[^\\])\]\(|(^|[^\\])<img|(^|[^\\])\$\(|\n/, escaped);
    }
    assert.equal(escapeMarkdown('a.prompt.md (v2) - $1.00'), 'a.prompt.md (v2) - $1.00');
  });

  it('a model, file name, price note or error message from a repository cannot add a link, an image or an icon', () => {
    for (const text of hostile) {
      // A model the catalog does not know, as a workspace's tokenwise.model can name it.
      const catalog = testCatalog([{ provider: 'openai', id: 'gpt-5.1', name: 'GPT-5.1', rates: { input: 1.25, output: 10 } }]);
      const estimate = estimateForModel(
        text,
        catalog.find(text),
        { prompt: { o200k_base: 10 }, context: { o200k_base: 0 } },
        { expectedOutput: { defaultTokens: 5 } },
      );
      const views = [
        presentPromptCost({
          promptName: text,
          outcome: { kind: 'counted', scope: 'document', tokens: 10, encoding: 'o200k_base' },
          estimate,
          modelSetting: text,
          contextFiles: 0,
          priceSource: text,
          modelOrigin: text,
        }),
        presentPromptCost({
          promptName: text,
          outcome: { kind: 'failed', scope: 'selection', message: text },
          estimate: undefined,
          modelSetting: text,
          contextFiles: 0,
          priceSource: text,
        }),
      ];
      for (const { tooltip, text: label } of views) {
        assert.doesNotMatch(tooltip, /(^|[^\\])!\[|(^|[^\\])\]\(command:workbench|(^|[^\\])<img|(^|[^\\])\$\(alert/, tooltip);
        assert.doesNotMatch(label, /\$\(alert\)/, label);
      }
    }
  });
});
