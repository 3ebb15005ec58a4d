import { statSync, watch } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { notify } from '../base/notify';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { SettingsService } from '../base/settings';
import {
  describeLookups,
  describeSkipSummary,
  errorReason,
  lookupLines,
  formatCount,
  ingestUsage,
  loadIngestState,
  saveIngestState,
  LOG_SOURCES,
  logSourceRoots,
  logWatch,
  sourceDisplayName,
  type IngestResult,
  type IngestState,
  type Ledger,
  type PriceCatalog,
  type SourceLookup,
  type TextCounter,
  type UsageSource,
} from '../core';
import type { SpendService } from './spendService';

/** One line per source and reason, with how many rows and where the first was. */
function describeSkips(result: IngestResult): string[] {
  const lastTwoParts = (file: string) => file.split(/[\\/]/).slice(-2).join('/');
  return Object.entries(result.skipReasons).flatMap(([source, reasons]) =>
    (reasons ?? []).map((reason) => `${sourceDisplayName(source)}: ${describeSkipSummary(reason, lastTwoParts)}`),
  );
}

/**
 * Brings the usage that coding agents record on disk into the ledger: a first
 * scan at start-up (with a cancellable progress notification), then a scan
 * whenever a log changes, and on `Tokenwise: Rescan Usage`.
 */
export class UsageIngestService extends Disposable {
  private watchers: vscode.Disposable[] = [];
  private running: Promise<IngestResult | undefined> | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private rewatch: NodeJS.Timeout | undefined;
  private state: IngestState | undefined;
  /** The state file as this window last read or wrote it; another window's scan changes it. */
  private stateStamp: string | undefined;
  /** The last scan's result and time, for "Where Tokenwise looked". */
  private lastScan: { readonly result: IngestResult; readonly time: Date } | undefined;
  private readonly scanned = this._register(new vscode.EventEmitter<void>());
  /** Fires after each scan, whether or not it found anything. */
  readonly onDidScan = this.scanned.event;
  /** How many scans ran; the integration tests read it. */
  readonly activity = { scans: 0 };

  constructor(
    private readonly ledger: Ledger,
    private readonly spend: SpendService,
    private readonly stateFile: string,
    private readonly settings: SettingsService,
    private readonly log: vscode.LogOutputChannel,
    /** This editor's User folder (the parent of the extension's global storage folder): its Copilot Chat sessions. */
    private readonly editorUserDir: string,
    /** Counts, in its worker, the text of requests whose files record no token counts. */
    private readonly counter: TextCounter,
    /** The prices new events are priced with (the bundled ones, or fetched price data), without a team's own. */
    private readonly prices: () => PriceCatalog,
  ) {
    super();
    this._registerAll(
      settings.watch(['usageSources'], () => {
        this.watch();
        void this.scan(false);
      }),
      toDisposable(() => {
        clearTimeout(this.debounce);
        clearTimeout(this.rewatch);
        for (const watcher of this.watchers) watcher.dispose();
      }),
    );
    this.watch();
  }

  /**
   * Scans every enabled source, one scan at a time. `progress` shows a
   * cancellable notification; `report` says what was read: always when asked
   * for, otherwise only when something new was found.
   */
  async scan(progress: boolean, report: 'always' | 'ifNew' | 'never' = progress ? 'always' : 'never'): Promise<IngestResult | undefined> {
    while (this.running) await this.running;
    this.running = this.run(progress, report).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Where each reader stopped: kept in memory between scans, so a rescan costs the files that changed, not the
   * history; read from disk again only when another window's scan has rewritten the file.
   */
  private currentState(): IngestState {
    const stamp = stateFileStamp(this.stateFile);
    if (this.state === undefined || stamp !== this.stateStamp) {
      this.state = loadIngestState(this.stateFile);
      this.stateStamp = stamp;
    }
    return this.state;
  }

  /** Per agent: read or not, the folders checked, and what the last scan found there. */
  lookups(): SourceLookup[] {
    return describeLookups(
      this.settings.current.usageSources,
      { env: process.env, platform: process.platform, homedir: homedir(), editorUserDir: this.editorUserDir },
      this.lastScan,
    );
  }

  private roots(): { source: UsageSource; roots: string[] }[] {
    return LOG_SOURCES.map((source) => ({ source, roots: this.rootsOf(source) }));
  }

  /** The folders read for a source, as the settings say (none when it is switched off). */
  rootsOf(source: UsageSource): string[] {
    return logSourceRoots(source, this.settings.current.usageSources[source], process.env, process.platform, homedir(), this.editorUserDir);
  }

  private async run(interactive: boolean, report: 'always' | 'ifNew' | 'never'): Promise<IngestResult | undefined> {
    this.activity.scans++;
    const sources = this.roots();
    const work = async (progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken) => {
      try {
        return await ingestUsage(this.ledger, sources, this.currentState(), {
          isCancelled: () => token?.isCancellationRequested ?? false,
          counter: this.counter,
          catalog: this.prices(),
          onSource: (source, index, count) =>
            progress?.report({ message: sourceDisplayName(source), increment: index === 0 ? 0 : 100 / count }),
        });
      } catch (error) {
        void notify.error(`Tokenwise could not read agent usage: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    };
    const result = interactive
      ? await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Tokenwise: reading agent usage', cancellable: true },
          work,
        )
      : await work();
    if (!result) return undefined;
    // Saved whatever the scan met: a bad row is skipped, never a reason to read (and append) everything again.
    try {
      this.state = result.state;
      if (result.stateChanged) saveIngestState(this.stateFile, result.state);
      this.stateStamp = stateFileStamp(this.stateFile);
    } catch (error) {
      void notify.warn(
        `Tokenwise could not save where it stopped reading agent usage (${errorReason(error)}); ` +
          'the next scan reads again, and the ledger drops what it already has.',
      );
    }
    this.spend.setIngestProblems(describeSkips(result));
    this.lastScan = { result, time: new Date() };
    this.log.info(`Scan${result.cancelled ? ' (stopped before the end)' : ''}:`);
    for (const line of lookupLines(this.lookups())) this.log.info(`  ${line}`);
    this.scanned.fire();
    for (const [source, reason] of Object.entries(result.failed)) {
      void notify.error(
        `Tokenwise could not record ${sourceDisplayName(source)} usage in the ledger: ${reason}. It will try again on the next scan.`,
      );
    }
    await this.spend.reload();
    const found = Object.values(result.appended).some((count) => (count ?? 0) > 0);
    if (report === 'always' || (report === 'ifNew' && found)) void notify.info(this.describe(result));
    return result;
  }

  private describe(result: IngestResult): string {
    const parts = Object.entries(result.appended)
      .filter(([, count]) => (count ?? 0) > 0)
      .map(([source, count]) => `${formatCount(count ?? 0)} from ${sourceDisplayName(source)}`);
    const skipped = Object.values(result.skipped).reduce((sum, count) => sum + (count ?? 0), 0);
    const looked = this.lookups().filter((lookup) => lookup.enabled);
    const present = looked.filter((lookup) => lookup.folders.some((folder) => folder.exists)).map((lookup) => lookup.name);
    const where = present.length
      ? ` Looked in the logs of ${present.join(', ')}.`
      : ' No agent logs were found in the folders checked (the Spend view lists them).';
    const read = parts.length ? `Read ${parts.join(', ')}.` : `No new agent usage.${where}`;
    const skips = skipped ? ` ${formatCount(skipped)} rows skipped that could not be used (see the Spend view).` : '';
    return `Tokenwise: ${read}${skips}${result.cancelled ? ' Stopped before the end.' : ''}`;
  }

  /**
   * A watcher per source folder; any change rescans, a moment later. Node's own
   * recursive watcher, since the agents' folders lie outside the workspace,
   * where the editor's file watcher is not dependable. A folder that does not
   * exist yet is picked up by the next rescan's settings change or restart.
   */
  private watch(): void {
    for (const watcher of this.watchers) watcher.dispose();
    const soon = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.scan(false), 1000);
    };
    // A folder that may now hold logs appeared: watch again, and read what it holds.
    const rewatchSoon = () => {
      clearTimeout(this.rewatch);
      this.rewatch = setTimeout(() => {
        this.watch();
        void this.scan(false);
      }, 1000);
    };
    this.watchers = this.roots()
      .flatMap(({ source, roots }) => roots.map((root) => logWatch(source, root)))
      .flatMap(({ folders, isLogFile }) => folders.map((folder) => ({ folder, isLogFile })))
      .flatMap(({ folder, isLogFile }) => {
        try {
          const watcher = watch(folder.path, { recursive: folder.recursive, persistent: false }, (_event, name) => {
            if (folder.structure) {
              if (!name || folder.structure(name.toString())) rewatchSoon();
            } else if (!name || isLogFile(join(folder.path, name.toString()))) soon();
          });
          watcher.on('error', () => watcher.close()); // the folder went away
          return [{ dispose: () => watcher.close() }];
        } catch {
          return []; // no such folder: the agent is not installed here
        }
      });
  }
}

function stateFileStamp(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  } catch {
    return undefined;
  }
}
