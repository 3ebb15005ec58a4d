// "Count Prompt Exactly with Its Provider…": the pending prompt (with its context files, as it is priced) counted by
// the chosen model's provider, where the tokenizer is not public. Opt-in: the setting must be on, the workspace
// trusted, and each count confirmed after saying what goes where; the API key lives in VS Code's secret storage.
import * as vscode from 'vscode';
import { Commands } from '../base/commands';
import { notify } from '../base/notify';
import type { SettingsService } from '../base/settings';
import type { ContextState } from '../context/promptContext';
import {
  COUNT_PROVIDERS,
  countProviderFor,
  formatCount,
  plural,
  ProviderCounter,
  type CountProvider,
  type ProviderCountResult,
} from '../core';
import type { PromptMeter } from '../meter/promptMeter';
import { promptText } from '../context/promptDocument';

/** How long the command waits for a prompt that is still being counted. */
const SETTLE_TIMEOUT_MS = 15_000;

const keyName = (provider: CountProvider) => `tokenwise.providerKey.${provider}`;

/** For automation and tests: the answers a person would give to the command's questions. */
export interface CountWithProviderArguments {
  /** Send without the confirmation: the caller has asked already. */
  readonly confirmed?: boolean;
  /** The API key, where none is stored yet: kept in the secret storage as if entered. */
  readonly key?: string;
}

/** The prompt's text as it is priced: the selection or the document, then each counted context file. */
async function promptWithContext(
  document: vscode.TextDocument,
  context: ContextState | undefined,
): Promise<{ text: string; files: number }> {
  const parts = [promptText(document)];
  for (const file of context?.files.filter((candidate) => candidate.count.kind === 'counted') ?? []) {
    parts.push((await vscode.workspace.openTextDocument(file.uri)).getText());
  }
  return { text: parts.join('\n\n'), files: parts.length - 1 };
}

export function registerProviderCountCommands(
  meter: PromptMeter,
  settings: SettingsService,
  secrets: vscode.SecretStorage,
): vscode.Disposable {
  const counter = new ProviderCounter({ baseUrls: () => settings.current.providerCountUrls });

  const apiKey = async (provider: CountProvider, given?: string): Promise<string | undefined> => {
    const stored = await secrets.get(keyName(provider));
    if (stored) return stored;
    const entered =
      given ??
      (await vscode.window.showInputBox({
        title: `Tokenwise: ${COUNT_PROVIDERS[provider].name} API key`,
        prompt: `Used only to count prompts with ${COUNT_PROVIDERS[provider].name}; kept in VS Code's secret storage.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Enter the API key.' : undefined),
      }));
    if (!entered?.trim()) return undefined;
    await secrets.store(keyName(provider), entered.trim());
    return entered.trim();
  };

  const count = async (args?: CountWithProviderArguments): Promise<ProviderCountResult | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void notify.warn('Tokenwise: prompts are not sent to be counted from an untrusted workspace.');
      return undefined;
    }
    if (!settings.current.providerCountEnabled) {
      void notify
        .info(
          'Tokenwise: counting with the provider is off. It sends the prompt to the provider; turn it on in the settings to use it.',
          'Open Settings',
        )
        .then((open) => open && vscode.commands.executeCommand('workbench.action.openSettings', 'tokenwise.providerCount.enabled'));
      return undefined;
    }
    const state = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Tokenwise: counting the prompt' },
      () => meter.settled(SETTLE_TIMEOUT_MS),
    );
    if (state.prompt.kind !== 'counted' || !state.estimate) {
      void notify.warn('Tokenwise: open a prompt in an editor first; there is nothing to count.');
      return undefined;
    }
    const model = meter.modelSetting;
    const provider = countProviderFor(model);
    if (!provider) {
      const exact = state.estimate.tokenizer.kind === 'exact';
      void notify.info(
        exact
          ? `Tokenwise: ${model}'s tokenizer is public; its counts are exact already.`
          : `Tokenwise: no provider count is known for ${model}.`,
      );
      return undefined;
    }
    const { name } = COUNT_PROVIDERS[provider];
    const { text, files } = await promptWithContext(state.prompt.document, state.contextFiles > 0 ? state.context : undefined);
    if (!args?.confirmed) {
      const host = new URL(settings.current.providerCountUrls[provider] || COUNT_PROVIDERS[provider].defaultBaseUrl).host;
      const what = `${formatCount(text.length)} characters: the prompt${files > 0 ? ` and ${plural(files, 'context file')}` : ''}`;
      const send = await vscode.window.showWarningMessage(
        `Send the prompt to ${name} to count it?`,
        { modal: true, detail: `${what}, to ${host}, to be counted on ${model}. Nothing else is sent, and the answer is only a count.` },
        'Send',
      );
      if (send !== 'Send') return undefined;
    }
    const key = await apiKey(provider, args?.key);
    if (!key) return undefined;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Tokenwise: counting with ${name}` },
      () => counter.count(provider, model, text, key),
    );
    if ('error' in result) {
      void notify.error(`Tokenwise: ${result.error}`);
      return undefined;
    }
    const { low, expected, high } = state.estimate.inputTokens;
    const estimate = low === high ? `${formatCount(expected)}` : `≈${formatCount(expected)}, ${formatCount(low)}–${formatCount(high)}`;
    void notify.info(
      `Tokenwise: counted by ${name}: ${formatCount(result.tokens)} input tokens on ${model}${result.cached ? ' (this prompt was counted before: not sent again)' : ''}. Tokenwise's estimate: ${estimate}.`,
    );
    return result;
  };

  const forget = async (): Promise<void> => {
    for (const provider of Object.keys(COUNT_PROVIDERS) as CountProvider[]) await secrets.delete(keyName(provider));
    void notify.info('Tokenwise: the provider API keys are forgotten.');
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.countWithProvider, (args?: CountWithProviderArguments) => count(args)),
    vscode.commands.registerCommand(Commands.forgetProviderKeys, () => forget()),
  );
}
