// Language-model tools, so a chat agent (Copilot's agent mode, any participant) can ask Tokenwise before it acts:
// what a prompt or files cost on some models, what is left of the allowances, what was spent. They read only files
// inside the workspace, within the counting size limit, count them on this machine and send nothing anywhere.
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';
import type { SettingsService } from '../base/settings';
import type { AllowanceService } from '../allowances/allowanceService';
import {
  countEncodings,
  encodingsFor,
  decodePromptText,
  estimateForModel,
  formatBytes,
  insideFolders,
  isRangeId,
  listFiles,
  type TextCounter,
} from '../core';
import type { SpendService } from '../spend/spendService';
import type { ConfigInForceService } from '../teamConfig/configInForceService';
import { presentAllowancesResult, presentPromptCostResult, presentSpendResult, TOOL_NAMES } from './presentToolResults';

/** At most this many models and files per question. */
const MAX_MODELS = 10;
const MAX_FILES = 50;
const MAX_DEPTH = 64;

interface PromptCostInput {
  readonly text?: string;
  readonly files?: readonly string[];
  /** A workspace folder: its files (not those in node_modules or dot-folders), up to MAX_FILES. */
  readonly folder?: string;
  readonly models?: readonly string[];
}

interface SpendInput {
  readonly range?: string;
  readonly by?: string;
}

const textResult = (text: string) => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);

export class LanguageModelTools extends Disposable {
  constructor(
    private readonly counter: TextCounter,
    private readonly configInForce: ConfigInForceService,
    private readonly allowances: AllowanceService,
    private readonly spend: SpendService,
    private readonly settings: SettingsService,
  ) {
    super();
    this._registerAll(
      vscode.lm.registerTool<PromptCostInput>(TOOL_NAMES.promptCost, { invoke: (options) => this.promptCost(options.input) }),
      vscode.lm.registerTool<object>(TOOL_NAMES.allowances, { invoke: () => textResult(presentAllowancesResult(this.allowances.usages)) }),
      vscode.lm.registerTool<SpendInput>(TOOL_NAMES.spend, { invoke: (options) => this.spendResult(options.input) }),
    );
  }

  private async promptCost(input: PromptCostInput): Promise<vscode.LanguageModelToolResult> {
    const { maxDocumentBytes, countTimeoutMs } = this.settings.current;
    const texts: string[] = typeof input?.text === 'string' && input.text ? [input.text] : [];
    const refused: { path: string; reason: string }[] = [];
    const paths = Array.isArray(input?.files) ? input.files.filter((path): path is string => typeof path === 'string') : [];
    if (typeof input?.folder === 'string' && input.folder) paths.push(...(await this.folderFiles(input.folder, refused)));
    for (const path of paths.slice(0, MAX_FILES)) {
      const read = await this.readWorkspaceFile(path, maxDocumentBytes);
      if ('text' in read) texts.push(read.text);
      else refused.push({ path, reason: read.reason });
    }
    if (paths.length > MAX_FILES) refused.push({ path: `${paths.length - MAX_FILES} more files`, reason: `at most ${MAX_FILES} at once` });
    if (texts.length === 0) {
      const why = refused.length ? ` Not read: ${refused.map((entry) => `${entry.path} (${entry.reason})`).join('; ')}.` : '';
      return textResult(`Nothing to count: give the prompt as text or files inside the workspace.${why}`);
    }
    const names =
      Array.isArray(input?.models) && input.models.length ? input.models.slice(0, MAX_MODELS) : [this.configInForce.config.defaultModel];
    const modelNames = names.filter((name): name is string => typeof name === 'string');
    const catalog = this.configInForce.catalog;
    const counted = await countEncodings(
      this.counter,
      texts,
      'document',
      { maxBytes: maxDocumentBytes, timeoutMs: countTimeoutMs },
      encodingsFor(modelNames.map((name) => catalog.find(name)?.id ?? name)),
    );
    if (!counted.counts) {
      return textResult(
        `Not counted: ${counted.outcome.kind === 'tooLarge' ? `larger than ${formatBytes(maxDocumentBytes)} together` : counted.outcome.kind}.`,
      );
    }
    const settings = { ...this.configInForce.estimateSettings, at: Date.now() };
    const estimates = modelNames.map((name) =>
      estimateForModel(name, catalog.find(name), { prompt: counted.counts!, context: { o200k_base: 0 } }, settings),
    );
    const files = texts.length - (input?.text ? 1 : 0);
    const what = [input?.text ? 'the text given' : undefined, files ? `${files} ${files === 1 ? 'file' : 'files'}` : undefined]
      .filter(Boolean)
      .join(' and ');
    return textResult(presentPromptCostResult({ what, refused }, estimates));
  }

  /** The files of a folder inside the workspace (a few levels deep), or none with the reason in `refused`. */
  private async folderFiles(folder: string, refused: { path: string; reason: string }[]): Promise<string[]> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((each) => each.uri.scheme === 'file').map((each) => each.uri.fsPath);
    const full = roots.length && !isAbsolute(folder) ? resolve(roots[0], folder) : folder;
    const real = await realpath(full).catch(() => undefined);
    if (!real || !(await insideFolders(real, roots))) {
      refused.push({ path: folder, reason: real ? 'outside the workspace: not read' : 'no such folder' });
      return [];
    }
    // Dot-files and dot-folders (settings, version control) and node_modules are not a prompt's context.
    return listFiles(real, (name) => !name.startsWith('.'), MAX_DEPTH, {
      skipFolder: (name) => name.startsWith('.') || name === 'node_modules',
      maxFiles: MAX_FILES + 1,
      symlinks: false,
    });
  }

  /** A file's text, when it is a regular text file inside a workspace folder and within the size limit. */
  private async readWorkspaceFile(path: string, maxBytes: number): Promise<{ text: string } | { reason: string }> {
    const folders = (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => folder.uri.fsPath);
    if (folders.length === 0) return { reason: 'no workspace folder is open' };
    const full = isAbsolute(path) ? path : resolve(folders[0], path);
    let real: string;
    try {
      real = await realpath(full);
    } catch {
      return { reason: 'no such file' };
    }
    if (!(await insideFolders(real, folders))) return { reason: 'outside the workspace: not read' };
    // Only a regular file is opened, and without blocking: a named pipe would wait for a writer for ever.
    if (!(await stat(real).catch(() => undefined))?.isFile()) return { reason: 'not a file' };
    const handle = await open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(() => undefined);
    if (!handle) return { reason: 'cannot be opened' };
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) return { reason: 'not a file' };
      if (opened.size > maxBytes) {
        return { reason: `larger than ${formatBytes(maxBytes)} (tokenwise.counting.maxDocumentSizeKB): not read` };
      }
      const text = decodePromptText(await handle.readFile());
      return text === undefined ? { reason: 'a binary file' } : { text };
    } finally {
      await handle.close();
    }
  }

  private spendResult(input: SpendInput): vscode.LanguageModelToolResult {
    const range = typeof input?.range === 'string' && isRangeId(input.range) && input.range !== 'custom' ? input.range : 'this-month';
    const by = input?.by === 'source' || input?.by === 'project' ? input.by : 'model';
    return textResult(presentSpendResult(this.spend.summary({ id: range }), by));
  }
}
