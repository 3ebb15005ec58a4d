import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectedStatusText } from '../support/expectedStatus';
import { publishedCounts } from '../support/publishedReference';
import { api, openUntitled, resetEditorsAndContext, waitFor, waitForStatus } from './helpers';

const PROMPT = 'Review the attached module for race conditions — 競合状態を説明して, déjà vu, 12345 items.\n\n  Thanks!';

/** Selects a model for the test and puts the setting back after it. */
async function withModel(model: string, run: () => Promise<void>): Promise<void> {
  try {
    await vscode.commands.executeCommand('tokenwise.selectModel', model);
    await run();
  } finally {
    await vscode.workspace.getConfiguration('tokenwise').update('model', undefined, vscode.ConfigurationTarget.Global);
  }
}

describe('published vocabularies in the editor', () => {
  afterEach(resetEditorsAndContext);

  it('counts a DeepSeek V3 model exactly with its own vocabulary, as its tokenizer counts', async () => {
    const [deepseek] = await publishedCounts('deepseek_v3', [PROMPT]);
    await openUntitled(PROMPT);
    await withModel('deepseek-v3.2', async () => {
      const expected = expectedStatusText({ prompt: PROMPT, model: 'deepseek-v3.2', promptCounts: { deepseek_v3: deepseek } });
      const shown = await waitForStatus((s) => s.text === expected && /exact \(deepseek_v3\)/.test(s.tooltip), expected);
      assert.match(shown.text, new RegExp(`^\\$\\(symbol-number\\) ${deepseek} tok · \\$`));
    });
  });

  it("counts Gemini with Gemma 3's published vocabulary, as an estimate with a small range", async () => {
    const [gemma] = await publishedCounts('gemma3', [PROMPT]);
    await openUntitled(PROMPT);
    await withModel('gemini-2.5-pro', async () => {
      // Until the vocabulary is counted, the family's estimate stands in (and may round to the same count).
      const expected = expectedStatusText({ prompt: PROMPT, model: 'gemini-2.5-pro', promptCounts: { gemma3: gemma } });
      const shown = await waitForStatus((s) => s.text === expected && /Gemma 3's published vocabulary/.test(s.tooltip), expected);
      assert.match(shown.text, new RegExp(`^\\$\\(symbol-number\\) ≈${gemma} tok · ≈\\$`));
    });
  });

  it('counts the suggested models of an open comparison with their own vocabularies', async () => {
    const [gemma] = await publishedCounts('gemma3', [PROMPT]);
    await openUntitled(PROMPT);
    await vscode.commands.executeCommand('tokenwise.compareModels');
    const { comparison } = await api();
    const rows = await waitFor(
      () => comparison().filter((row) => row.suggested && row.modelId.startsWith('gemini')),
      (gemini) => gemini.length > 0 && gemini.every((row) => row.inputTokens === gemma),
      `the suggested Gemini rows at ${gemma} input tokens`,
    );
    assert.ok(rows.length > 0);
  });
});
