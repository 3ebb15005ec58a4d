// Re-price Spend History: the one step that changes past costs. Events keep the price they were priced with, so new
// price data (a price update, a newer release) changes history only when the user asks, after seeing what changes.
import * as vscode from 'vscode';
import { notify } from '../base/notify';
import { describePriceSource, formatUsd, plural, repriceHistory, type Ledger, type PriceCatalog } from '../core';
import type { SpendService } from './spendService';

export interface RepriceArguments {
  /** Skip the confirmation (tests). */
  readonly confirmed?: boolean;
}

export interface RepriceOutcome {
  readonly events: number;
  readonly beforeUsd: number;
  readonly afterUsd: number;
}

export async function repriceSpendHistory(
  spend: SpendService,
  ledger: Ledger,
  catalog: () => PriceCatalog,
  args?: RepriceArguments,
): Promise<RepriceOutcome | undefined> {
  await spend.reload();
  const prices = catalog();
  const plan = repriceHistory(spend.storedEvents, prices, new Date());
  const source = describePriceSource(prices);
  if (plan.copies.length === 0) {
    void notify.info(`Tokenwise: every calculated cost in the history already matches the ${source}; nothing to re-price.`);
    return { events: 0, beforeUsd: 0, afterUsd: 0 };
  }
  const change = `${formatUsd(plan.beforeUsd)} → ${formatUsd(plan.afterUsd)}`;
  if (!args?.confirmed) {
    const gained = plan.gainPrice ? ` ${plural(plan.gainPrice, 'request')} without a price get one.` : '';
    const lost = plan.losePrice ? ` ${plural(plan.losePrice, 'request')} lose theirs: the new data has no price for them.` : '';
    const choice = await vscode.window.showWarningMessage(
      `Re-price ${plural(plan.copies.length, 'request')} in your spend history (${change})?`,
      {
        modal: true,
        detail:
          `Each is priced again with the ${source}, at the price in force when it was made.${gained}${lost} ` +
          "Costs the agents recorded and Copilot's credits are not changed. The earlier prices stay in the ledger's files.",
      },
      'Re-price',
    );
    if (choice !== 'Re-price') return undefined;
  }
  try {
    ledger.append(plan.copies);
  } catch (error) {
    void notify.error(`Tokenwise could not re-price the history: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  await spend.reload();
  void notify.info(`Tokenwise: re-priced ${plural(plan.copies.length, 'request')} with the ${source}: ${change}.`);
  return { events: plan.copies.length, beforeUsd: plan.beforeUsd, afterUsd: plan.afterUsd };
}
