import * as assert from 'node:assert/strict';
import { allowancesLeft, configuredCatalog, estimateForModel, mergeConfig, type CountOutcome } from '../../src/core';
import { allowanceUsage } from '../../src/core/allowances';
import { presentPromptCost } from '../../src/statusBar/presentPromptCost';
import { testCatalog } from '../support/builders';

const catalog = testCatalog([
  {
    provider: 'openai',
    id: 'gpt-5.1',
    name: 'GPT-5.1',
    rates: { input: 1.25, output: 10, cacheRead: 0.125 },
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
  },
  { provider: 'anthropic', id: 'claude-sonnet-4-5', name: 'Claude Sonnet 4.5', rates: { input: 3, output: 15 }, contextWindow: 200_000 },
]);
const counted = (tokens: number, scope: 'document' | 'selection' = 'document'): CountOutcome => ({
  kind: 'counted',
  scope,
  tokens,
  encoding: 'o200k_base',
});

function view(model: string, prompt: number, context = 0, scope: 'document' | 'selection' = 'document', output = 500) {
  const counts = { prompt: { o200k_base: prompt }, context: { o200k_base: context } };
  const estimate = estimateForModel(model, catalog.find(model), counts, { expectedOutput: { defaultTokens: output } });
  return presentPromptCost({
    promptName: 'a.prompt.md',
    outcome: counted(prompt, scope),
    estimate,
    modelSetting: model,
    contextFiles: context ? 2 : 0,
    priceSource: 'test 0, 2026-01-01',
  });
}

describe('presentPromptCost', () => {
  it('shows tokens, cost and model for an exact count', () => {
    // 1,234 + 766 = 2,000 input tokens × $1.25/M = $0.0025; 500 × $10/M = $0.005; total $0.0075
    const shown = view('gpt-5.1', 1234, 766);
    assert.equal(shown.text, '$(symbol-number) 2,000 tok +2 files · $0.0075 · gpt-5.1');
    assert.match(shown.ariaLabel, /2,000 tokens with 2 context files, \$0\.0075 on gpt-5\.1/);
    assert.match(shown.tooltip, /Context \(2 files\) \| 766 \|/);
    assert.match(shown.tooltip, /\| Input, measured \| 2,000 \| \$0\.0025 \|/);
    assert.match(shown.tooltip, /\| Output, assumed \| 500 \| \$0\.0050 \|/);
    assert.match(shown.tooltip, /Context cached \(follow-up turn\)/);
    assert.match(shown.tooltip, /exact \(o200k_base\)/);
    assert.match(shown.tooltip, /command:tokenwise\.compareModels/);
    assert.equal(shown.severity, 'normal');
  });

  it('marks estimates with ≈ and gives their range', () => {
    const shown = view('claude-sonnet-4-5', 1000);
    assert.match(shown.text, /^\$\(symbol-number\) ≈1,200 tok · ≈\$0\.011 · claude-sonnet-4-5$/); // 1,200 × 3/M + 500 × 15/M = $0.0111
    assert.match(shown.tooltip, /estimate for Claude/);
    assert.match(shown.tooltip, /total \$0\.011–\$0\.011/);
  });

  it('gives the whole breakdown as plain lines for the details dialog', () => {
    const lines = view('gpt-5.1', 1234, 766).details!.split('\n');
    assert.equal(lines[0], 'a.prompt.md on GPT-5.1 (OpenAI):');
    assert.deepEqual(lines.slice(1, 6), [
      'Prompt: 1,234 tokens',
      'Context (2 files): 766 tokens',
      'Input, measured: 2,000 tokens, $0.0025',
      'Output, assumed: 500 tokens, $0.0050',
      'Total: $0.0075',
    ]);
    assert.ok(lines.some((line) => /^Fits the 400K context window/.test(line)));
    assert.ok(
      lines.every((line) => !line.includes('|') && !line.includes('**')),
      'no Markdown',
    );
  });

  it('says why context files were left out', () => {
    const counts = { prompt: { o200k_base: 16 }, context: { o200k_base: 0 } };
    const estimate = estimateForModel('gpt-5.1', catalog.find('gpt-5.1'), counts, { expectedOutput: { defaultTokens: 500 } });
    const base = { promptName: 'export.csv', estimate, modelSetting: 'gpt-5.1', contextFiles: 0, priceSource: 'test' } as const;
    const selection = presentPromptCost({ ...base, outcome: counted(16, 'selection'), contextLeftOut: 'selection' });
    assert.equal(selection.text, '$(symbol-number) 16 tok selected · $0.0050 · gpt-5.1');
    assert.match(selection.tooltip, /A selection is priced alone: its context files are not added\./);
    assert.doesNotMatch(selection.tooltip, /Context \(/);
    const other = presentPromptCost({ ...base, outcome: counted(16), contextLeftOut: 'not-a-prompt' });
    assert.match(other.tooltip, /not a prompt file, so it is priced alone; `tokenwise\.context\.promptFiles`/);
  });

  it('says "selected" for a selection', () => {
    assert.match(view('gpt-5.1', 10, 0, 'selection').text, / tok selected · /);
  });

  it('warns when the prompt does not fit the model', () => {
    const shown = view('gpt-5.1', 1000, 0, 'document', 200_000);
    assert.equal(shown.severity, 'warning');
    assert.match(shown.tooltip, /\$\(warning\) .*exceeds the 128,000-token output limit/);
  });

  it('says "no price" for a model the catalog does not know', () => {
    const shown = view('my-finetune', 1000);
    assert.match(shown.text, / · no price · my-finetune$/);
    assert.match(shown.tooltip, /not in the price catalog/);
  });

  it('says who chose the model, which price applies and what the prompt would leave of each allowance', () => {
    const team = configuredCatalog(
      catalog,
      mergeConfig([
        {
          source: 'team',
          origin: '/repo/.tokenwise.json',
          values: { team: 'Payments', prices: [{ provider: 'openai', discountPercent: 50 }] },
        },
      ]).config,
    );
    const counts = { prompt: { o200k_base: 1500 }, context: { o200k_base: 500 } };
    const estimate = estimateForModel('gpt-5.1', team.find('gpt-5.1'), counts, { expectedOutput: { defaultTokens: 500 } });
    const usage = allowanceUsage(
      { id: 'daily', name: 'Daily cap', amount: { usd: 1 }, period: 'day', timeZone: 'UTC', origin: 'personal' },
      [],
      '2026-11-24T12:00:00Z',
    );
    const shown = presentPromptCost({
      promptName: 'a.prompt.md',
      outcome: counted(1500),
      estimate,
      modelSetting: 'gpt-5.1',
      contextFiles: 1,
      priceSource: 'test 0, 2026-01-01',
      modelOrigin: "the Payments team's config (/repo/.tokenwise.json)",
      allowancesLeft: allowancesLeft([usage], estimate),
    });
    // Half of the catalog's rates: 2,000 × $0.625/M + 500 × $5/M = $0.00375
    assert.match(shown.text, / · \$0\.003[78] · gpt-5\.1$/); // the full price would be $0.0075
    assert.match(shown.tooltip, /GPT-5\.1\*\* \(OpenAI\), the model set by the Payments team's config \(\/repo\/\.tokenwise\.json\)/);
    assert.match(shown.tooltip, /\*\*After this prompt\*\*\n\n- Daily cap \(.*\): \$1\.00 left of \$1\.00/);
    assert.match(shown.tooltip, /Negotiated price set by the Payments team: 50% off the catalog for every OpenAI model\./);
  });

  it('explains outcomes that have no count', () => {
    const base = { promptName: 'big.js', estimate: undefined, modelSetting: 'gpt-5.1', contextFiles: 0, priceSource: '' };
    const tooLarge = presentPromptCost({
      ...base,
      outcome: { kind: 'tooLarge', scope: 'document', bytes: 6 * 1024 * 1024, maxBytes: 5 * 1024 * 1024 },
    });
    assert.equal(tooLarge.text, '$(symbol-number) Too large to count');
    assert.match(tooLarge.tooltip, /6\.0 MB.*5\.0 MB.*maxDocumentSizeKB/s);
    const timedOut = presentPromptCost({ ...base, outcome: { kind: 'timedOut', scope: 'document', timeoutMs: 10_000 } });
    assert.equal(timedOut.severity, 'warning');
    assert.match(timedOut.tooltip, /10 s/);
    const failed = presentPromptCost({ ...base, outcome: { kind: 'failed', scope: 'document', message: 'boom' } });
    assert.match(failed.tooltip, /boom/);
  });
});
