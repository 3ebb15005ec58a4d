import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';
import { escapeMarkdown, formatAllowanceAmount } from '../core';
import type { AllowanceService } from './allowanceService';

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
    const usage = this.allowances.tightest;
    if (!usage) {
      this.item.hide();
      return;
    }
    const percent = Math.round(usage.fraction * 100);
    this.item.text = `$(pie-chart) ${formatAllowanceAmount(usage, usage.used)} of ${formatAllowanceAmount(usage, usage.amount)} · ${percent}%`;
    const lines = this.allowances.usages.map((each) => {
      const forecast =
        each.forecast.projected === undefined
          ? ''
          : `; forecast ${formatAllowanceAmount(each, each.forecast.projected)} by the period's end${each.forecast.runsOutAt ? `, runs out ${each.forecast.runsOutAt.toLocaleString()}` : ''}`;
      const unpriced = each.unpricedTokens > 0 ? ` (${each.unpricedTokens} tokens unpriced, not counted)` : '';
      // Names and ids come from a team config or settings: escaped, so they cannot add links or images.
      return `- **${escapeMarkdown(each.allowance.name ?? each.allowance.id)}** (${each.allowance.origin}${each.allowance.hard ? ', hard' : ''}), ${escapeMarkdown(`${each.period.label}: ${formatAllowanceAmount(each, each.used)} of ${formatAllowanceAmount(each, each.amount)}${unpriced}${forecast}`)}`;
    });
    this.item.tooltip = new vscode.MarkdownString(
      ['**Allowances**', '', ...lines, '', 'Only spend with a known price counts against a USD allowance.'].join('\n'),
    );
    this.item.accessibilityInformation = { label: `Allowance: ${percent} percent used`, role: 'button' };
    this.item.backgroundColor =
      usage.status === 'exceeded'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : usage.status === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }
}
