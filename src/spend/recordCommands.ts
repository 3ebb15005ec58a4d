import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { notify } from '../base/notify';
import { correctionFor, formatCount, formatUsd, manualSpendDraft, priceEvent, type Ledger, type SpendEvent } from '../core';
import { Commands } from '../base/commands';
import type { PromptMeter } from '../meter/promptMeter';
import { promptText } from '../context/promptDocument';

/** How long a record command waits for a prompt that is still being counted. */
const SETTLE_TIMEOUT_MS = 15_000;

/** `Record Prompt as Sent` and `Copy Prompt and Record`: the pending prompt into the spend ledger, as an estimate. */
export function registerRecordCommands(
  meter: PromptMeter,
  ledger: Ledger,
  onRecorded: () => Promise<void>,
  confirm: () => Promise<boolean>,
): vscode.Disposable {
  // One session per window: `vscode.env.sessionId` is a placeholder in some hosts (code-server), so make our own.
  const sessionId = `manual-${randomUUID()}`;
  const record = async (copy: boolean): Promise<SpendEvent | undefined> => {
    const { prompt, estimate } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Tokenwise: counting the prompt' },
      () => meter.settled(SETTLE_TIMEOUT_MS),
    );
    if (prompt.kind !== 'counted' || !estimate) {
      void notify.warn('Tokenwise: open a prompt in an editor first; there is nothing counted to record.');
      return undefined;
    }
    if (!(await confirm())) return undefined;
    if (copy) await vscode.env.clipboard.writeText(promptText(prompt.document));
    const event = priceEvent(
      manualSpendDraft(estimate, {
        time: new Date(),
        sessionId,
        project: vscode.workspace.getWorkspaceFolder(prompt.document.uri)?.uri.fsPath,
        nonce: randomUUID(),
      }),
      meter.catalog,
    );
    try {
      ledger.append([event]);
    } catch (error) {
      void notify.error(`Tokenwise could not record the prompt: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    await onRecorded();
    recorded.push(event);
    const tokens = formatCount(event.tokens.input + event.tokens.output);
    void vscode.window
      .showInformationMessage(
        `Tokenwise: recorded${copy ? ' and copied' : ''} ${prompt.name}: ≈${tokens} tokens, ≈${formatUsd(event.usd)} on ${event.model}.`,
        'Undo',
      )
      .then((choice) => (choice === 'Undo' ? undo(event.id) : undefined));
    return event;
  };
  // Undo appends a correction: the ledger is never rewritten, and every total drops the prompt.
  const recorded: SpendEvent[] = [];
  const undo = async (id?: unknown): Promise<boolean> => {
    const index = typeof id === 'string' ? recorded.findIndex((event) => event.id === id) : recorded.length - 1;
    if (index < 0) {
      void notify.info('Tokenwise: no prompt recorded in this window to undo.');
      return false;
    }
    const [event] = recorded.splice(index, 1);
    try {
      ledger.append([correctionFor(event, new Date())]);
    } catch (error) {
      void notify.error(`Tokenwise could not undo the record: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    await onRecorded();
    void notify.info(`Tokenwise: the recorded prompt (≈${formatUsd(event.usd)} on ${event.model}) is no longer in your spend.`);
    return true;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.recordPromptAsSent, () => record(false)),
    vscode.commands.registerCommand(Commands.copyPromptAndRecord, () => record(true)),
    vscode.commands.registerCommand(Commands.undoRecord, (id?: unknown) => undo(id)),
  );
}
