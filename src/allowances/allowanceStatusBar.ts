import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';
import type { AllowanceService } from './allowanceService';
import { presentAllowanceStatus } from './presentAllowanceStatus';

/** The tighter allowance in the status bar: used of amount, coloured from warning to error. */
export class AllowanceStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('tokenwise.allowance', vscode.StatusBarAlignment.Right, 99));

  constructor(private readonly allowances: AllowanceService) {
    super();
    this.item.name = 'Tokenwise Allowance';
    this.item.command = 'tokenwise.spend.focus';
    this._register(allowances.onDidChange(() => this.render()));
    this.render();
  }

  /** The text shown, or undefined when hidden; the integration tests read it. */
  get text(): string | undefined {
    return this.allowances.tightest ? this.item.text : undefined;
  }

  private render(): void {
    const shown = presentAllowanceStatus(this.allowances.usages);
    if (!shown) {
      this.item.hide();
      return;
    }
    this.item.text = shown.text;
    this.item.tooltip = new vscode.MarkdownString(shown.tooltip);
    this.item.accessibilityInformation = { label: shown.ariaLabel, role: 'button' };
    this.item.backgroundColor = shown.severity === 'ok' ? undefined : new vscode.ThemeColor(`statusBarItem.${shown.severity}Background`);
    this.item.show();
  }
}
