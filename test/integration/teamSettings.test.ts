import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bundledCatalog, PriceCatalog } from '../../src/core';
import { expectedStatusText } from '../support/expectedStatus';
import { api, openUntitled, resetEditorsAndContext, waitFor, waitForStatus, waitForText, withSetting, workspaceFile } from './helpers';

const PROMPT = 'Summarise the incident report and list three follow-up actions for the on-call team.';

const TEAM_CONFIG = {
  team: 'Platform',
  defaultModel: 'team-fast',
  modelAliases: { 'team-fast': 'claude-haiku-4-5', 'team-writer': 'claude-sonnet-4-5' },
  favoriteModels: ['team-writer'],
  expectedOutputTokens: 1000,
  prices: [{ model: 'gpt-5.1', discountPercent: 50 }],
  allowances: [{ id: 'team-daily', name: 'Team daily', amount: { usd: 5 }, period: 'day' }],
};

/** GPT-5.1 at half the bundled rates, written out by hand rather than through the extension's price overrides. */
function halfPriceCatalog(): PriceCatalog {
  const gpt = bundledCatalog().find('gpt-5.1')!;
  const half = Object.fromEntries(Object.entries(gpt.rates).map(([name, rate]) => [name, rate / 2]));
  const { source, snapshotDate, providers } = bundledCatalog();
  return new PriceCatalog({
    source,
    snapshotDate,
    providers,
    models: [
      {
        provider: gpt.provider,
        id: gpt.id,
        name: gpt.name,
        rates: half,
        contextWindow: gpt.contextWindow,
        maxOutputTokens: gpt.maxOutputTokens,
      },
    ],
  });
}

describe("a team config's default model, aliases, prices and expected output in the editor", function () {
  this.timeout(60_000);
  const file = workspaceFile('.tokenwise.json');
  const sync = () => vscode.commands.executeCommand('tokenwise.syncTeamConfig');

  before(async () => {
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(TEAM_CONFIG, null, 2)));
    await sync();
    const { allowances } = await api();
    await waitFor(
      () => allowances().team.team,
      (team) => team === 'Platform',
      'the team config applied',
    );
  });
  afterEach(resetEditorsAndContext);
  after(async () => {
    await vscode.workspace.fs.delete(file);
    await sync();
  });

  it("prices the prompt on the team's default model, named by its alias, with the team's expected output", async () => {
    await openUntitled(PROMPT);
    const shown = await waitForText(expectedStatusText({ prompt: PROMPT, model: 'claude-haiku-4-5', expectedOutputTokens: 1000 }));
    assert.match(shown.tooltip, /the model set by the Platform team's config \(.*\.tokenwise\.json\)/);
  });

  it("applies the negotiated price; the user's own model setting wins over the team's default", async () => {
    await openUntitled(PROMPT);
    await withSetting('model', 'gpt-5.1', async () => {
      const shown = await waitForText(
        expectedStatusText({ prompt: PROMPT, model: 'gpt-5.1', expectedOutputTokens: 1000, catalog: halfPriceCatalog() }),
      );
      assert.notEqual(
        shown.text,
        expectedStatusText({ prompt: PROMPT, model: 'gpt-5.1', expectedOutputTokens: 1000 }),
        'not the catalog price',
      );
      assert.match(shown.tooltip, /the model set by your settings/);
      assert.match(shown.tooltip, /Negotiated price set by the Platform team: 50% off the catalog for this model\./);
      const { comparison } = await api();
      const rows = comparison();
      assert.match(rows.find((row) => row.modelId === 'gpt-5.1')?.priceNote ?? '', /50% off/);
      assert.equal(rows.find((row) => row.modelId === 'claude-opus-4-1')?.priceNote, undefined);
    });
  });

  it("stars the team's favourite, given by its alias, and puts it in the suggested comparison", async () => {
    await openUntitled(PROMPT);
    await waitForText(expectedStatusText({ prompt: PROMPT, model: 'claude-haiku-4-5', expectedOutputTokens: 1000 }));
    const { comparison } = await api();
    const sonnet = comparison().find((row) => row.modelId === 'claude-sonnet-4-5');
    assert.equal(sonnet?.favourite, true);
    assert.equal(sonnet?.suggested, true);
    assert.deepEqual(
      comparison()
        .filter((row) => row.favourite)
        .map((row) => row.modelId),
      ['claude-sonnet-4-5'],
    );
    const haiku = comparison().find((row) => row.modelId === 'claude-haiku-4-5');
    assert.equal(haiku?.current, true, "the team's default model is the current one");
  });

  it('shows what the prompt would leave of the team allowance, in the tooltip and per model', async () => {
    await openUntitled(PROMPT);
    const shown = await waitForStatus((status) => /After this prompt/.test(status.tooltip), 'the allowance left after the prompt');
    assert.match(shown.tooltip, /- Team daily \(.*\): \$\d+\.\d\d (left of|over) \$5\.00/);
    const { comparison } = await api();
    const leaves = comparison().map((row) => row.leaves);
    assert.ok(
      leaves.length > 100 && leaves.every((text) => text !== undefined && /^(\$[\d,.]+( over)?|unknown)$/.test(text)),
      JSON.stringify(leaves.slice(0, 5)),
    );
  });
});
