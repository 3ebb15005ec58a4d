import * as vscode from 'vscode';
import { repriceEvents, summarizeSpend, type Ledger, type PriceCatalog, type SpendEvent, type SpendSummary } from '../core';

/**
 * The user's spend as the ledger holds it, re-read when a window (this one or
 * another) appends to it. Reading streams the files; a reload in progress
 * makes later requests wait for it rather than start another. Costs the
 * agents did not record are priced with the prices in force, so a team's
 * negotiated rates apply to past requests too.
 */
export class SpendService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private stored: SpendEvent[] = [];
  private loaded: SpendEvent[] = [];
  private readProblems: string[] = [];
  private ingestProblems: string[] = [];
  private reloading: Promise<void> | undefined;
  private again = false;
  private debounce: NodeJS.Timeout | undefined;

  constructor(
    private readonly ledger: Ledger,
    private timeZone: string,
    private catalog: PriceCatalog,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(ledger.folder), '*.jsonl'));
    const soon = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.reload(), 300);
    };
    this.subscriptions.push(watcher, watcher.onDidChange(soon), watcher.onDidCreate(soon), watcher.onDidDelete(soon));
  }

  get events(): readonly SpendEvent[] {
    return this.loaded;
  }

  /** What could not be used, one line per reason: the ledger's unreadable lines, then the agents' skipped rows. */
  get problems(): readonly string[] {
    return [...this.readProblems, ...this.ingestProblems];
  }

  /** The last scan's skipped rows, by source and reason (shown with the ledger's own problems). */
  setIngestProblems(problems: readonly string[]): void {
    if (problems.length === this.ingestProblems.length && problems.every((line, index) => line === this.ingestProblems[index])) return;
    this.ingestProblems = [...problems];
    this.changed.fire();
  }

  summary(now = new Date()): SpendSummary {
    return summarizeSpend(this.loaded, { now, timeZone: this.timeZone });
  }

  /** Prices the ledger's calculated costs with another catalog (the team's prices changed). */
  setCatalog(catalog: PriceCatalog): void {
    if (catalog === this.catalog) return;
    this.catalog = catalog;
    this.loaded = this.priced(this.stored);
    this.changed.fire();
  }

  setTimeZone(timeZone: string): void {
    this.timeZone = timeZone;
    this.changed.fire();
  }

  /** Re-reads the ledger; resolves when the events include everything appended before the call. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.again = false;
        const { events, skipped } = await this.ledger.read();
        this.stored = events;
        this.loaded = this.priced(events);
        this.readProblems = skipped.map((line) => `ledger ${line.file.split(/[\\/]/).pop()}${line.line ? `:${line.line}` : ''}: ${line.reason}`);
        this.changed.fire();
      } while (this.again);
    })().finally(() => { this.reloading = undefined; });
    return this.reloading;
  }

  private priced(events: readonly SpendEvent[]): SpendEvent[] {
    return repriceEvents(events, this.catalog);
  }

  dispose(): void {
    clearTimeout(this.debounce);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
