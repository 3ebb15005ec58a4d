// The opt-in price update in the editor: the last good copy of fetched price data, used instead of the bundled prices
// while `tokenwise.priceUpdate.enabled` is on; fetched once a day at start-up and on Tokenwise: Update Prices. A
// failed or refused fetch changes nothing but a message: the prices in force stay.
import * as vscode from 'vscode';
import { Commands } from '../base/commands';
import { notify } from '../base/notify';
import { Disposable } from '../base/lifecycle';
import type { SettingsService } from '../base/settings';
import {
  bundledCatalog,
  catalogFromCopy,
  catalogOverlay,
  describePriceSource,
  errorReason,
  fetchPriceData,
  loadPriceDataCopy,
  PriceCatalog,
  savePriceDataCopy,
  type PriceDataCopy,
} from '../core';
import type { ConfigInForceService } from '../teamConfig/configInForceService';

/** A copy older than this is fetched again at start-up. */
const REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;

export interface PriceDataState {
  /** `prices of … (…)` of the base catalog in force. */
  readonly source: string;
  readonly dataDate: string;
  /** Whether a fetched copy is in force (else the bundled prices). */
  readonly updated: boolean;
  readonly lastError: string | undefined;
}

export class PriceDataService extends Disposable {
  private lastError: string | undefined;
  private copy: PriceDataCopy | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly settings: SettingsService,
    private readonly configInForce: ConfigInForceService,
  ) {
    super();
    this.copy = loadPriceDataCopy(file);
    this.apply();
    this._registerAll(
      settings.watch(['priceUpdateEnabled', 'priceUpdateUrl'], () => this.sourceChanged()),
      configInForce.onDidChange((change) => {
        if (change.changed.has('priceDataUrl')) this.sourceChanged();
      }),
    );
  }

  /** Where prices come from: the team config's own price data if it names one, else the setting. */
  private get url(): string {
    return this.configInForce.config.priceDataUrl ?? this.settings.current.priceUpdateUrl;
  }

  private sourceChanged(): void {
    // A copy from another address is not the one asked for: the bundled prices until the new one is fetched.
    if (this.copy && this.copy.url !== this.url) this.copy = undefined;
    this.apply();
    if (this.wanted() && !this.copy) void this.update(false);
  }

  get state(): PriceDataState {
    const catalog = this.configInForce.baseCatalog;
    return {
      source: describePriceSource(catalog),
      dataDate: catalog.dataDate,
      updated: catalog !== bundledCatalog(),
      lastError: this.lastError,
    };
  }

  /** At start-up: fetch when the update is on and the copy is missing or a day old. */
  start(): void {
    const age = this.copy ? Date.now() - Date.parse(this.copy.fetchedAt) : Infinity;
    if (this.wanted() && (this.copy?.url !== this.url || !(age < REFRESH_AFTER_MS))) void this.update(false);
  }

  /** Fetches the price data now (the command); `interactive` shows progress and the outcome. */
  update(interactive: boolean): Promise<void> {
    this.running ??= this.fetchAndApply(interactive).finally(() => (this.running = undefined));
    return this.running;
  }

  private async fetchAndApply(interactive: boolean): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      if (interactive) void notify.warn('Tokenwise does not fetch prices in an untrusted workspace; the bundled prices stay in force.');
      return;
    }
    if (!this.settings.current.priceUpdateEnabled) {
      if (!interactive) return;
      const turnOn = 'Turn On and Update';
      const choice = await notify.info(
        'Tokenwise: fetched prices are used while tokenwise.priceUpdate.enabled is on (off by default: only a GET of the price file is sent).',
        turnOn,
      );
      // Turning it on fetches (the setting's watcher does).
      if (choice === turnOn) await this.settings.updateUserSetting('priceUpdate.enabled', true);
      return;
    }
    const url = this.url;
    const work = () => fetchPriceData(url);
    const outcome = interactive
      ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Tokenwise: updating prices…' }, work)
      : await work();
    if ('error' in outcome) {
      this.lastError = outcome.error;
      const kept = describePriceSource(this.configInForce.baseCatalog);
      void notify.warn(`Tokenwise: the price update failed (${outcome.error}); the ${kept} stay in force.`);
      return;
    }
    this.lastError = undefined;
    try {
      savePriceDataCopy(this.file, outcome.copy);
    } catch (error) {
      this.lastError = `could not keep the copy: ${errorReason(error)}`;
    }
    this.copy = outcome.copy;
    this.configInForce.setBaseCatalog(new PriceCatalog(outcome.catalog, catalogOverlay));
    if (!interactive) return;
    // Past costs keep their prices until the user re-prices them: offer it where new prices arrive.
    const reprice = 'Re-price Spend History…';
    void notify
      .info(`Tokenwise: prices updated, ${describePriceSource(this.configInForce.baseCatalog)}.`, reprice)
      .then((choice) => (choice === reprice ? vscode.commands.executeCommand(Commands.repriceHistory) : undefined));
  }

  private wanted(): boolean {
    return this.settings.current.priceUpdateEnabled && vscode.workspace.isTrusted;
  }

  /** The copy in force while the update is on; the bundled prices otherwise. */
  private apply(): void {
    const checked = this.wanted() && this.copy ? catalogFromCopy(this.copy) : undefined;
    const catalog = checked && 'catalog' in checked ? new PriceCatalog(checked.catalog, catalogOverlay) : bundledCatalog();
    if (checked && 'error' in checked) this.lastError = `the kept copy is not usable: ${checked.error}`;
    if (catalog !== this.configInForce.baseCatalog) this.configInForce.setBaseCatalog(catalog);
  }
}
