import * as vscode from 'vscode';
import { notify } from '../base/notify';
import {
  allowanceName,
  crossedThresholds,
  currentAlertKeys,
  formatAllowanceAmount,
  tighter,
  usageInScope,
  type Allowance,
  type AllowanceUsage,
} from '../core';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { SettingsService } from '../base/settings';
import type { SpendService } from '../spend/spendService';
import type { ConfigInForceService } from '../teamConfig/configInForceService';
import type { TeamLedgerService } from '../teamLedger/teamLedgerService';

const ALERTED_KEY = 'tokenwise.alertedThresholds';

/**
 * The personal allowance (settings) and the team's (team config), held
 * against the user's own spend (a team-scope allowance: the team's, from
 * the team ledger). Each soft threshold is announced once per
 * period; the keys of those already announced live in global state, so a
 * reload or another window does not announce them again.
 */
export class AllowanceService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private latest: AllowanceUsage[] = [];
  private rollover: NodeJS.Timeout | undefined;

  constructor(
    private readonly spend: SpendService,
    private readonly configInForce: ConfigInForceService,
    private readonly settings: SettingsService,
    private readonly state: vscode.Memento,
    /** The rest of the team's spend, for team-scope allowances. */
    private readonly teamLedger: TeamLedgerService,
  ) {
    super();
    this._registerAll(
      teamLedger.onDidChange(() => this.update()),
      toDisposable(() => clearTimeout(this.rollover)),
      spend.onDidChange(() => this.update()),
      configInForce.onDidChange(({ changed }) => {
        if (changed.has('allowances')) this.update();
      }),
      settings.watch(['allowance', 'copilotPlan', 'spendTimeZone'], () => this.update()),
    );
    this.update();
  }

  get usages(): readonly AllowanceUsage[] {
    return this.latest;
  }

  /** The usage that drives the status bar: the tighter of all. */
  get tightest(): AllowanceUsage | undefined {
    return tighter(this.latest);
  }

  /** Hard allowances that are used up: recording more needs the user's confirmation. */
  get exhaustedHard(): AllowanceUsage[] {
    return this.latest.filter((usage) => usage.allowance.hard && usage.fraction >= 1);
  }

  /** The personal allowance and the Copilot plan (from settings) first, then the team's, as the config in force has them. */
  private allowances(): Allowance[] {
    const { allowance, copilotPlan } = this.settings.current;
    return [allowance, copilotPlan, ...this.configInForce.config.allowances].filter((entry) => entry !== undefined);
  }

  private update(): void {
    const now = new Date();
    const events = this.spend.events;
    const snapshot = this.teamLedger.current.snapshot;
    const options = { defaultTimeZone: this.settings.current.spendTimeZone };
    this.latest = this.allowances().map((allowance) => usageInScope(allowance, events, snapshot, now.getTime(), options));
    this.announce();
    this.changed.fire();
    // A new period starts afresh even when no spend arrives: recompute when the first current one ends.
    clearTimeout(this.rollover);
    const nextEnd = Math.min(...this.latest.map((usage) => usage.period.end.getTime()));
    if (Number.isFinite(nextEnd)) {
      this.rollover = setTimeout(() => this.update(), Math.min(Math.max(nextEnd - now.getTime() + 1000, 1000), 2 ** 31 - 1));
    }
  }

  private announce(): void {
    const stored = this.state.get<string[]>(ALERTED_KEY, []);
    const alerted = new Set(currentAlertKeys(Array.isArray(stored) ? stored : [], this.latest));
    for (const usage of this.latest) {
      const crossings = crossedThresholds(usage, alerted);
      if (crossings.length === 0) continue;
      for (const crossing of crossings) alerted.add(crossing.key);
      const highest = crossings[crossings.length - 1];
      const message = `Tokenwise: ${allowanceName(usage)} (${usage.period.label}) is at ${Math.round(usage.fraction * 100)}%: ${usedOf(usage)}.`;
      if (highest.threshold >= 100) void notify.warn(message);
      else void notify.info(message);
    }
    // Spend changes often; the stored set only when it changed (a threshold announced, a period over).
    const next = [...alerted];
    if (next.length !== stored.length || next.some((key, index) => key !== stored[index])) void this.state.update(ALERTED_KEY, next);
  }
}

/** Asks before recording more against a hard allowance that is used up; true to go on. */
export async function confirmOverHardAllowance(allowances: AllowanceService): Promise<boolean> {
  const exhausted = allowances.exhaustedHard;
  if (exhausted.length === 0) return true;
  const names = exhausted
    .map((usage) => `${usage.allowance.name ?? usage.allowance.id} (${usedOf(usage)}, ${usage.period.label})`)
    .join('; ');
  // The first button is the one Enter presses: not recording is the default, recording over the allowance a choice.
  const choice = await notify.warn(
    `This allowance is used up: ${names}. Record the prompt anyway?`,
    { modal: true },
    "Don't Record",
    'Record Anyway',
  );
  return choice === 'Record Anyway';
}

/** "$3.20 of $10.00", in the allowance's own unit. */
function usedOf(usage: AllowanceUsage): string {
  return `${formatAllowanceAmount(usage, usage.used)} of ${formatAllowanceAmount(usage, usage.amount)}`;
}
