import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Ledger, withCorrections } from '../../src/core';
import { expectedStatusText } from '../support/expectedStatus';
import { api, openUntitled, resetEditorsAndContext, waitFor, waitForText } from './helpers';

const PROMPT = 'Draft release notes for version 2.3 from the changelog below.';

describe('recording prompts as sent', () => {
  afterEach(resetEditorsAndContext);

  it('records the pending prompt in the spend ledger as an estimate on the chosen model', async () => {
    await openUntitled(PROMPT);
    const shown = await waitForText(expectedStatusText({ prompt: PROMPT }));
    const { ledgerFolder } = await api();
    const before = (await new Ledger(ledgerFolder).read()).events.length;
    const event = await vscode.commands.executeCommand<{ id: string } | undefined>('tokenwise.recordPromptAsSent');
    assert.ok(event, 'the command returns what it recorded');
    const { events, skipped } = await new Ledger(ledgerFolder).read();
    assert.equal(events.length, before + 1);
    assert.deepEqual(skipped, []);
    const recorded = events.find((candidate) => candidate.id === event.id)!;
    assert.equal(recorded.source, 'manual');
    assert.equal(recorded.model, 'gpt-5.1');
    assert.equal(recorded.costBasis, 'estimated');
    const tokens = Number(/ (\d+) tok/.exec(shown.text)![1]);
    assert.equal(recorded.tokens.input, tokens);
    assert.equal(recorded.tokens.output, 500);
    assert.ok(Math.abs(recorded.usd! - (tokens * 1.25 + 500 * 10) / 1e6) < 1e-12, 'gpt-5.1: $1.25/M input, $10/M output');
    assert.match(recorded.priceSnapshot ?? '', /genai-prices/);
  });

  it('copies the prompt to the clipboard and records it', async () => {
    await openUntitled(PROMPT);
    await waitForText(expectedStatusText({ prompt: PROMPT }));
    await vscode.env.clipboard.writeText('');
    const event = await vscode.commands.executeCommand<{ id: string } | undefined>('tokenwise.copyPromptAndRecord');
    assert.ok(event);
    assert.equal(await vscode.env.clipboard.readText(), PROMPT);
    const { events } = await new Ledger((await api()).ledgerFolder).read();
    assert.ok(events.some((candidate) => candidate.id === event.id));
  });

  it('records the prompt just switched to, once it is counted, not the one before', async () => {
    await openUntitled(PROMPT);
    await waitForText(expectedStatusText({ prompt: PROMPT }));
    const other = `${PROMPT} Then list the breaking changes first, with a migration note for each.`;
    await openUntitled(other);
    const event = await vscode.commands.executeCommand<{ id: string } | undefined>('tokenwise.recordPromptAsSent');
    assert.ok(event, 'recorded without waiting for the status bar');
    const { events } = await new Ledger((await api()).ledgerFolder).read();
    const recorded = events.find((candidate) => candidate.id === event.id)!;
    const expected = Number(/ (\d+) tok/.exec(expectedStatusText({ prompt: other }))![1]);
    assert.equal(recorded.tokens.input, expected);
  });

  it('records nothing when no prompt is open', async () => {
    const { ledgerFolder } = await api();
    const before = (await new Ledger(ledgerFolder).read()).events.length;
    assert.equal(await vscode.commands.executeCommand('tokenwise.recordPromptAsSent'), undefined);
    assert.equal((await new Ledger(ledgerFolder).read()).events.length, before);
  });

  it('undoes a recorded prompt with an appended correction: it leaves every total, and the ledger keeps both lines', async () => {
    await openUntitled(PROMPT);
    await waitForText(expectedStatusText({ prompt: PROMPT }));
    const { ledgerFolder, spendView } = await api();
    const todayBefore = spendView().periods.find((period) => period.label === 'Today')!.detail;
    const monthBefore = spendView().periods.find((period) => period.label === 'This month')!.detail;
    const event = await vscode.commands.executeCommand<{ id: string; usd: number } | undefined>('tokenwise.recordPromptAsSent');
    assert.ok(event);
    await waitFor(
      () => spendView().periods.find((period) => period.label === 'Today')!.detail,
      (detail) => detail !== todayBefore,
      'the recorded prompt in Today',
    );
    const lines = (await new Ledger(ledgerFolder).read()).events.length;
    assert.equal(await vscode.commands.executeCommand('tokenwise.undoRecord', event.id), true);
    const { events } = await new Ledger(ledgerFolder).read();
    assert.equal(events.length, lines + 1, 'a correction appended, nothing rewritten');
    assert.ok(
      events.some((candidate) => candidate.id === event.id),
      'the original line is still there',
    );
    assert.equal(
      withCorrections(events).some((candidate) => candidate.id === event.id),
      false,
    );
    await waitFor(
      () => spendView().periods.find((period) => period.label === 'Today')!.detail,
      (detail) => detail === todayBefore,
      'Today as it was before the record',
    );
    assert.equal(spendView().periods.find((period) => period.label === 'This month')!.detail, monthBefore);
    assert.equal(await vscode.commands.executeCommand('tokenwise.undoRecord', event.id), false, 'undone once only');
  });
});
