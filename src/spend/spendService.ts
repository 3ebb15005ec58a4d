import { serialRun } from '../base/serialRun';
import * as vscode from 'vscode';
import {
  ledgerStamp,
  repriceEvents,
  summarizeSpend,
  withCorrections,
  type Ledger,
  type RangeRequest,
  type SpendEvent,
  type SpendSummary,
} from '../core';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { SettingsService } from '../base/settings';
import type { ConfigInForceService } from '../teamConfig/configInForceService';

/**
 * The user's spend as the ledger holds it, re-read when a window (this one or
 * another) appends to it. Reading streams the files; a reload in progress
 * makes later requests wait for it rather than start another, and a reload
 * when no ledger file changed since the last read reads nothing. Costs the
 * agents did not record are priced with the prices in force, so a team's
 * negotiated rates apply to past requests too.
 */
export class SpendService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** How many times the ledger was read; the integration tests read it. */
  readonly activity = { ledgerReads: 0 };
  private stored: SpendEvent[] = [];
  private loaded: SpendEvent[] = [];
  private readProblems: string[] = [];
  private ingestProblems: string[] = [];
  /** The ledger files' sizes and times at the last read. */
  private readStamp: string | undefined;
  private debounce: NodeJS.Timeout | undefined;

  constructor(
    private readonly ledger: Ledger,
    private readonly settings: SettingsService,
    private readonly configInForce: ConfigInForceService,
  ) {
    super();
    const watcher = this._register(
      vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(ledger.folder), '*.jsonl')),
    );
    const soon = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.reload(), 300);
    };
    this._registerAll(
      watcher.onDidChange(soon),
      watcher.onDidCreate(soon),
      watcher.onDidDelete(soon),
      toDisposable(() => clearTimeout(this.debounce)),
      settings.watch(['spendTimeZone'], () => this.notify()),
      configInForce.onDidChange(({ catalogChanged }) => {
        if (!catalogChanged) return;
        this.loaded = this.priced(this.stored);
        this.notify();
      }),
    );
  }

  /** Goes up with every change of the events, their prices or how they are summed: a cache key for views. */
  get version(): number {
    return this.generation;
  }

  private generation = 0;

  private notify(): void {
    this.generation++;
    this.changed.fire();
  }

  get events(): readonly SpendEvent[] {
    return this.loaded;
  }

  /** The events as the ledger holds them, priced as they were recorded (before a team's negotiated prices). */
  get storedEvents(): readonly SpendEvent[] {
    return this.stored;
  }

  /** What could not be used, one line per reason: the ledger's unreadable lines, then the agents' skipped rows. */
  get problems(): readonly string[] {
    return [...this.readProblems, ...this.ingestProblems];
  }

  /** The last scan's skipped rows, by source and reason (shown with the ledger's own problems). */
  setIngestProblems(problems: readonly string[]): void {
    if (problems.length === this.ingestProblems.length && problems.every((line, index) => line === this.ingestProblems[index])) return;
    this.ingestProblems = [...problems];
    this.notify();
  }

  /** The time zone spend is summed in. */
  get summaryTimeZone(): string {
    return this.settings.current.spendTimeZone;
  }

  /** The spend over `range` (default: one that has spend, this month first). */
  summary(range?: RangeRequest, now = new Date()): SpendSummary {
    return summarizeSpend(this.loaded, { now, timeZone: this.settings.current.spendTimeZone, range });
  }

  /** Re-reads the ledger if it changed; resolves when the events include everything appended before the call. */
  readonly reload = serialRun(async () => {
    const stamp = await ledgerStamp(this.ledger.folder);
    if (stamp === this.readStamp) return;
    this.activity.ledgerReads++;
    const { events, skipped } = await this.ledger.read();
    this.readStamp = stamp;
    this.stored = withCorrections(events);
    this.loaded = this.priced(this.stored);
    this.readProblems = skipped.map(
      (line) => `ledger ${line.file.split(/[\\/]/).pop()}${line.line ? `:${line.line}` : ''}: ${line.reason}`,
    );
    this.notify();
  });

  /** Costs calculated with the ledger's prices that the prices in force (a team's) changed: how many, before and after. */
  get repricing(): { readonly events: number; readonly before: number; readonly after: number } | undefined {
    return this.repriced;
  }

  private repriced: { events: number; before: number; after: number } | undefined;

  private priced(events: readonly SpendEvent[]): SpendEvent[] {
    const priced = repriceEvents(events, this.configInForce.catalog);
    const changed = { events: 0, before: 0, after: 0 };
    priced.forEach((event, index) => {
      if (event === events[index]) return;
      changed.events++;
      changed.before += events[index].usd ?? 0;
      changed.after += event.usd ?? 0;
    });
    this.repriced = changed.events > 0 ? changed : undefined;
    return priced;
  }
}
