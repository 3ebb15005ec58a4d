import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';
import { escapeMarkdown, formatTokens } from '../core';
import type { ContextFile, ContextState, PromptContext } from './promptContext';

/** The "Prompt Context" tree: each context file with its token count. */
export class ContextTreeView extends Disposable implements vscode.TreeDataProvider<ContextFile> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ContextFile>;

  constructor(private readonly context: PromptContext) {
    super();
    this.view = this._register(vscode.window.createTreeView('tokenwise.context', { treeDataProvider: this, canSelectMany: false }));
    this._register(context.onDidChange((state) => this.refresh(state)));
    this.refresh(context.current);
  }

  getTreeItem(file: ContextFile): vscode.TreeItem {
    const item = new vscode.TreeItem(file.uri, vscode.TreeItemCollapsibleState.None);
    item.label = file.label;
    const count = file.count.kind === 'counted' ? formatTokens(file.count.counts.o200k_base) : `not counted: ${file.count.reason}`;
    item.description = file.origin === 'referenced' ? `${count} · linked from the prompt` : count;
    const linked =
      file.origin === 'referenced' ? '\n\nLinked from the active prompt file, so it counts as context while that prompt is open.' : '';
    item.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(file.label)}**\n\n${escapeMarkdown(count)} (o200k_base)${linked}`);
    item.contextValue = `tokenwise.context.${file.origin}`;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [file.uri] };
    if (file.count.kind === 'skipped') item.iconPath = new vscode.ThemeIcon('warning');
    return item;
  }

  getChildren(element?: ContextFile): ContextFile[] {
    return element ? [] : [...this.context.current.files];
  }

  private refresh(state: ContextState): void {
    const files = state.files.length;
    this.view.description =
      files === 0 ? undefined : `${files} ${files === 1 ? 'file' : 'files'} · ${formatTokens(state.total.o200k_base)}`;
    this.changed.fire();
  }
}
