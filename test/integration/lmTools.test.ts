import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { referenceCount } from '../support/referenceCount';
import { api, withSetting, workspaceFile } from './helpers';

/** A tool invoked as a chat agent invokes it, through VS Code's own language-model tool API; its text result. */
async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

describe('language-model tools for chat agents', function () {
  this.timeout(60_000);
  let outside: string;
  before(async () => {
    await api();
    outside = mkdtempSync(join(tmpdir(), 'tokenwise-outside-'));
    writeFileSync(join(outside, 'secret.md'), 'not in the workspace\n');
  });
  after(() => rmSync(outside, { recursive: true, force: true }));

  it('are registered with VS Code under their names', () => {
    const names = vscode.lm.tools.map((tool) => tool.name);
    for (const name of ['tokenwise_promptCost', 'tokenwise_allowances', 'tokenwise_spend']) assert.ok(names.includes(name), name);
  });

  it('prices workspace files on the models asked for, and refuses a file outside the workspace', async () => {
    const file = workspaceFile('prompts', 'review.prompt.md');
    const tokens = referenceCount(readFileSync(file.fsPath, 'utf8'));
    const text = await invoke('tokenwise_promptCost', {
      files: ['prompts/review.prompt.md', join(outside, 'secret.md')],
      models: ['gpt-5.1', 'claude-sonnet-4-5'],
    });
    assert.match(text, /^Counted on this machine \(no text was sent anywhere\): 1 file\./);
    // OpenAI's pricing page: GPT-5.1 input $1.25 per million tokens.
    const input = `$${((tokens * 1.25) / 1e6).toPrecision(2)}`;
    assert.ok(text.includes(`- GPT-5.1 (gpt-5.1): ${tokens} input tokens (exact (o200k_base)); input ${input};`), text);
    assert.match(text, /- Claude Sonnet 4\.5 \(claude-sonnet-4-5\): ≈\d+ input tokens \(≈ estimate for /);
    assert.match(text, /Cheapest that fits: /);
    assert.ok(text.includes(`Not read: ${join(outside, 'secret.md')} (outside the workspace: not read).`), text);
  });

  it("counts a workspace folder's files, and refuses a folder outside the workspace", async () => {
    const text = await invoke('tokenwise_promptCost', { folder: 'context', models: ['gpt-5.1'] });
    assert.match(text, /^Counted on this machine \(no text was sent anywhere\): 2 files\./);
    const refused = await invoke('tokenwise_promptCost', { text: 'Hi', folder: outside });
    assert.ok(refused.includes(`Not read: ${outside} (outside the workspace: not read).`), refused);
  });

  it('does not wait on a named pipe in the workspace', async function () {
    if (process.platform === 'win32') this.skip();
    const pipe = workspaceFile('pipe-for-tools');
    execFileSync('mkfifo', [pipe.fsPath]);
    try {
      const text = await invoke('tokenwise_promptCost', { text: 'Hi', files: ['pipe-for-tools'] });
      assert.match(text, /Not read: pipe-for-tools \(not a file\)\./);
    } finally {
      rmSync(pipe.fsPath, { force: true });
    }
  });

  it('reports an oversized file instead of reading it', async () => {
    const big = workspaceFile('big-for-tools.md');
    writeFileSync(big.fsPath, 'x'.repeat(3 * 1024));
    try {
      const text = await withSetting('counting.maxDocumentSizeKB', 1, () =>
        invoke('tokenwise_promptCost', { text: 'Hi', files: ['big-for-tools.md'] }),
      );
      assert.match(text, /Counted on this machine .*: the text given\./);
      assert.match(text, /Not read: big-for-tools\.md \(larger than 1\.0 KB \(tokenwise\.counting\.maxDocumentSizeKB\): not read\)\./);
    } finally {
      rmSync(big.fsPath, { force: true });
    }
  });

  it('says what is left of each allowance, and what was spent', async () => {
    const allowances = await withSetting('allowance', { usd: 25, period: 'month' }, async () => {
      const { allowances: read } = await api();
      // The allowance service applies the setting on its change event.
      for (let tries = 0; tries < 100 && !read().usages.some((usage) => usage.origin === 'personal'); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return invoke('tokenwise_allowances', {});
    });
    assert.match(allowances, /^- Your allowance \(personal, \d{4}-\d{2}\): \$[\d.,]+ of \$25\.00 \(\d+%\), \$[\d.,]+ left/m);
    const spend = await invoke('tokenwise_spend', { range: 'last-30-days', by: 'source' });
    assert.match(spend, /^Spend last 30 days \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, [^)]+\): \$[\d.,]+ over \d+ requests?/);
  });
});
